// The schemes page (Pages/Schemes/Index): the copy's name follows the periods chosen until the admin edits it.
(() => {
    const name = document.getElementById('CopyName'), source = document.getElementById('Source'), target = document.getElementById('Target');
    if (!name || !source || !target) return;
    let edited = false;
    name.addEventListener('input', () => { edited = true; });
    const suggest = async () => {
        if (edited) return;
        const r = await fetch(name.dataset.suggest + '&source=' + encodeURIComponent(source.value) + '&target=' + encodeURIComponent(target.value.trim()));
        if (r.ok) { const text = await r.text(); if (text && !edited) name.value = text; }
    };
    source.addEventListener('change', suggest);
    target.addEventListener('input', suggest);
})();

// The scheme editor (Pages/Schemes/Editor): rows of lists, and the unsaved-changes marker and warning.
(function () {
    // Rows of a list (grades, tie-breaks): add from the list's template, remove, move up or down; the form posts them in order.
    document.addEventListener('click', function (e) {
        var b = e.target.closest('[data-row-add],[data-row-remove],[data-row-up],[data-row-down]');
        if (!b) return;
        var list = b.closest('[data-rows]');
        if (b.hasAttribute('data-row-add')) {
            var row = list.querySelector('template').content.firstElementChild.cloneNode(true);
            var rows = list.querySelectorAll(':scope > [data-row]');
            var after = rows.length ? rows[rows.length - 1] : list.querySelector('template');
            after.after(row);
            var first = row.querySelector('input,select');
            if (first) first.focus();
            return;
        }
        var r = b.closest('[data-row]');
        if (b.hasAttribute('data-row-remove')) r.remove();
        else if (b.hasAttribute('data-row-up') && r.previousElementSibling && r.previousElementSibling.hasAttribute('data-row')) r.previousElementSibling.before(r);
        else if (b.hasAttribute('data-row-down') && r.nextElementSibling && r.nextElementSibling.hasAttribute('data-row')) r.nextElementSibling.after(r);
    });

    // 未保存的修改: the marker shows, and leaving the page asks first, whenever the document differs from the saved one.
    var saving = false;
    function same(a, b) {
        try { return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b)); } catch (x) { return a === b; }
    }
    function dirty() {
        var text = document.getElementById('Text');
        var saved = document.getElementById('saved-text');
        return !!text && (saved.value === '' || !same(text.value, saved.value));
    }
    function mark() { document.getElementById('unsaved').hidden = !dirty(); }
    document.addEventListener('input', function (e) { if (e.target.id === 'Text') mark(); });
    document.body.addEventListener('htmx:afterSwap', mark);
    document.addEventListener('submit', function (e) { if (e.target.id === 'editor') saving = true; });
    window.addEventListener('beforeunload', function (e) {
        if (saving || !dirty()) return;
        e.preventDefault();
        e.returnValue = '';
    });
    mark();
})();

// The review matrix (Pages/DataEntry/Matrix): a cell opens its datum in the panel, whose data-url is the page's address.
(() => {
    const panel = document.getElementById('cell-panel');
    if (!panel) return;
    const base = panel.dataset.url;
    document.addEventListener('click', e => {
        const td = e.target.closest('table.mx td');
        if (!td) return;
        document.querySelectorAll('table.mx td.sel').forEach(x => x.classList.remove('sel'));
        td.classList.add('sel');
        const unit = td.parentElement.dataset.u;
        const ind = td.closest('table').tHead.rows[0].cells[td.cellIndex].dataset.i;
        htmx.ajax('GET', base + '?handler=Cell&unit=' + encodeURIComponent(unit) + '&indicator=' + encodeURIComponent(ind), { target: '#cell-panel', swap: 'innerHTML' });
    });
    // After a review in the panel, the grid cell shows the new state (the counts come out of band with the panel).
    document.body.addEventListener('htmx:afterSwap', e => {
        const info = document.querySelector('#cell-panel [data-cell]');
        if (!info || e.detail.target.id !== 'cell-panel') return;
        const sel = document.querySelector('table.mx td.sel');
        if (sel) { sel.className = 's' + info.dataset.stateIndex + ' sel'; sel.textContent = info.dataset.letter; }
    });
})();

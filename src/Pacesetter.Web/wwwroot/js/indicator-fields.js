// The scheme designer's indicator form (Pages/Schemes/_IndicatorForm.cshtml): the running total of the category's
// base weights and the core share while a weight or the core box is edited (before the form is applied), and the
// removal of a row of a points table. Numbers are read as the server reads them (FormNumbers.cs): full-width digits
// and point, thousands grouped with a comma or a Chinese comma.
(function () {
    'use strict';

    function number(text) {
        var t = (text || '')
            .replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFF10 + 48); })
            .replace(/[．。]/g, '.').replace(/[－−]/g, '-').replace(/＋/g, '+').replace(/[ｅＥ]/g, 'e')
            .replace(/　/g, ' ').replace(/，/g, ',').trim();
        if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
        return Number(t);
    }

    function shortest(x) {
        return String(Math.round(x * 1e6) / 1e6);
    }

    function update(form) {
        var box = form.querySelector('.running-total');
        var weight = form.querySelector('[name="f_weight"]');
        if (!box || !weight) return;
        var kind = form.querySelector('[name="f_kind"]');
        var isBase = !kind || kind.value === 'base';
        var core = form.querySelector('[name="f_core"]');
        var w = number(weight.value) || 0;
        var total = Number(form.dataset.othersBase || 0) + (isBase ? w : 0);
        var coreTotal = Number(form.dataset.othersCore || 0) + (isBase && core && core.checked ? w : 0);
        var share = total > 0 ? Math.round(coreTotal * 10000 / total) / 100 : null;
        box.querySelector('.rt-total').textContent = shortest(total);
        box.querySelector('.rt-not100').hidden = Math.abs(total - 100) < 1e-9;
        var shareBox = box.querySelector('.rt-share');
        shareBox.textContent = share === null ? '—' : share.toFixed(2) + '%';
        var min = form.dataset.coreMin ? Number(form.dataset.coreMin) : null;
        var low = min !== null && share !== null && share < min;
        shareBox.classList.toggle('text-danger', low);
        var lowBox = box.querySelector('.rt-low');
        if (lowBox) lowBox.hidden = !low;
    }

    function onEdit(e) {
        var t = e.target;
        if (!t || !t.closest) return;
        var form = t.closest('form.indicator-form');
        if (form && (t.name === 'f_weight' || t.name === 'f_core')) update(form);
    }

    document.addEventListener('input', onEdit);
    document.addEventListener('change', onEdit);
    document.addEventListener('click', function (e) {
        var button = e.target && e.target.closest ? e.target.closest('form.indicator-form .row-remove') : null;
        if (button) button.closest('tr').remove();
    });
})();

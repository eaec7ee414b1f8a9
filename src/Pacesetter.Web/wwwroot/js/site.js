// Pacesetter: the little script every page shares.
// File pickers (Pages/Shared/_FilePicker.cshtml): show the chosen file's name, in place of the browser's own text.
document.addEventListener('change', function (e) {
    var input = e.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains('file-picker-input')) return;
    var name = document.getElementById(input.id + '-name');
    if (!name) return;
    var files = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    name.textContent = files.length ? files.join(', ') : input.getAttribute('data-none');
    name.title = files.length ? name.textContent : '';
    name.classList.toggle('text-body-secondary', files.length === 0);
});
// The picker's button opens the browser's file dialog of its input.
document.addEventListener('click', function (e) {
    var button = e.target instanceof Element ? e.target.closest('[data-file-picker-for]') : null;
    if (!button) return;
    var input = document.getElementById(button.getAttribute('data-file-picker-for'));
    if (input) input.click();
});
// A form reset empties its file inputs: show "no file" again.
document.addEventListener('reset', function (e) {
    setTimeout(function () {
        e.target.querySelectorAll('.file-picker-input').forEach(function (input) {
            input.dispatchEvent(new Event('change', { bubbles: true }));
        });
    });
});
// A form or button with data-confirm asks first (bulk approval in the matrix, a whole unit's review: issue #8, defect 9).
document.addEventListener('submit', function (e) {
    var text = (e.submitter && e.submitter.dataset.confirm) || e.target.dataset.confirm;
    if (text && !window.confirm(text)) { e.preventDefault(); e.stopImmediatePropagation(); }
}, true);
// A value shown once (a new API token, a kiosk link) is selected when focused; its copy button copies it.
document.addEventListener('focusin', function (e) {
    if (e.target instanceof HTMLInputElement && e.target.hasAttribute('data-select-on-focus')) e.target.select();
});
document.addEventListener('click', function (e) {
    var button = e.target instanceof Element ? e.target.closest('[data-copy-from]') : null;
    var source = button ? document.getElementById(button.getAttribute('data-copy-from')) : null;
    if (source && navigator.clipboard) navigator.clipboard.writeText(source.value);
});

// 投票 the ballot page (Pages/Surveys/Ballot.cshtml): counts the first option as one chooses against the top quota,
// keeps the button off while the ballot would be invalid (over the quota, or a unit unrated where abstaining is not
// allowed), and casts the ballot as JSON ({"ratings": {unit: option}}) to the page's own address. Without this
// script the form posts its fields and the server answers alike.
(function () {
    'use strict';
    var form = document.getElementById('ballot-form');
    if (!form) return;
    var status = document.getElementById('ballot-status');
    var button = document.getElementById('ballot-submit');
    var errors = document.getElementById('ballot-errors');
    var top = form.dataset.top;
    var limit = form.dataset.limit === '' ? null : parseInt(form.dataset.limit, 10);
    var abstain = form.dataset.abstain === 'true';
    var units = Array.prototype.slice.call(form.querySelectorAll('fieldset[data-unit]'));

    function ratings() {
        var result = {};
        units.forEach(function (f) {
            var checked = f.querySelector('input:checked');
            if (checked && checked.value !== '') result[f.dataset.unit] = checked.value;
        });
        return result;
    }

    function update() {
        var r = ratings();
        var tops = 0, rated = 0, answered = 0;
        units.forEach(function (f) {
            var checked = f.querySelector('input:checked');
            if (checked) answered++;
            if (checked && checked.value !== '') rated++;
            if (checked && checked.value === top) tops++;
        });
        var messages = [];
        var over = limit !== null && tops > limit;
        if (limit !== null) messages.push((over ? status.dataset.over : status.dataset.count).replace('{n}', tops));
        var left = units.length - answered;
        if (!abstain && left > 0) messages.push(status.dataset.left.replace('{n}', left));
        status.textContent = messages.join(' · ');
        status.classList.toggle('over', over);
        button.disabled = over || rated === 0 || (!abstain && left > 0);
        return r;
    }

    form.addEventListener('change', update);
    form.addEventListener('submit', function (e) {
        e.preventDefault();
        var r = update();
        if (button.disabled) return;
        button.disabled = true;
        var label = button.textContent;
        button.textContent = status.dataset.submitting;
        fetch(window.location.pathname, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
            body: JSON.stringify({ ratings: r }),
            credentials: 'omit'
        }).then(function (response) {
            if (response.status === 201) {
                form.remove();
                document.getElementById('ballot-done').classList.remove('d-none');
                window.scrollTo(0, 0);
                return;
            }
            return response.json().then(function (problem) {
                var list = problem.problems ? problem.problems.map(function (p) { return p.message; }) : [problem.detail || problem.title];
                errors.textContent = (response.status === 429 ? status.dataset.busy : status.dataset.refused + ' ' + list.join('；'));
                errors.classList.remove('d-none');
                button.textContent = label;
                if (response.status === 400 || response.status === 429) button.disabled = false;
                window.scrollTo(0, 0);
            });
        }).catch(function () {
            errors.textContent = status.dataset.retry;
            errors.classList.remove('d-none');
            button.textContent = label;
            button.disabled = false;
        });
    });
    update();
})();

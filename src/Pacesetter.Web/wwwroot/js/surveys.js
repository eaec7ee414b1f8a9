// The 民主测评 pages (Pages/Surveys): the bar chart of the units' scores on a survey's page (its data the page's JSON
// block #survey-scores; the same figures are in the table beside it), the rater's unit of the links form asked only
// for a group that excludes self-rating, and the sheet's print button.
(() => {
    const data = document.getElementById('survey-scores');
    const el = document.getElementById('score-chart');
    if (data && el && window.echarts) {
        const d = JSON.parse(data.textContent);
        const chart = echarts.init(el);
        chart.setOption({
            animation: false,
            color: ['#c0392b'],
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
            grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
            xAxis: { type: 'value', min: 0, max: 100 },
            // Units top to bottom in the survey's order; a unit without a score has no bar ('-').
            yAxis: { type: 'category', data: d.units, inverse: true, axisLabel: { width: 120, overflow: 'truncate' } },
            series: [{
                name: d.label, type: 'bar', barMaxWidth: 22,
                data: d.scores.map(v => v === null ? '-' : v),
                label: { show: true, position: 'right' },
            }],
        });
        window.addEventListener('resize', () => chart.resize());
    }

    const group = document.getElementById('link-group');
    const rater = document.getElementById('link-rater-field');
    if (group && rater) {
        const show = () => {
            const option = group.options[group.selectedIndex];
            rater.hidden = !option || option.dataset.excludeSelf !== 'true';
        };
        group.addEventListener('change', show);
        show();
    }

    const print = document.getElementById('print');
    if (print) print.addEventListener('click', () => window.print());
})();

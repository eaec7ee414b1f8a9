// The 对标 page's charts (Pages/Benchmarks/Index.cshtml): a radar of the organization against each benchmark (every
// indicator as a share of the year's best value) and a trend of one indicator across the years, chosen in the select
// #trend-indicator. Their data are the page's JSON blocks #benchmark-radar and #benchmark-trend; the same figures are
// in the tables beside the charts (screen readers, print).
(() => {
    const read = id => {
        const el = document.getElementById(id);
        return el ? JSON.parse(el.textContent) : null;
    };
    const charts = [];
    const narrow = () => window.innerWidth < 576;
    // The organization first in red, then the benchmarks in calm colours.
    const colours = ['#c0392b', '#2c3e50', '#2980b9', '#8e44ad', '#16a085', '#d35400', '#7f8c8d'];

    const radar = read('benchmark-radar');
    const radarEl = document.getElementById('radar-chart');
    if (radar && radarEl && window.echarts && radar.indicators.length > 0) {
        const chart = echarts.init(radarEl);
        if (radar.indicators.length >= 3) {
            chart.setOption({
                animation: false,
                color: colours,
                tooltip: {},
                legend: { data: radar.parties, bottom: 0 },
                radar: {
                    indicator: radar.indicators.map(name => ({ name, max: 100 })),
                    radius: narrow() ? '55%' : '65%',
                    axisName: { color: '#333', width: narrow() ? 70 : 110, overflow: 'break' },
                },
                series: [{
                    type: 'radar',
                    // A party without a value on an axis: '-' leaves the point out.
                    data: radar.parties.map((name, p) => ({
                        name,
                        value: radar.values[p].map(v => v === null ? '-' : v),
                        areaStyle: p === 0 ? { opacity: 0.15 } : undefined,
                        lineStyle: p === 0 ? undefined : { type: 'dashed' },
                    })),
                }],
            });
        } else {
            // A radar needs three axes: with one or two indicators, the same shares as bars.
            chart.setOption({
                animation: false,
                color: colours,
                tooltip: { trigger: 'axis' },
                legend: { data: radar.parties, bottom: 0 },
                grid: { left: 8, right: 48, top: 10, bottom: 36, containLabel: true },
                xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                yAxis: { type: 'category', data: radar.indicators, inverse: true },
                series: radar.parties.map((name, p) => ({
                    name, type: 'bar', data: radar.values[p].map(v => v === null ? '-' : v),
                    label: { show: true, position: 'right', formatter: '{c}%' },
                })),
            });
        }
        charts.push(chart);
    }

    const trend = read('benchmark-trend');
    const trendEl = document.getElementById('trend-chart');
    const select = document.getElementById('trend-indicator');
    if (trend && trendEl && select && window.echarts && trend.indicators.length > 0) {
        const chart = echarts.init(trendEl);
        const show = id => {
            const t = trend.indicators.find(i => i.id === id) || trend.indicators[0];
            chart.setOption({
                animation: false,
                color: colours,
                tooltip: { trigger: 'axis' },
                legend: { data: trend.parties, top: 0 },
                grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
                xAxis: { type: 'category', data: t.years.map(String), boundaryGap: false },
                yAxis: { type: 'value', scale: true, name: t.unit || '' },
                series: trend.parties.map((name, p) => ({
                    name, type: 'line', symbolSize: 8, connectNulls: true,
                    data: t.values[p].map(v => v === null ? '-' : v),
                    label: { show: !narrow() && t.years.length <= 8, position: 'top' },
                    lineStyle: p === 0 ? { width: 3 } : { type: 'dashed' },
                })),
            }, true);
            // The values' table of the indicator shown opens; the others close.
            document.querySelectorAll('details.trend-values').forEach(d => { d.open = d.dataset.indicator === t.id; });
        };
        select.addEventListener('change', () => show(select.value));
        show(select.value);
        charts.push(chart);
    }

    window.addEventListener('resize', () => charts.forEach(c => c.resize()));
})();

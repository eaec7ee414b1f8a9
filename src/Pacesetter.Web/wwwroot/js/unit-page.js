// The unit page's charts (Pages/Races/Unit.cshtml): the trend of composite and rank, and the radar against the
// category's best unit. Their data are the page's JSON blocks #unit-trend and #unit-radar, written from the published
// results; the same figures are in the tables beside the charts (screen readers, print).
(() => {
    const read = id => {
        const el = document.getElementById(id);
        return el ? JSON.parse(el.textContent) : null;
    };
    const charts = [];
    const narrow = () => window.innerWidth < 576;

    const trend = read('unit-trend');
    const trendEl = document.getElementById('trend-chart');
    if (trend && trendEl && window.echarts) {
        const chart = echarts.init(trendEl);
        // Rank 1 at the top; the axis reaches the largest category size of the periods shown.
        const maxRank = Math.max(...trend.units, ...trend.rank, 1);
        // Two panes on one time axis: the composite above, the rank below (rank 1 at the top).
        chart.setOption({
            animation: false,
            tooltip: { trigger: 'axis' },
            axisPointer: { link: [{ xAxisIndex: 'all' }] },
            legend: { data: [trendEl.dataset.composite, trendEl.dataset.rank], top: 0 },
            grid: [
                { left: 8, right: 24, top: 40, height: '42%', containLabel: true },
                { left: 8, right: 24, bottom: 8, height: '26%', containLabel: true },
            ],
            xAxis: [
                { type: 'category', data: trend.labels, gridIndex: 0, boundaryGap: true, axisLabel: { show: false } },
                { type: 'category', data: trend.labels, gridIndex: 1, boundaryGap: true },
            ],
            yAxis: [
                { type: 'value', gridIndex: 0, scale: true, splitNumber: 3 },
                { type: 'value', gridIndex: 1, inverse: true, min: 1, max: maxRank, minInterval: 1, splitNumber: Math.min(maxRank - 1, 4) || 1 },
            ],
            series: [
                { name: trendEl.dataset.composite, type: 'line', data: trend.composite, xAxisIndex: 0, yAxisIndex: 0, symbolSize: 8,
                  itemStyle: { color: '#c0392b' }, label: { show: !narrow() || trend.composite.length <= 6, position: 'top' } },
                { name: trendEl.dataset.rank, type: 'line', data: trend.rank, xAxisIndex: 1, yAxisIndex: 1, symbolSize: 8, step: false,
                  itemStyle: { color: '#2c3e50' }, label: { show: !narrow() || trend.rank.length <= 6, position: 'bottom' } },
            ],
        });
        charts.push(chart);
    }

    const radar = read('unit-radar');
    const radarEl = document.getElementById('radar-chart');
    if (radar && radarEl && window.echarts) {
        const chart = echarts.init(radarEl);
        const unitStyle = { color: '#c0392b' }, bestStyle = { color: '#2c3e50' };
        if (radar.indicators.length >= 3) {
            chart.setOption({
                animation: false,
                tooltip: {},
                legend: { data: [radar.unit, radar.best], bottom: 0 },
                radar: {
                    indicator: radar.indicators.map(name => ({ name, max: radar.max })),
                    radius: narrow() ? '55%' : '65%',
                    axisName: { color: '#333', width: narrow() ? 70 : 110, overflow: 'break' },
                },
                series: [{
                    type: 'radar',
                    data: [
                        { name: radar.unit, value: radar.unitValues, itemStyle: unitStyle, areaStyle: { opacity: 0.15 } },
                        { name: radar.best, value: radar.bestValues, itemStyle: bestStyle, lineStyle: { type: 'dashed' } },
                    ],
                }],
            });
        } else {
            // A radar needs three axes: with one or two base indicators, the same shares as bars.
            chart.setOption({
                animation: false,
                tooltip: { trigger: 'axis' },
                legend: { data: [radar.unit, radar.best], bottom: 0 },
                grid: { left: 8, right: 40, top: 10, bottom: 36, containLabel: true },
                xAxis: { type: 'value', max: radar.max, axisLabel: { formatter: '{value}%' } },
                yAxis: { type: 'category', data: radar.indicators, inverse: true },
                series: [
                    { name: radar.unit, type: 'bar', data: radar.unitValues, itemStyle: unitStyle, label: { show: true, position: 'right', formatter: '{c}%' } },
                    { name: radar.best, type: 'bar', data: radar.bestValues, itemStyle: bestStyle, label: { show: true, position: 'right', formatter: '{c}%' } },
                ],
            });
        }
        charts.push(chart);
    }

    window.addEventListener('resize', () => charts.forEach(c => c.resize()));
})();

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
        chart.setOption({
            animation: false,
            tooltip: { trigger: 'axis' },
            legend: { data: [trendEl.dataset.composite, trendEl.dataset.rank], top: 0 },
            grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
            xAxis: { type: 'category', data: trend.labels, boundaryGap: trend.periods.length < 2 },
            yAxis: [
                { type: 'value', name: trendEl.dataset.composite, scale: true },
                { type: 'value', name: trendEl.dataset.rank, inverse: true, min: 1, max: maxRank, minInterval: 1, splitLine: { show: false } },
            ],
            series: [
                { name: trendEl.dataset.composite, type: 'line', data: trend.composite, yAxisIndex: 0, symbolSize: 8,
                  itemStyle: { color: '#c0392b' }, label: { show: !narrow(), position: 'top' } },
                { name: trendEl.dataset.rank, type: 'line', data: trend.rank, yAxisIndex: 1, symbolSize: 8, lineStyle: { type: 'dashed' },
                  itemStyle: { color: '#2c3e50' } },
            ],
        });
        charts.push(chart);
    }

    const radar = read('unit-radar');
    const radarEl = document.getElementById('radar-chart');
    if (radar && radarEl && window.echarts) {
        const chart = echarts.init(radarEl);
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
                    { name: radar.unit, value: radar.unitValues, itemStyle: { color: '#c0392b' }, areaStyle: { opacity: 0.15 } },
                    { name: radar.best, value: radar.bestValues, itemStyle: { color: '#2c3e50' }, lineStyle: { type: 'dashed' } },
                ],
            }],
        });
        charts.push(chart);
    }

    window.addEventListener('resize', () => charts.forEach(c => c.resize()));
})();

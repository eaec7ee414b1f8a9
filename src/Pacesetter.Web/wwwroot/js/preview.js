// The results preview (Pages/Results/Preview): one bar chart of composite scores per category, its names and values
// in the element's data-names and data-values (JSON).
document.querySelectorAll('.preview-chart').forEach(el => {
    const names = JSON.parse(el.dataset.names), values = JSON.parse(el.dataset.values);
    const chart = echarts.init(el);
    chart.setOption({
        grid: { left: 8, right: 40, top: 10, bottom: 10, containLabel: true },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', data: names, inverse: true },
        series: [{ type: 'bar', data: values, itemStyle: { color: '#c0392b' }, label: { show: true, position: 'right' } }],
        tooltip: {}
    });
    window.addEventListener('resize', () => chart.resize());
});

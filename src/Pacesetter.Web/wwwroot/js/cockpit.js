// 驾驶舱 the leaders' screen: the charts read the figures the page wrote as JSON (#cockpit-data), nothing else.
(function () {
    const block = document.getElementById('cockpit-data');
    if (!block || typeof echarts === 'undefined') return;
    const data = JSON.parse(block.textContent);
    const figures = data.figures;
    const red = '#c0392b';
    const two = v => Number(v).toFixed(2);
    const charts = [];

    // Grade distribution of the latest month, one small bar chart per category.
    document.querySelectorAll('.cockpit-grades').forEach(el => {
        const c = figures.categories.find(x => x.id === el.dataset.category);
        if (!c) return;
        const chart = echarts.init(el);
        chart.setOption({
            grid: { left: 4, right: 8, top: 18, bottom: 4, containLabel: true },
            xAxis: { type: 'category', data: c.grades.map(g => g.grade), axisLabel: { interval: 0 } },
            yAxis: { type: 'value', minInterval: 1, splitNumber: 2 },
            series: [{ type: 'bar', data: c.grades.map(g => g.count), itemStyle: { color: red }, label: { show: true, position: 'top' }, barMaxWidth: 36 }],
            tooltip: {}
        });
        charts.push(chart);
    });

    // The race: cumulative composites month by month on a timeline, bars re-sorted as they overtake each other.
    const raceEl = document.getElementById('race-chart');
    const select = document.getElementById('race-category');
    const race = echarts.init(raceEl);
    charts.push(race);
    function raceOption(category) {
        const frames = category.race;
        const last = frames[frames.length - 1];
        // Every unit the category has had this year, named; the bars of a frame follow this order (0 before a unit's first month).
        const names = last.values.map(v => v.name);
        const units = last.values.map(v => v.unit);
        raceEl.style.height = Math.max(320, 34 * names.length + 140) + 'px';
        return {
            baseOption: {
                timeline: {
                    axisType: 'category', autoPlay: true, loop: false, playInterval: 1200, bottom: 8, left: 40, right: 40,
                    data: data.months.map(m => m.label), currentIndex: 0
                },
                grid: { left: 8, right: 70, top: 10, bottom: 80, containLabel: true },
                xAxis: { type: 'value', max: 'dataMax', axisLabel: { formatter: v => String(v) } },
                yAxis: { type: 'category', data: names, inverse: true, animationDuration: 300, animationDurationUpdate: 300, axisLabel: { fontSize: 13 } },
                series: [{
                    type: 'bar', name: data.texts.cumulative, realtimeSort: true, itemStyle: { color: red },
                    label: { show: true, position: 'right', valueAnimation: true, formatter: p => two(p.value) }
                }],
                tooltip: { trigger: 'axis', valueFormatter: v => two(v) },
                animationDuration: 0, animationDurationUpdate: 900, animationEasing: 'linear', animationEasingUpdate: 'linear'
            },
            options: frames.map((frame, i) => {
                const byUnit = new Map(frame.values.map(v => [v.unit, v.value]));
                return {
                    title: { text: data.months[i].label, right: 80, bottom: 90, textStyle: { fontSize: 40, color: 'rgba(0,0,0,.18)' } },
                    series: [{ data: units.map(u => byUnit.has(u) ? byUnit.get(u) : 0) }]
                };
            })
        };
    }
    function showRace(id) {
        const category = figures.categories.find(c => c.id === id) || figures.categories[0];
        race.clear();
        race.setOption(raceOption(category), true);
        race.resize();
        raceEl.dataset.category = category.id;
    }
    select.addEventListener('change', () => showRace(select.value));
    showRace(select.value);

    // Where points are lost: the top indicators, most first.
    const lossEl = document.getElementById('loss-chart');
    if (lossEl && figures.losses.length) {
        const loss = echarts.init(lossEl);
        loss.setOption({
            grid: { left: 8, right: 60, top: 8, bottom: 8, containLabel: true },
            xAxis: { type: 'value' },
            yAxis: { type: 'category', inverse: true, data: data.lossNames, axisLabel: { fontSize: 12 } },
            series: [{ type: 'bar', name: data.texts.lost, data: figures.losses.map(l => l.lost), itemStyle: { color: '#7f8c8d' }, label: { show: true, position: 'right', formatter: p => two(p.value) } }],
            tooltip: { trigger: 'axis', valueFormatter: v => two(v) }
        });
        charts.push(loss);
    }

    window.addEventListener('resize', () => charts.forEach(c => c.resize()));
})();

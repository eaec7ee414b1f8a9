// A new scheme (Pages/Schemes/New): the name follows the period in words until the admin writes a name of their own.
(function () {
    var period = document.getElementById('Period'), name = document.getElementById('Name');
    if (!period || !name) return;
    var numerals = ['一', '二', '三', '四'];
    function suggest(p) {
        var m = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12]))?$/.exec(p.trim());
        if (!m) return '';
        if (m[2]) return m[1] + '年' + parseInt(m[2], 10) + '月综合考核';
        if (m[3]) return m[1] + '年第' + numerals[m[3] - 1] + '季度综合考核';
        if (m[4]) return m[1] + '年' + (m[4] === '1' ? '上' : '下') + '半年综合考核';
        return m[1] + '年度综合考核';
    }
    var last = suggest(period.value);
    period.addEventListener('input', function () {
        var next = suggest(period.value);
        if (name.value === '' || name.value === last) name.value = next;
        last = next;
    });
})();

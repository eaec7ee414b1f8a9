// 张榜公示 the public posting's print button (Pages/Public/Posting): the only script of the public pages.
document.addEventListener('click', function (e) {
    if (e.target instanceof Element && e.target.closest('[data-print]')) window.print();
});

// 大屏 the kiosk: shows one board after another every data-seconds seconds; the clock keeps Beijing time (UTC+8);
// after the last board the page is fetched again, so that a new publication appears and a revoked link stops.
(function () {
    const body = document.body;
    const seconds = Math.max(1, parseInt(body.dataset.seconds, 10) || 15);
    const boards = Array.from(document.querySelectorAll('.kiosk-board'));
    let current = 0;

    const clock = document.getElementById('kiosk-clock');
    function tick() {
        if (!clock) return;
        // Beijing time has no summer time: UTC + 8 hours, written as ChinaTime writes it on the server.
        const d = new Date(Date.now() + 8 * 3600 * 1000);
        const p = n => String(n).padStart(2, '0');
        clock.textContent = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${clock.dataset.label}`;
    }
    tick();
    setInterval(tick, 10000);

    function show(i) {
        boards.forEach((b, k) => { b.hidden = k !== i; });
        body.dataset.current = String(i);
    }
    async function refresh() {
        try {
            const response = await fetch(location.href, { cache: 'no-store' });
            // A revoked link (404) or another revision shown: load the page again. A network failure keeps the boards turning.
            const version = response.ok ? ((await response.text()).match(/data-version="([^"]*)"/) || [])[1] : null;
            if (response.status === 404 || (version !== null && version !== undefined && version !== body.dataset.version)) location.reload();
        } catch (e) {
            /* offline: try again after the next round */
        }
    }
    if (boards.length > 0) {
        show(0);
        setInterval(() => {
            current = (current + 1) % boards.length;
            show(current);
            if (current === 0) refresh();
        }, seconds * 1000);
    } else {
        setInterval(refresh, 60000);
    }
})();

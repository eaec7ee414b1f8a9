// Takes the README's screenshots (1366×900, Chinese) of a running demo: home, scheme editor, completeness matrix,
// data entry (reporter.t1) and results preview. Needs Node and the package playwright-core, and Chromium:
//   mkdir -p /tmp/pwdocs && (cd /tmp/pwdocs && npm i playwright-core)
//   rm -rf /tmp/docsdata; PACESETTER_DATA=/tmp/docsdata PACESETTER_URLS=http://127.0.0.1:5091 ./run.sh &
//   NODE_PATH=/tmp/pwdocs/node_modules node docs/screenshots/take.js http://127.0.0.1:5091 docs/screenshots
// then stop the application. CHROMIUM names another browser than /usr/bin/chromium.
const { chromium } = require('playwright-core');
const [base = 'http://127.0.0.1:5091', out = 'docs/screenshots'] = process.argv.slice(2);

async function signIn(browser, user) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(base + '/Account/Login');
  await page.fill('#Org', 'demo');
  await page.fill('#UserName', user);
  await page.fill('#Password', 'Demo#2026pass');
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  return page;
}

async function shot(page, path, name) {
  await page.goto(base + path, { waitUntil: 'networkidle' });
  await page.waitForTimeout(500); // the preview's charts draw after load
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(`${out}/${name}.png`, await page.title());
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const admin = await signIn(browser, 'admin');
  await shot(admin, '/', 'home');
  await shot(admin, '/orgs/demo/periods/2026-11/scheme', 'editor');
  await shot(admin, '/orgs/demo/periods/2026-11/matrix', 'matrix');
  await shot(admin, '/orgs/demo/periods/2026-10/preview', 'preview');
  const reporter = await signIn(browser, 'reporter.t1');
  await shot(reporter, '/orgs/demo/periods/2026-11/entry', 'entry');
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });

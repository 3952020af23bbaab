import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import t from 'tap';
import { fake } from '../helpers/fake.js';
import { listen } from '../helpers/socket.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(120_000);

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

t.test("the docs page works in a real browser: authorize, try it, see the fake's answer", async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.fail(`Chromium is not at ${CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH.`);
    return;
  }
  const app = fake();
  t.teardown(() => app.close());
  const seen: string[] = [];
  app.addHook(
    'onResponse',
    async (request, reply) =>
      void seen.push(`${request.method} ${request.url} ${reply.statusCode} ${request.headers.authorization ?? '-'}`),
  );
  const port = await listen(app);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/docs`);
  await page.locator('.opblock-summary').first().waitFor({ timeout: 30_000 });
  t.match(await page.locator('.info .title').innerText(), /FastMoss Top Potential E-commerce Creators/);

  await page.locator('.btn.authorize').first().click();
  await page.locator('.modal-ux input').first().fill('browser-token');
  await page.locator('.modal-ux .btn.authorize').first().click();
  await page.locator('.modal-ux .btn-done').first().click();

  await page.locator('.opblock-summary').first().click();
  // tryItOutEnabled: the page opens in try-it mode, the request body prefilled from the spec's first example
  await page.locator('.btn.execute').first().click();
  const status = page.locator('.live-responses-table tr.response .response-col_status').first();
  await status.waitFor({ timeout: 30_000 });
  t.equal((await status.innerText()).trim(), '200');
  const body = await page.locator('.live-responses-table .response-col_description .microlight').first().innerText();
  const answer = JSON.parse(body) as { code: number; data: { date_type: string; list: unknown[] } };
  t.equal(answer.code, 0);
  t.equal(answer.data.date_type, 'month', 'the vendor example asks for a month');
  t.ok(
    seen.includes('POST /creator/v1/rank/topPotential 200 Bearer browser-token'),
    `the fake answered the page's call: ${seen.join('; ')}`,
  );
});

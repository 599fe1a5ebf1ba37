// The embed code from Share & export on hosts as they come (issue 26): the lab served by a
// static host that sends no CORS header, the course page elsewhere (another origin). Two
// snippets on one page fit each its own content; a page whose editor stripped the script keeps
// the fixed height and still works; a frame whose code cannot load says so and never
// collapses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, shot } from './helpers.mjs';
import { serve } from './serve-dist.mjs';

let server, browser, base;
before(async () => {
  server = await serve(new URL('../../dist/', import.meta.url).pathname, 0, '/tls-lab/', { cors: false });
  base = `http://127.0.0.1:${server.address().port}/tls-lab/`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

/** The snippet the lab's share dialog gives for `query`. */
async function snippetFor(query) {
  const page = await browser.newPage();
  await page.goto(base + query);
  await page.getByRole('button', { name: 'Share & export' }).click();
  const snippet = await page.locator('#share-embed').inputValue();
  await page.close();
  return snippet;
}

/** A course page (about:blank: another origin than the lab) holding `html`. */
async function coursePage(html) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent(`<!doctype html><body style="margin:0"><h1>Week 3: TLS</h1>${html}<p>After the lab.</p></body>`);
  return { page, errors };
}

const frameHeights = (page) => page.$$eval('iframe', (fs) => fs.map((f) => Math.round(f.getBoundingClientRect().height)));
const contentHeight = (frame) => frame.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height));

/** Waits until frame `i` is as tall as its content now (both may still change while the page
 * renders its later panels); fails after 10 s with both heights. */
async function fitted(page, frame, i) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const [content, sized] = [await contentHeight(frame), (await frameHeights(page))[i]];
    if (Math.abs(content - sized) < 2) return sized;
    if (Date.now() > deadline) assert.fail(`frame ${i}: ${sized} px for content of ${content} px`);
    await page.waitForTimeout(100);
  }
}

test('two snippets on one page, served without CORS: each frame loads and fits its own content', async () => {
  const a = await snippetFor('?suite=ecdhe&step=3');
  const b = await snippetFor('?suite=tls13&step=1&panels=sequence');
  assert.doesNotMatch(a, / id=/, 'no id to collide');
  const { page, errors } = await coursePage(a + b);
  const frames = [page.frameLocator('iframe').nth(0), page.frameLocator('iframe').nth(1)];
  for (const f of frames) await f.locator('.arrow').first().waitFor({ timeout: 15000 });
  // Each frame takes the height its own page reports.
  const h1 = await fitted(page, frames[0], 0);
  const h2 = await fitted(page, frames[1], 1);
  assert.notEqual(h1, h2, 'two different contents, two different heights');
  // Stepping the second changes only the second.
  await frames[1].getByRole('button', { name: 'Last', exact: true }).click();
  await fitted(page, frames[1], 1);
  assert.equal((await frameHeights(page))[0], h1);
  assert.deepEqual(errors, []);
  await shot(page, 'embed-two-snippets');
  await page.close();
});

test('without the host script (stripped by an editor), the frame keeps 760 px and the lab works inside', async () => {
  const snippet = (await snippetFor('?suite=rsa')).replace(/<script>[\s\S]*<\/script>\n?/, '');
  assert.doesNotMatch(snippet, /<script/);
  const { page } = await coursePage(snippet);
  const frame = page.frameLocator('iframe');
  await frame.locator('.arrow').first().waitFor({ timeout: 15000 });
  await frame.getByRole('button', { name: 'Next', exact: true }).click();
  assert.match(await frame.locator('.step-label').textContent(), /^step 2 of/);
  assert.deepEqual(await frameHeights(page), [760]);
  await page.close();
});

test('a frame whose code cannot load shows a message and keeps its height', async () => {
  // The snippet of old: an opaque origin, whose module and wasm loads this host refuses.
  const { page } = await coursePage(`<iframe src="${base}?embed=1" title="TLS Lab" sandbox="allow-scripts" width="100%" height="760" style="border:0"></iframe>
    <script>addEventListener('message', (e) => { const f = document.querySelector('iframe');
      if (e.source === f.contentWindow && e.data && e.data.type === 'tls-lab:resize') f.style.height = e.data.height + 'px'; });</script>`);
  const frame = page.frameLocator('iframe');
  const notice = frame.locator('.boot-failed');
  await notice.waitFor({ timeout: 25000 });
  assert.match(await notice.textContent(), /could not load its code/);
  assert.ok(await notice.isVisible());
  const [h] = await frameHeights(page);
  const bottom = await notice.evaluate((e) => Math.ceil(e.getBoundingClientRect().bottom));
  assert.ok(h >= bottom && bottom > 40, `the frame (${h} px) shows the whole message (${bottom} px)`);
  await shot(page, 'embed-failed');
  await page.close();
});

// Shared set-up for the browser tests: the release build (dist/) served on 127.0.0.1 and the
// system Chromium driven by playwright-core. Every page records console errors and any
// request that would leave 127.0.0.1, so each test can assert there were none.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from './serve-dist.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
export const ARTIFACTS = new URL('../../artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

// Flags measured in ../shared/TOOLCHAIN.md: no sandbox (root in a container), no GPU, and
// nothing of Chromium's own that phones home.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** dist/ served on 127.0.0.1 (under `prefix`, a folder, if given) and a Chromium to drive. */
export async function start(prefix = '/') {
  const server = await serve(new URL('../../dist/', import.meta.url).pathname, 0, prefix);
  const base = `http://127.0.0.1:${server.address().port}${prefix}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** A fresh page that collects console errors, page errors and off-origin requests. */
export async function open(env, query = '', viewport = { width: 1600, height: 1000 }, options = {}) {
  const context = await env.browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const problems = { consoleErrors: [], outside: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => problems.consoleErrors.push(`pageerror: ${e.message}`));
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (!['127.0.0.1', ''].includes(url.hostname) && !['data:', 'about:', 'blob:'].includes(url.protocol)) {
      problems.outside.push(r.url());
    }
  });
  if (query !== null) {
    await page.goto(env.base + query);
    await page.waitForSelector('.arrow');
  }
  return { page, context, problems };
}

export const stepLabel = (page) => page.locator('.step-label').textContent();

/**
 * The step label once it reads `want`, or what it reads after `ms`: a key press is dispatched
 * before Yew renders its step, and a loaded machine can take longer than one round trip.
 */
export async function stepLabelWhen(page, want, ms = 3000) {
  await page.waitForFunction((w) => document.querySelector('.step-label')?.textContent === w, want, { timeout: ms })
    .catch(() => {});
  return stepLabel(page);
}

export async function shot(page, name) {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/**
 * A test file's browser session: the page served (under `prefix`) and a Chromium for the whole
 * file, and a fresh page per `page()`. Each page is closed and checked when the next one opens
 * and after each test (or at `closePage()`): no console errors, no request leaving 127.0.0.1.
 */
export function session(prefix = '/') {
  const s = {
    env: undefined,
    current: undefined,
    async page(query = '', viewport, options) {
      await s.closePage();
      s.current = await open(s.env, query, viewport, options);
      return s.current.page;
    },
    async closePage() {
      if (!s.current) return;
      const { problems, context } = s.current;
      s.current = undefined;
      await context.close();
      assert.deepEqual(problems.consoleErrors, [], 'no console errors');
      assert.deepEqual(problems.outside, [], 'no request leaves 127.0.0.1');
    },
  };
  before(async () => { s.env = await start(prefix); });
  after(async () => { await s.env?.close(); });
  afterEach(() => s.closePage());
  return s;
}

/** Runs the CLI (`TLS_LAB_CLI`, else through cargo) with `args`; returns its stdout. */
export function cli(args, options = {}) {
  const bin = process.env.TLS_LAB_CLI;
  return bin
    ? execFileSync(bin, args, { cwd: ROOT, ...options })
    : execFileSync('cargo', ['run', '-q', '-p', 'cli', '--bin', 'tls-lab', '--', ...args], { cwd: ROOT, ...options });
}

/** The transcript the engine gives the CLI for the same run (page and engine must agree). */
export const cliTranscript = (args) => JSON.parse(cli(['transcript', '--json', ...args]));

export const hex = (bytes) => bytes.map((b) => b.toString(16).padStart(2, '0')).join('');

/** Moves the pointer to the middle of byte `i`'s two hex digits in the hex view of `pane`, where
 * the browser drew them: found with a DOM Range over the row's text (the byte starts at
 * character 3k of its row, wherever the highlight splits the text), not with the page's own
 * width/16 arithmetic, so a test can catch the two disagreeing. */
export async function hoverByte(pane, i) {
  const text = pane.locator(`.hex-row[data-offset="${i - (i % 16)}"] .hex-bytes`);
  await text.scrollIntoViewIfNeeded();
  const { x, y } = await text.evaluate((el, k) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let at = 3 * k;
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (at < t.length) {
        const range = document.createRange();
        range.setStart(t, at);
        range.setEnd(t, at + 2);
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      at -= t.length;
    }
    throw new Error(`no byte ${k} in the row`);
  }, i % 16);
  await pane.page().mouse.move(x, y);
}

/**
 * A host page, as a course site makes one: a fresh page of session `s` holding the lab at
 * `query` (relative to the served page) in an iframe `#lab`, titled "TLS Lab", `width` px wide
 * and `height` px tall, and what it waits for in the frame. Returns `{ p, frame }`.
 *   sandbox  the frame's sandbox attribute ('allow-scripts'; null: none)
 *   resize   the host follows the frame's `tls-lab:resize` messages (default true), recording
 *            each height in `window.reports`, which `settledHeight` reads (empty without it)
 *   xapi     the host keeps every xAPI statement the frame posts in `window.statements`
 *   viewport the host page's (default `width` + 40 × 900)
 *   ready    the selector waited for in the frame, for `timeout` ms (Playwright's default if
 *            not given)
 */
export async function host(s, query, {
  width = 1280, height = 300, sandbox = 'allow-scripts', resize = true, xapi = false,
  viewport = { width: width + 40, height: 900 }, ready = '.arrow, .controls', timeout,
} = {}) {
  const p = await s.page(null, viewport);
  await p.setContent(`<!doctype html><body style="margin:0">
    <iframe id="lab" ${sandbox === null ? '' : `sandbox="${sandbox}"`} title="TLS Lab" src="${s.env.base}${query}"
            style="border:0;width:${width}px;height:${height}px"></iframe>
    <script>
      window.reports = [];
      ${resize ? `addEventListener('message', (e) => {
        const f = document.getElementById('lab');
        if (e.source === f.contentWindow && e.data && e.data.type === 'tls-lab:resize') {
          window.reports.push(e.data.height);
          f.style.height = e.data.height + 'px';
        }
      });` : ''}
      ${xapi ? `window.statements = [];
      addEventListener('message', (e) => {
        if (e.data && e.data.type === 'tls-lab:xapi') window.statements.push(e.data.statement);
      });` : ''}
    </script></body>`);
  const frame = p.frameLocator('#lab');
  await frame.locator(ready).first().waitFor(timeout === undefined ? {} : { timeout });
  return { p, frame };
}

/** For a host page whose iframe `#lab` reports its height (`window.reports`): waits until the
 * last report is the frame's content height now and the host has sized the frame to it, and
 * returns that report. A frame already sized to an old report is not settled: the page may not
 * have rendered the change yet. After 10 s it returns the last report as it is, for the
 * caller's assertion to show what differs. */
export async function settledHeight(p, frame) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const body = await frame.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height));
    const [last, sized] = await p.evaluate(() => [window.reports.at(-1), document.getElementById('lab').getBoundingClientRect().height]);
    if ((last === body && Math.abs(sized - last) < 1) || Date.now() > deadline) return last;
    await p.waitForTimeout(50);
  }
}

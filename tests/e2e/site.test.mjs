// The site a teacher hosts: scripts/package.sh writes dist/tls-lab-site.zip; unzipped into a
// sub-folder of an ordinary static host (no CORS headers, nothing else on it), the lab opens
// and steps a handshake, and the course page beside it opens a lesson.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './helpers.mjs';
import { serve } from './serve-dist.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
let dir, server, browser, base;

before(async () => {
  execFileSync('scripts/package.sh', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 20 * 60_000 });
  dir = mkdtempSync(join(tmpdir(), 'tls-lab-site-'));
  // What a teacher does: unzip into the course site's folder.
  execFileSync('python3', ['-m', 'zipfile', '-e', join(ROOT, 'dist/tls-lab-site.zip'), join(dir, 'courses')]);
  server = await serve(dir, 0, '/', { cors: false });
  base = `http://127.0.0.1:${server.address().port}/courses/tls-lab/`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the zip holds the lab, the course page and the recorded page in one folder, no build leftovers', () => {
  const top = readdirSync(join(dir, 'courses'));
  assert.deepEqual(top, ['tls-lab']);
  const files = readdirSync(join(dir, 'courses/tls-lab'), { recursive: true });
  assert.ok(files.includes('index.html') && files.includes(join('course', 'index.html')), files.join());
  assert.ok(files.includes(join('recorded', 'index.html')), files.join());
  assert.ok(files.some((f) => /^[^/]+_bg\.wasm$/.test(f)), 'the lab wasm');
  assert.ok(!files.some((f) => f.startsWith('.') || f.endsWith('.zip')), files.join());
  assert.ok(statSync(join(ROOT, 'dist/tls-lab-site.zip')).size > 100_000);
});

test('unzipped in a sub-folder of a host without CORS, the lab steps a handshake and the course page opens', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${base}?suite=ecdhe`);
  await page.locator('.arrow').first().waitFor();
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  assert.match(await page.locator('.step-label').textContent(), /^step 2 of/);
  assert.match(await page.locator('.explanation h2').textContent(), /ServerHello/);
  await page.goto(`${base}course/?lesson=classic`);
  await page.locator('.lesson-panel').waitFor();
  // A capture's connection in the views: the sample, the worker and the recorded page, all
  // by relative paths.
  await page.goto(`${base}?eavesdropper=1`);
  await page.locator('.own-capture summary').click();
  await page.getByRole('button', { name: /Try a real one/ }).click();
  await page.locator('[data-recorded-connection][data-decrypted=true]').first().click();
  await page.getByRole('button', { name: /Show it in the sequence diagram/ }).click();
  await page.frameLocator('dialog.recorded-dialog iframe').locator('[data-recorded]').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

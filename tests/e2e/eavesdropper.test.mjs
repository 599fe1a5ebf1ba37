// The eavesdropper (issue 28): what someone on the path sees, and what a secret handed over
// later opens, computed in a Web Worker the page starts on first use. Each handshake × secret
// gives the outcome the cryptography dictates; the first load fetches one wasm, the experiment
// the worker's; phone, keyboard, and nothing leaves 127.0.0.1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { host, open, start } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const outcome = (page) => page.locator('[data-eavesdropper-outcome]');

describe('the experiments', () => {
  // [query, what the stolen server key does, what a quantum computer does]
  const CASES = [
    ['?suite=rsa', 'opened', 'opened'],
    ['?suite=rsa&ems=0', 'opened', 'opened'],
    ['?suite=ecdhe', 'sealed', 'opened'],
    ['?suite=tls13&group=x25519', 'sealed', 'opened'],
    ['?suite=tls13&group=x25519mlkem768', 'sealed', 'sealed'],
    // The browser led with the hybrid; HelloRetryRequest moved it to X25519.
    ['?suite=tls13&group=x25519&hrr=1', 'sealed', 'opened'],
  ];
  for (const [query, stolen, quantum] of CASES) {
    test(`${query}: a stolen key → ${stolen}, a quantum computer → ${quantum}`, async () => {
      const { page, context, problems } = await open(env, `${query}&leak=server-key`);
      try {
        for (const [leak, want] of [['server-key', stolen], ['quantum', quantum]]) {
          if (leak === 'quantum') {
            await page.getByRole('button', { name: 'Later, a quantum computer' }).click();
            // The stolen key's outcome is gone once the quantum computer's arrives.
            await page.locator('[data-eavesdropper-outcome]', { hasText: 'here the simulation gives them' }).waitFor();
          }
          await outcome(page).waitFor();
          assert.equal(await outcome(page).getAttribute('data-eavesdropper-outcome'), want, `${query} ${leak}`);
          const text = await outcome(page).innerText();
          if (want === 'opened') {
            // The recorded request, read by the eavesdropper, and the steps to it.
            assert.match(text, /GET \/ HTTP\/1\.1/);
            assert.match(text, /How: \d+ steps from the secret to the record keys/);
          } else {
            assert.doesNotMatch(text, /GET \//);
          }
          if (leak === 'quantum') {
            assert.match(text, /here the simulation gives them to the attacker/);
            assert.match(text, /Authentication stays classical/);
            assert.equal(/the retry cost the post-quantum protection/.test(text), query.includes('hrr=1'));
          }
          if (query.includes('x25519mlkem768') && leak === 'quantum') {
            assert.match(text, /ML-KEM-768 half cannot be recovered/);
          }
          if (want === 'sealed' && leak === 'server-key') assert.match(text, /only signed/);
          assert.match(page.url(), new RegExp(`leak=${leak}`));
        }
        assert.deepEqual(problems.consoleErrors, []);
        assert.deepEqual(problems.outside, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('on the path', () => {
  test('the first load fetches one wasm; the panel starts the worker, which fetches its own', async () => {
    const { page, context, problems } = await open(env, null);
    const wasm = [];
    context.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url().split('/').pop()); });
    try {
      await page.goto(`${env.base}?suite=tls13&group=x25519mlkem768`);
      await page.waitForSelector('.arrow');
      await page.waitForLoadState('networkidle');
      assert.equal(wasm.length, 1, wasm.join(', '));
      assert.match(wasm[0], /^tls-lab-web-.*_bg\.wasm$/);
      assert.equal(await page.locator('.outsider-panel').count(), 0);
      await page.getByRole('button', { name: '👁 What someone on the path sees' }).click();
      await page.locator('.seen li').first().waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(wasm.slice(1), ['outsider_bg.wasm']);
      // Up to this step only: the first record, the ClientHello in the clear.
      assert.equal(await page.locator('.seen li').count(), 1);
      const hello = await page.locator('.seen li').first().innerText();
      assert.match(hello, /server_name\s+server\.test/);
      assert.match(hello, /groups offered\s+X25519MLKEM768 \(0x11ec\), x25519 \(0x001d\)/);
      // Further on: TLS 1.3's certificate is ciphertext, the real content type hidden.
      await page.getByRole('button', { name: 'Last', exact: true }).click();
      await page.waitForFunction(() => document.querySelectorAll('.seen li').length > 5);
      const all = await page.locator('#outsider-report').innerText();
      assert.doesNotMatch(all, /certificate\s+CN = server\.test/);
      assert.match(all, /the real content type, inside the encryption/);
      // Nothing handed over: no outcome.
      assert.equal(await outcome(page).count(), 0);
      assert.match(page.url(), /eavesdropper=1/);
      // TLS 1.2 shows its certificate to anyone on the path.
      await page.locator('input[name=handshake]').nth(1).click();
      await page.waitForFunction(() => /certificate/.test(document.querySelector('#outsider-report')?.innerText ?? ''));
      assert.match(await page.locator('#outsider-report').innerText(), /certificate\s+CN = server\.test, CN = TLS Lab Teaching CA/);
      await page.getByRole('button', { name: 'Hide', exact: true }).click();
      assert.equal(await page.locator('.outsider-panel').count(), 0);
      assert.doesNotMatch(page.url(), /eavesdropper/);
      assert.deepEqual(problems.consoleErrors, []);
      assert.deepEqual(problems.outside, []);
    } finally {
      await context.close();
    }
  });

  test('by keyboard, on a phone: the experiment buttons keep the focus, the panel fits', async () => {
    const { page, context, problems } = await open(env, '?suite=ecdhe&eavesdropper=1&step=11', { width: 390, height: 844 });
    try {
      await page.locator('.seen li').first().waitFor();
      const quantum = page.getByRole('button', { name: 'Later, a quantum computer' });
      await quantum.focus();
      await page.keyboard.press('Enter');
      await outcome(page).waitFor();
      assert.equal(await outcome(page).getAttribute('data-eavesdropper-outcome'), 'opened');
      assert.equal(await quantum.getAttribute('aria-pressed'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.leak), 'quantum');
      // The steps open from the keyboard too.
      await page.locator('.outsider-result summary').focus();
      await page.keyboard.press('Enter');
      await page.locator('.outsider-steps li').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
      const panel = await page.locator('.outsider-panel').boundingBox();
      assert.ok(panel.x >= 0 && panel.x + panel.width <= 390, JSON.stringify(panel));
      assert.deepEqual(problems.consoleErrors, []);
    } finally {
      await context.close();
    }
  });

  test("embedded in a course site at 1280 px, with the share snippet's sandbox: the worker runs in the frame", async () => {
    const pages = [];
    // `host` wants a session; this file keeps its pages itself.
    const s = { env, page: async (q, viewport) => { const o = await open(env, q, viewport); pages.push(o); return o.page; } };
    try {
      const { frame } = await host(s, '?suite=rsa&leak=server-key&step=12&embed=1', {
        sandbox: 'allow-scripts allow-same-origin allow-downloads', height: 900,
      });
      const result = frame.locator('[data-eavesdropper-outcome]');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-eavesdropper-outcome'), 'opened');
      assert.match(await result.innerText(), /GET \/ HTTP\/1\.1/);
      const width = await frame.locator('.outsider-panel').evaluate((el) => el.getBoundingClientRect().right);
      assert.ok(width <= 1280, `the panel reaches ${width} px in a 1280 px frame`);
      for (const { problems } of pages) {
        assert.deepEqual(problems.consoleErrors, []);
        assert.deepEqual(problems.outside, []);
      }
    } finally {
      for (const { context } of pages) await context.close();
    }
  });

  test('the course page leaves the eavesdropper to the lab, with a notice', async () => {
    const { page, context } = await open(env, 'course/?suite=rsa&leak=quantum');
    try {
      assert.match(await page.locator('.notices').innerText(), /leak=quantum.*the eavesdropper is in the lab/s);
      assert.equal(await page.locator('.outsider-panel').count(), 0);
    } finally {
      await context.close();
    }
  });
});

// Browser tests of the side-by-side view (compare=): two handshakes aligned by round trip, the
// facts of both, stepping that moves both columns, a phone's stacked layout, embedding, and a
// notice for a bad value.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { host, session, settledHeight, shot, stepLabel } from './helpers.mjs';

const s = session();

/** The page at `query`, waiting for the side-by-side view (it has no sequence diagram). */
async function page(query, viewport = { width: 1280, height: 900 }, options = {}) {
  const p = await s.page(null, viewport, options);
  if (query !== null) {
    await p.goto(s.env.base + query);
    await p.locator('.controls').waitFor();
  }
  return p;
}

const RSA_VS_TLS13 = '?suite=rsa&compare=tls13';

/** The records marked current in column `i` (0: the page's run, 1: the compared one). */
const currentIn = (p, i) => p.locator(`.flights tbody td:nth-of-type(${i + 1}) li[aria-current=step]`).allTextContents();
/** The two cells of a fact, by the start of its label. */
const fact = (p, label) => p.locator('.facts tbody tr', { hasText: label }).locator('td').allTextContents();

describe('side by side', () => {
  test('the choices open it: "Side by side with" keeps the run and drops its fault', async () => {
    const p = await page('?suite=ecdhe&seed=4&cert=expired&fault=drop:3');
    const links = p.locator('.compare-links a');
    assert.deepEqual(await links.allTextContents(),
      ['TLS 1.2 · RSA key transport', 'TLS 1.3 · X25519', 'TLS 1.3 · X25519MLKEM768']);
    await links.nth(2).click();
    await p.locator('.flights').waitFor();
    const q = new URL(p.url()).searchParams;
    assert.deepEqual([q.get('suite'), q.get('seed'), q.get('cert'), q.get('compare'), q.get('fault')],
      ['ecdhe', '4', 'expired', 'tls13-x25519mlkem768', null]);
    const heads = await p.locator('.flights thead th').allTextContents();
    assert.match(heads[0], /^TLS 1\.2 · ECDHE/);
    assert.match(heads[1], /^TLS 1\.3 · X25519MLKEM768/);
  });

  for (const scheme of ['light', 'dark']) {
    test(`two columns aligned by round trip, with the facts of both (1280 px, ${scheme})`, async () => {
      const p = await page(RSA_VS_TLS13, undefined, { colorScheme: scheme });
      const heads = await p.locator('.flights thead th').allTextContents();
      assert.match(heads[0], /^TLS 1\.2 · RSA key transport/);
      assert.match(heads[1], /^TLS 1\.3 · X25519MLKEM768/);
      // TLS 1.2 takes four round trips (closure included), TLS 1.3 three: four rows.
      assert.equal(await p.locator('.flights tbody tr').count(), 4);
      assert.equal(await stepLabel(p), 'step 1 of 8');
      assert.deepEqual(await currentIn(p, 0), ['→ ClientHello']);
      assert.deepEqual(await currentIn(p, 1), ['→ ClientHello']);
      // Side by side: the two cells of a round trip share a row.
      const [a, b] = await Promise.all([0, 1].map((i) => p.locator(`.flights tbody tr >> nth=0 >> td >> nth=${i}`).boundingBox()));
      assert.equal(Math.round(a.y), Math.round(b.y));
      assert.ok(b.x > a.x + a.width - 1, 'columns');

      assert.deepEqual(await fact(p, 'Round trips before'), ['2', '1']);
      assert.deepEqual(await fact(p, 'Certificate'), ['in the clear (record 3)', 'encrypted (record 5)']);
      const suites = await fact(p, 'Cipher suite');
      assert.match(suites[0], /^TLS_RSA_WITH_AES_128_GCM_SHA256, in the clear/);
      assert.match(suites[1], /^TLS_AES_128_GCM_SHA256, in the clear/);
      assert.deepEqual(await fact(p, 'Server name'), Array(2).fill('server.test, in the clear (record 1)'));
      // The last two rows are experiments the eavesdropper's worker runs on both recordings.
      await p.locator('.facts td[data-experiment-outcome]').nth(3).waitFor();
      const outcomes = await p.locator('.facts td[data-experiment]').evaluateAll((tds) => tds.map((td) => td.dataset.experimentOutcome));
      assert.deepEqual(outcomes, ['opened', 'sealed', 'opened', 'sealed'], 'key theft: RSA opens; quantum: the hybrid stays sealed');
      const theft = await fact(p, 'Recorded traffic');
      assert.equal(theft[0], 'opened: the eavesdropper read “GET / HTTP/1.1”');
      assert.match(theft[1], /^stayed sealed: the key only signed/);
      const quantum = await fact(p, 'quantum computer');
      assert.equal(quantum[0], 'opened: the eavesdropper read “GET / HTTP/1.1”');
      assert.match(quantum[1], /^stayed sealed: the X25519 half fell, the ML-KEM half resists/);
      // The rows that differ are marked; the same SNI is not.
      assert.equal(await p.locator('.facts tr.differs', { hasText: 'Server name' }).count(), 0);
      assert.equal(await p.locator('.facts tr.differs', { hasText: 'Certificate' }).count(), 1);
      // Each run alone, as the single view shows it.
      assert.match(await p.locator('.flights thead a.alone').nth(1).getAttribute('href'), /suite=tls13.*group=x25519mlkem768/);
      await shot(p, `compare-1280-${scheme}`);
    });
  }

  test('the keyboard moves both columns, flight by flight, within the step budget', async () => {
    const p = await page(RSA_VS_TLS13);
    await p.keyboard.press('ArrowRight');
    assert.deepEqual(await currentIn(p, 0), ['← ServerHello', '← Certificate', '← ServerHelloDone']);
    assert.ok((await currentIn(p, 1)).includes('← Finished (encrypted)'));
    await p.keyboard.press('ArrowRight');
    // Round trip 2: TLS 1.2's key exchange while TLS 1.3 already sends the request.
    assert.equal(await stepLabel(p), 'step 3 of 8');
    assert.match((await currentIn(p, 0))[0], /ClientKeyExchange/);
    assert.ok((await currentIn(p, 1)).includes('→ Application Data (encrypted)'));
    assert.match(await p.locator('.flights tr.current th').textContent(), /Round trip 2/);
    // Each run's step, explained, with a way to its bytes.
    const explained = p.locator('.compare-explain');
    assert.equal(await explained.count(), 2);
    assert.match(await explained.nth(0).textContent(), /ClientKeyExchange.*pre_master_secret/s);
    const bytes = explained.nth(0).getByRole('link', { name: /^Its bytes \(record 5\)/ });
    const href = new URL(await bytes.getAttribute('href'), p.url());
    assert.deepEqual([href.searchParams.get('suite'), href.searchParams.get('step'), href.searchParams.get('compare')], ['rsa', '5', null]);
    await p.waitForFunction(() => location.search.includes('step=3') && location.search.includes('compare=tls13-x25519mlkem768'));
    await p.keyboard.press('ArrowLeft');
    assert.equal(await stepLabel(p), 'step 2 of 8');
    // A shared snippet names both runs, and its step is a flight.
    await p.getByRole('button', { name: 'Share & export' }).click();
    const snippet = await p.locator('#share-embed').inputValue();
    assert.match(snippet, /title="TLS Lab: [^"]+ beside [^"]+, flight 2"/);
    await p.getByRole('button', { name: 'Share & export' }).click();
    // The end: TLS 1.2's last closure alert; TLS 1.3 ended a round trip earlier.
    await p.keyboard.press('End');
    assert.equal(await stepLabel(p), 'step 8 of 8');
    assert.deepEqual(await currentIn(p, 0), ['← Alert: close_notify (encrypted)']);
    assert.deepEqual(await currentIn(p, 1), []);
    await p.keyboard.press('Home');
    for (let i = 0; i < 7; i++) {
      await p.keyboard.press('ArrowRight');
      await p.waitForTimeout(50);
    }
    const steps = await p.evaluate(() => performance.getEntriesByName('step').map((m) => m.duration));
    steps.sort((x, y) => x - y);
    const median = steps[Math.floor(steps.length / 2)];
    console.log(`compare view: step median ${median.toFixed(1)} ms of ${steps.length}`);
    assert.ok(steps.length >= 7 && median <= 16, `step median ${median} ms`);
  });

  test('a HelloRetryRequest costs TLS 1.3 a round trip', async () => {
    const p = await page('?suite=tls13&group=x25519&compare=tls13-x25519-hrr');
    assert.deepEqual(await fact(p, 'Round trips before'), ['1', '2']);
    assert.match(await p.locator('.flights thead th').nth(1).textContent(), /X25519 \+ HelloRetryRequest/);
  });

  for (const scheme of ['light', 'dark']) {
    test(`stacked on a 360 px screen (${scheme})`, async () => {
      const p = await page(RSA_VS_TLS13, { width: 360, height: 740 }, { colorScheme: scheme });
      const [a, b] = await Promise.all([0, 1].map((i) => p.locator(`.flights tbody tr >> nth=0 >> td >> nth=${i}`).boundingBox()));
      assert.ok(b.y >= a.y + a.height - 1, 'the second run under the first');
      assert.equal(Math.round(a.x), Math.round(b.x));
      const wide = await p.locator('html').evaluate((e) => e.scrollWidth);
      assert.ok(wide <= 360, `no sideways scrolling (${wide})`);
      const controls = await p.locator('.controls-panel').boundingBox();
      assert.ok(controls.y < a.y, 'the step controls come first');
      await p.keyboard.press('End');
      // The current round trip is scrolled into view.
      const row = await p.locator('.flights tr.current').boundingBox();
      assert.ok(row.y < 740 && row.y + row.height > 0, `current row on screen (y=${row.y})`);
      await p.keyboard.press('Home');
      await p.evaluate(() => scrollTo(0, 0));
      await shot(p, `compare-360-${scheme}`);
    });
  }

  test('a bad compare= value gives a notice and the single view', async () => {
    for (const [query, says] of [
      ['?compare=tls14', 'Ignored compare=tls14: use compare=rsa, ecdhe'],
      ['?suite=ecdhe&compare=ecdhe', 'it is the handshake this link already shows'],
    ]) {
      const p = await page(query);
      await p.locator('.arrow').first().waitFor();
      assert.match(await p.locator('.notices').textContent(), new RegExp(says.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.equal(await p.locator('.compare').count(), 0);
      await s.closePage();
    }
    const p = await page('?fault=drop:2&compare=ecdhe');
    assert.match(await p.locator('.notices').textContent(), /Ignored fault=drop:2: the side-by-side view compares handshakes without faults/);
    assert.equal(await p.locator('.compare').count(), 1);
  });
});

describe('embedded', () => {
  for (const width of [1280, 360]) {
    test(`compare with embed=1 fits its frame at ${width} px`, async () => {
      const { p, frame } = await host(s, `${RSA_VS_TLS13}&embed=1`, { width, ready: '.compare', timeout: 15000 });
      const settled = async () => {
        const h = await settledHeight(p, frame);
        assert.equal(h, await frame.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height)));
      };
      await settled();
      // No page chrome and no links out of the host's page.
      assert.equal(await frame.locator('.masthead, .choices, a.alone').count(), 0);
      const [controls, table] = await Promise.all(['.controls-panel', '.compare'].map((s) => frame.locator(s).boundingBox()));
      assert.ok(controls.y < table.y, 'the step controls come first');
      await frame.getByRole('button', { name: 'Next' }).click();
      assert.equal(await frame.locator('.step-label').textContent(), 'step 2 of 8');
      assert.equal(await frame.locator('.flights li[aria-current=step]').count(), 3 + 6);
      await frame.getByRole('button', { name: 'Last', exact: true }).click();
      await settled();
      await shot(p, `compare-embed-${width}`);
    });
  }
});

describe('the experiment rows', () => {
  test('a retry to X25519 opens for a quantum computer, and the course page (no worker) says what the transcript predicts', async () => {
    const p = await page('?suite=tls13&group=x25519mlkem768&compare=tls13-x25519-hrr');
    await p.locator('.facts td[data-experiment-outcome]').nth(3).waitFor();
    const quantum = await fact(p, 'quantum computer');
    assert.match(quantum[0], /^stayed sealed/);
    assert.equal(quantum[1], 'opened: the eavesdropper read “GET / HTTP/1.1” (the retry to x25519 cost the post-quantum protection)');
    assert.equal(await p.locator('.facts tr.differs', { hasText: 'quantum computer' }).count(), 1);
    const course = await page('course/?suite=rsa&compare=tls13');
    assert.equal(await course.locator('.facts td[data-experiment]').count(), 0);
    assert.deepEqual(await fact(course, 'Recorded traffic'), [
      'can be decrypted: the stolen key opens the recorded pre-master secret',
      'stays secret: the key exchange was ephemeral (forward secrecy)',
    ]);
  });
});

// Every handshake the page offers, stepped from the first record to the last, against what the
// engine gives the CLI for the same run (`tls-lab transcript --json`): the arrows, the bytes in
// the inspector (on the wire and decrypted), which key-schedule values exist at each step and
// who knows them, and every value at the end.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliTranscript, hex, session, stepLabel } from './helpers.mjs';

// One page per test, checked for console errors and requests leaving 127.0.0.1.
const s = session();

/** Who knows a value at `step`, as the key diagram classes its node; null: nobody yet. */
function knows(d, step) {
  const by = (k) => k !== null && k !== undefined && k <= step;
  if (by(d.public_from)) return 'public';
  const [browser, server] = [by(d.client_knows_from), by(d.server_knows_from)];
  return browser && server ? 'both' : browser ? 'browser' : server ? 'server' : null;
}

// The four handshakes of the page's choice, and TLS 1.3's HelloRetryRequest.
const RUNS = [
  { name: 'TLS 1.2 RSA', query: 'suite=rsa', args: ['--suite', 'rsa'], seed: 7 },
  { name: 'TLS 1.2 ECDHE', query: 'suite=ecdhe', args: ['--suite', 'ecdhe'], seed: 11 },
  { name: 'TLS 1.3 X25519', query: 'suite=tls13&group=x25519', args: ['--suite', 'tls13', '--group', 'x25519'], seed: 3 },
  { name: 'TLS 1.3 X25519MLKEM768', query: 'suite=tls13&group=x25519mlkem768', args: ['--suite', 'tls13', '--group', 'x25519mlkem768'], seed: 5 },
  { name: 'TLS 1.3 HelloRetryRequest', query: 'suite=tls13&group=x25519mlkem768&hrr=1', args: ['--suite', 'tls13', '--group', 'x25519mlkem768', '--hrr'], seed: 9 },
];

describe('each handshake, record by record, as the engine ran it', () => {
  for (const run of RUNS) {
    test(run.name, async () => {
      const t = cliTranscript([...run.args, '--seed', String(run.seed)]);
      const n = t.records.length;
      const p = await s.page(`?${run.query}&seed=${run.seed}`);
      // The choice shows which handshake this is.
      const checked = p.locator('input[name=handshake]:checked');
      assert.match(await checked.evaluate((i) => i.closest('label').textContent), new RegExp(run.name.replace(/ HelloRetryRequest$/, '').replace(/^TLS (1\.\d) /, 'TLS $1 · ')));
      await p.evaluate(() => document.activeElement?.blur());
      for (let k = 1; k <= n; k++) {
        const r = t.records[k - 1];
        assert.equal(await stepLabel(p), `step ${k} of ${n}`);
        const arrow = p.locator('.arrow[aria-current=step]');
        assert.equal(await arrow.getAttribute('data-record'), String(k));
        assert.equal(await arrow.getAttribute('aria-label'), r.messages.join(', '), `record ${k}`);
        // The inspector shows the record's bytes, and what it decrypts to.
        const bytes = (pane) => p.$$eval(`.inspector .pane.${pane} .hex-bytes`, (rows) => rows.map((r) => r.textContent.replaceAll(' ', '')).join(''));
        assert.equal(await bytes('wire'), hex(r.bytes), `record ${k} on the wire`);
        if (r.protection) assert.equal(await bytes('plaintext'), hex(r.protection.plaintext), `record ${k} decrypted`);
        // Exactly the values that exist at this step, each marked with who knows it.
        const want = t.derivations.map((d) => [d.id, knows(d, k)]).filter(([, w]) => w).sort();
        const shown = (await p.$$eval('.keys .node', (ns) => ns.map((g) => [g.dataset.id, ['public', 'both', 'browser', 'server'].find((c) => g.classList.contains(c))]))).sort();
        assert.deepEqual(shown, want, `key diagram at step ${k}`);
        if (k < n) await p.keyboard.press('ArrowRight');
      }
      // At the end, every value the diagram shows is the engine's.
      for (const d of t.derivations.filter((d) => knows(d, n))) {
        // Pressed from the keyboard: the previous value's popover may cover the node.
        await p.locator(`.keys .node[data-id="${d.id}"]`).focus();
        await p.keyboard.press('Enter');
        const shown = (await p.locator(`.hex-value[data-id="${d.id}"]`).textContent()).replace(/\s/g, '');
        assert.equal(shown, hex(d.value), d.id);
      }
    });
  }
});

describe('what goes wrong in TLS 1.3, as in TLS 1.2', () => {
  for (const cert of ['expired', 'wrong-host', 'unknown-ca', 'bad-signature']) {
    test(`cert=${cert}: the alert and browser error the engine gives`, async () => {
      const { outcome } = cliTranscript(['--suite', 'tls13', '--cert', cert]);
      const p = await s.page(`?suite=tls13&cert=${cert}`);
      await p.getByRole('button', { name: 'Last', exact: true }).click();
      const err = p.locator('.browser-error');
      await err.waitFor();
      assert.equal((await err.locator('.error-code').textContent()).trim(), outcome.browser_error.code);
      assert.match(await err.textContent(), new RegExp(outcome.alert[1].name));
      assert.ok(await p.locator('.checks tr.bad').count() >= 1, 'the failed check is shown');
    });
  }

  test('a byte flipped in the encrypted Certificate, from the ⚡ menu, ends in the alert the engine sends', async () => {
    const p = await s.page('?suite=tls13&group=x25519');
    const cert = p.locator('.arrow[aria-label=Certificate]');
    const n = await cert.getAttribute('data-record');
    await p.getByRole('button', { name: `Faults for record ${n}` }).click();
    await p.getByRole('button', { name: 'Flip a byte' }).click();
    const spec = decodeURIComponent(new URL(p.url()).searchParams.get('fault'));
    assert.match(spec, new RegExp(`^flip:${n}:\\d+$`));
    const { outcome } = cliTranscript(['--suite', 'tls13', '--group', 'x25519', '--fault', spec]);
    assert.equal(outcome.alert[1].name, 'bad_record_mac', 'a changed ciphertext fails its tag');
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    const err = p.locator('.browser-error');
    await err.waitFor();
    assert.match(await err.textContent(), /bad_record_mac/);
  });
});

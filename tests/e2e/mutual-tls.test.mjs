// Mutual TLS on the page (issue 31), as a student uses it: the "Client certificate" choice,
// which loads the lab's extended build (the first load has no room for its code); the new
// messages in the diagram, every field in the inspector (the CLI's tree), the server's checks
// of the browser's certificate, and what the client's signature covers in the key diagram;
// each refusal with its alert and the browser's error page; the privacy lesson (TLS 1.2 sends
// the student's name in the clear, TLS 1.3 encrypts it); side by side, a phone, a keyboard,
// an embed, and the course page, which does not offer it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliTranscript, host, session, shot, stepLabel } from './helpers.mjs';

const s = session();

/** The page's wasm files fetched so far (not the workers'). */
const pageWasm = (p) => p.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname.split('/').pop())
  .filter((f) => f.startsWith('tls-lab-web') && f.endsWith('_bg.wasm')));

/** The CLI's transcript of the run a query names (`--key value` for each `key=value`). */
const cliOf = (query) => cliTranscript(query.split('&').flatMap((kv) => {
  const [k, v] = kv.split('=');
  return [`--${k.replace('_', '-')}`, v];
}));

const arrowNames = (p) => p.locator('.arrow').evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') ?? a.textContent));

test('the lab fetches its extended build only for a link that names client_cert', async () => {
  const p = await s.page('?suite=rsa');
  const lab = await pageWasm(p);
  assert.equal(lab.length, 1, lab.join(' '));
  const q = await s.page('?suite=rsa&client_cert=valid');
  await q.locator('.arrow').first().waitFor();
  const extended = await pageWasm(q);
  assert.equal(extended.length, 1, extended.join(' '));
  assert.notEqual(extended[0], lab[0]);
  // The URL stays the lab's.
  assert.match(new URL(q.url()).pathname, /\/$/);
});

test('choosing a client certificate in the lab reloads it with mutual TLS; the run shows every part of it (TLS 1.2 RSA)', async () => {
  const p = await s.page('?suite=rsa');
  await p.locator('#client-cert').selectOption('valid');
  await p.waitForURL(/client_cert=valid/);
  await p.locator('.arrow').first().waitFor();
  assert.equal((await pageWasm(p)).length, 1);
  const t = cliOf('suite=rsa&client_cert=valid');
  assert.equal(await stepLabel(p), `step 1 of ${t.records.length}`);
  // The messages: CertificateRequest from the server, Certificate and CertificateVerify from
  // the browser (kind 22: handshake; the CLI's explanation names the message).
  const names = (await arrowNames(p)).join(' | ');
  assert.match(names, /CertificateRequest/);
  assert.equal((names.match(/CertificateVerify/g) ?? []).length, 1, names);
  // The browser's Certificate: every field, as the CLI's tree, its certificate dissected by
  // the worker; in TLS 1.2 it crosses in the clear.
  const sent = (name) => t.records.findIndex((r) => r.from === 'Client' && r.messages?.includes(name)) + 1;
  const n = sent('Certificate');
  assert.ok(n > 0);
  await p.locator(`.arrow[data-record="${n}"]`).click();
  await p.locator('.pane.wire .field[data-name=subjectAltName]').first().waitFor();
  const want = [];
  const walk = (f) => { want.push(`${f.name} ${f.start}-${f.end}`); f.children.forEach(walk); };
  t.records[n - 1].fields.forEach(walk);
  const shown = await p.locator('.pane.wire .field').evaluateAll((b) => b.map((e) => `${e.dataset.name} ${e.dataset.start}-${e.dataset.end}`));
  assert.deepEqual(shown, want);
  assert.match(await p.locator('.explanation').textContent(), /in the clear/);
  // The server's checks of the browser's certificate, after the browser's checks of the server's.
  const checks = p.locator('section.certs', { hasText: "The server's checks of the browser's certificate" });
  await checks.waitFor();
  assert.match(await checks.locator('.cert-list').textContent(), /client certificate.*CN = Sam Student/s);
  assert.equal(await checks.locator('tr.bad').count(), 0);
  assert.ok(await checks.locator('tr.ok').count() >= 4);
  assert.match(await checks.locator('.verdict').textContent(), /CertificateVerify/);
  // What the client's signature covers: a value of the key diagram from the CertificateVerify on.
  const cv = sent('CertificateVerify');
  assert.ok(cv > n, 'the CertificateVerify follows');
  const signed = t.derivations.find((d) => d.id === 'client_certificate_verify_hash');
  // Known from the ClientKeyExchange, the last message it covers.
  assert.equal(signed.client_knows_from, cv - 1);
  const node = p.locator('.node[data-id=client_certificate_verify_hash]');
  await p.locator(`.arrow[data-record="${n}"]`).click();
  assert.equal(await node.count(), 0, 'not before the ClientKeyExchange');
  await p.locator(`.arrow[data-record="${cv}"]`).click();
  await node.click();
  const value = p.locator('.hex-value[data-id=client_certificate_verify_hash]');
  assert.equal((await value.textContent()).replace(/\s/g, ''), signed.value_hex);
  // TLS 1.2 with the extended master secret: it is session_hash (RFC 7627 §3).
  assert.equal(signed.value_hex, t.derivations.find((d) => d.id === 'session_hash').value_hex);
  await shot(p, 'mutual-tls-tls12');
});

test('TLS 1.3: the browser\'s certificate travels encrypted, and the server checks it', async () => {
  const q = 'suite=tls13&group=x25519&client_cert=valid';
  const p = await s.page(`?${q}`);
  const t = cliOf(q);
  const n = t.records.findIndex((r) => r.from === 'Client' && r.messages?.includes('Certificate')) + 1;
  assert.ok(n > 0, 'the client Certificate is a protected record');
  await p.locator(`.arrow[data-record="${n}"]`).click();
  await p.locator('.pane.plaintext .field[data-name=subjectAltName]').first().waitFor();
  assert.match(await p.locator('.explanation').textContent(), /encrypted/);
  await p.getByRole('button', { name: 'Last', exact: true }).click();
  await p.locator('section.certs', { hasText: "The server's checks" }).waitFor();
  assert.equal(await p.locator('.browser-error').count(), 0);
});

// What the server does with each certificate it refuses, and what the browser then shows
// (the engine's Chromium mapping): the table.
const REFUSED = {
  'none': { tls13: 'certificate_required', ecdhe: 'handshake_failure', code: { tls13: 'ERR_BAD_SSL_CLIENT_AUTH_CERT', ecdhe: 'ERR_SSL_PROTOCOL_ERROR' } },
  'unknown-ca': { tls13: 'unknown_ca', ecdhe: 'unknown_ca', failedCheck: true },
  'expired': { tls13: 'certificate_expired', ecdhe: 'certificate_expired', failedCheck: true },
  'wrong-usage': { tls13: 'unsupported_certificate', ecdhe: 'unsupported_certificate', failedCheck: true },
  'bad-signature': { tls13: 'decrypt_error', ecdhe: 'decrypt_error', code: { tls13: 'ERR_SSL_DECRYPT_ERROR_ALERT', ecdhe: 'ERR_SSL_DECRYPT_ERROR_ALERT' } },
};

test('each client certificate the server refuses ends in the RFC\'s alert and the browser\'s error page', async () => {
  let runs = 0;
  for (const [kind, want] of Object.entries(REFUSED)) {
    for (const suite of ['tls13', 'ecdhe']) {
      const q = `suite=${suite}&client_cert=${kind}`;
      const p = await s.page(`?${q}`);
      await p.getByRole('button', { name: 'Last', exact: true }).click();
      const error = p.locator('.browser-error');
      await error.waitFor();
      const text = await error.textContent();
      assert.match(text, new RegExp(`TLS alert: ${want[suite]} \\(fatal\\), sent by the Server`), `${q}: ${text}`);
      assert.match(text, new RegExp(want.code?.[suite] ?? 'ERR_BAD_SSL_CLIENT_AUTH_CERT'), q);
      // The same run as the CLI's.
      assert.equal(cliOf(q).outcome.alert[1].name, want[suite], q);
      const checks = p.locator('section.certs', { hasText: "The server's checks" });
      if (kind === 'none') {
        assert.equal(await checks.count(), 0, `${q}: nothing to check`);
      } else if (want.failedCheck) {
        assert.equal(await checks.locator('tr.bad').count(), 1, q);
        assert.match(await checks.locator('.verdict').textContent(), new RegExp(`Rejected: .*The server sends the alert ${want[suite]}`), q);
      } else {
        assert.equal(await checks.locator('tr.bad').count(), 0, `${q}: the chain itself is valid`);
      }
      runs++;
    }
  }
  assert.equal(runs, 10);
});

test('the privacy lesson: an eavesdropper reads the student\'s name in TLS 1.2, not in TLS 1.3', async () => {
  for (const [suite, seen] of [['ecdhe', true], ['tls13', false]]) {
    const p = await s.page(`?suite=${suite}&client_cert=valid&eavesdropper=1`);
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    const report = p.locator('.outsider-panel');
    await report.locator('.seen').waitFor();
    assert.equal((await report.textContent()).includes('Sam Student'), seen, suite);
  }
});

test('side by side: both handshakes ask for the certificate', async () => {
  // The side-by-side view has no sequence diagram to wait for.
  const p = await s.page(null, { width: 1280, height: 900 });
  await p.goto(`${s.env.base}?suite=rsa&client_cert=valid&compare=tls13`);
  await p.locator('.flights').waitFor();
  const columns = await p.locator('.flights tbody tr').evaluateAll((rows) => [1, 2].map((i) => rows.map((r) => r.children[i]?.textContent ?? '').join(' ')));
  for (const c of columns) {
    assert.match(c, /CertificateRequest/);
    assert.match(c, /← CertificateRequest/);
    assert.match(c, /→ Certificate\b.*→ CertificateVerify/s, 'the browser answers');
  }
});

test('on a phone, by keyboard: the choice, the refusal and the error page fit 390 px', async () => {
  const p = await s.page('?suite=tls13', { width: 390, height: 844 });
  await p.locator('#client-cert').focus();
  await p.keyboard.press('ArrowDown');
  await p.waitForURL(/client_cert=valid/);
  await p.locator('.arrow').first().waitFor();
  await p.locator('#client-cert').selectOption('expired');
  await p.waitForURL(/client_cert=expired/);
  await p.evaluate(() => document.activeElement?.blur());
  await p.keyboard.press('End');
  await p.locator('.browser-error').waitFor();
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px)`);
  await shot(p, 'mutual-tls-phone');
});

test('embedded in a course page, a link with client_cert loads the extended build in the frame', async () => {
  const { frame } = await host(s, '?suite=rsa&client_cert=valid&embed=1');
  await frame.locator('.arrow').first().waitFor();
  const names = await frame.locator('.arrow').evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') ?? a.textContent).join(' '));
  assert.match(names, /CertificateRequest/);
});

test('the course page does not offer client certificates, and says where they are', async () => {
  const p = await s.page('course/?client_cert=valid');
  await p.locator('.notice').first().waitFor();
  assert.match(await p.locator('.notices').textContent(), /Ignored client_cert=valid: client certificates are shown in the lab/);
  assert.equal(await p.locator('#client-cert').count(), 0);
  assert.doesNotMatch((await arrowNames(p)).join(' '), /CertificateRequest/);
});

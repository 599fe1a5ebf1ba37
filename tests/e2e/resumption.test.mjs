// Resumption and 0-RTT on the page (issue 32), as a student comparing a first visit with a
// second uses them: the Visit choice (a link in the lab's first build's masthead menu, which opens the lab's
// resumption build), the second visit's records against the CLI's, the two visits' panel
// (records by round trip, facts, what is left out and carried over), the PSK and binder in
// the key diagram, 0-RTT's request in the first flight and the replay the engine ran, the
// ⚡ replay of the 0-RTT record inside the connection, practice questions on the course
// page's absence of it, a phone, a keyboard and an embed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliTranscript, host, session, shot, stepLabel } from './helpers.mjs';

const s = session();

/** The page's wasm files fetched so far (not the workers'). */
const pageWasm = (p) => p.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname.split('/').pop())
  .filter((f) => f.startsWith('tls-lab-web') && f.endsWith('_bg.wasm')));

const arrowNames = (p) => p.locator('.arrow').evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') ?? a.textContent));

/** A facts row's two cells. */
const row = (p, label) => p.locator('#visit-facts tr', { hasText: label }).locator('td').allTextContents();

test('the Visit link opens the resumption build, which neither the lab nor mutual TLS fetch', async () => {
  const p = await s.page('?suite=tls13&group=x25519');
  const lab = await pageWasm(p);
  // In the masthead's menu: no room taken from the handshake on a phone.
  await p.locator('details.learn summary').click();
  await p.locator('a#visit').click();
  await p.waitForURL(/resume=1/);
  await p.locator('.visits-panel').waitFor();
  const resumed = await pageWasm(p);
  assert.equal(resumed.length, 1, resumed.join(' '));
  assert.notEqual(resumed[0], lab[0]);
  const m = await s.page('?suite=rsa&client_cert=valid');
  await m.locator('.arrow').first().waitFor();
  const mutual = await pageWasm(m);
  assert.notEqual(mutual[0], resumed[0], 'mutual TLS has a build of its own');
  // A link naming both shows mutual TLS and says why there is no second visit.
  const both = await s.page('?suite=rsa&client_cert=valid&resume=1');
  await both.locator('.notice').first().waitFor();
  assert.match(await both.locator('.notices').textContent(), /Ignored resume=1: the lab shows a second visit without a client certificate/);
});

test('TLS 1.3: the second visit is the CLI\'s, without certificate or signature, beside the first', async () => {
  const p = await s.page('?suite=tls13&group=x25519&resume=1', { width: 1280, height: 900 });
  const t = cliTranscript(['--suite', 'tls13', '--group', 'x25519', '--resume']);
  assert.equal(await stepLabel(p), `step 1 of ${t.records.length}`);
  const names = (await arrowNames(p)).join(' | ');
  assert.doesNotMatch(names, /Certificate/);
  assert.match(names, /NewSessionTicket/);
  const panel = p.locator('.visits-panel');
  await panel.waitFor();
  // Each visit's records by round trip: the first has the certificate, the second does not.
  const columns = await panel.locator('.visit-flights tbody tr').evaluateAll((rows) => [1, 2].map((i) => rows.map((r) => r.children[i]?.textContent ?? '').join(' ')));
  assert.match(columns[0], /Certificate.*CertificateVerify/s);
  assert.doesNotMatch(columns[1], /Certificate/);
  assert.match(await panel.locator('.visit-left-out strong').textContent(), /^Certificate, CertificateVerify$/);
  // The facts: bytes counted from the CLI's records, the signature gone.
  const bytes = t.records.reduce((n, r) => n + r.bytes.length, 0);
  const [, second] = await row(p, 'Bytes on the wire');
  assert.equal(second, `${bytes} bytes`);
  const [sigFirst, sigSecond] = await row(p, "The server's signature");
  assert.match(sigFirst, /^CertificateVerify/);
  assert.match(sigSecond, /^none/);
  // What it carries over: the first visit's ticket PSK is the second visit's PSK, the CLI's.
  const psk = t.derivations.find((d) => d.id === 'psk');
  const carried = await panel.locator('dl.carried').first().textContent();
  assert.match(carried, /First visit: ticket PSK.*Second visit: PSK/s);
  const head = psk.value.slice(0, 12).map((b) => b.toString(16).padStart(2, '0')).join(' ');
  assert.ok(carried.includes(head), `${head} in ${carried}`);
  assert.match(await panel.textContent(), /The same bytes/);
  // The key diagram: the PSK and the binder key among the values, Early Secret made from it.
  for (const id of ['psk', 'binder_key', 'early_secret']) {
    assert.equal(await p.locator(`.node[data-id=${id}]`).count(), 1, id);
  }
  await shot(p, 'resumption-tls13');
});

test('0-RTT: the request in the first flight, the replay the engine ran, and ⚡ replay inside the connection', async () => {
  const p = await s.page('?suite=tls13&group=x25519mlkem768&early_data=1', { width: 1280, height: 900 });
  const t = cliTranscript(['--suite', 'tls13', '--resume', '--early-data']);
  assert.equal(await stepLabel(p), `step 1 of ${t.records.length}`);
  const names = await arrowNames(p);
  assert.match(names[2], /Application Data/, names.join(' | '));
  assert.match(names.join(' '), /EndOfEarlyData/);
  const [, request] = await row(p, "The browser's request");
  assert.match(request, /0-RTT data \(record 3\)/);
  const [rtFirst, rtSecond] = await row(p, 'Round trips before');
  assert.deepEqual([rtFirst, rtSecond], ['1', '0']);
  // The replay: this server's single-use ticket stops it; one that reuses tickets runs it again.
  const replay = p.locator('.visits-panel .replay');
  assert.match(await replay.locator('[data-server=single-use]').textContent(), /did not run again/);
  assert.match(await replay.locator('[data-server=reusable]').textContent(), /a second time.*"GET \/ HTTP\/1.1"/s);
  assert.match(await p.locator('#visit').inputValue(), /0-rtt/);
  // The early key in the key diagram, from the 0-RTT record on.
  assert.equal(await p.locator('.node[data-id=client_early_traffic_secret]').count(), 1);
  // ⚡ replay of record 3 inside this connection: bad_record_mac, as the CLI says.
  await p.getByRole('link', { name: /replay the 0-RTT record/ }).click();
  await p.waitForURL(/fault=replay:3/);
  await p.getByRole('button', { name: 'Last', exact: true }).click();
  await p.locator('.browser-error').waitFor();
  const faulted = cliTranscript(['--suite', 'tls13', '--resume', '--early-data', '--fault', 'replay:3']);
  assert.equal(faulted.outcome.alert[1].name, 'bad_record_mac');
  assert.match(await p.locator('.browser-error').textContent(), /BAD_RECORD_MAC/);
});

test('TLS 1.2: the abbreviated handshake reuses the master secret; the Visit menu goes back to the first visit', async () => {
  for (const suite of ['rsa', 'ecdhe']) {
    const p = await s.page(`?suite=${suite}&resume=1`);
    const t = cliTranscript(['--suite', suite, '--resume']);
    assert.equal(await stepLabel(p), `step 1 of ${t.records.length}`);
    const names = (await arrowNames(p)).join(' | ');
    assert.doesNotMatch(names, /Certificate|KeyExchange/);
    const left = await p.locator('.visit-left-out strong').textContent();
    assert.match(left, /Certificate/);
    assert.match(left, /ClientKeyExchange/);
    const [, kx] = await row(p, 'A fresh key exchange');
    assert.match(kx, /^none/);
    const master = t.derivations.find((d) => d.id === 'master_secret');
    const head = master.value.slice(0, 12).map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const values = await p.locator('.visits-panel dl.carried .hex-value').allTextContents();
    assert.equal(values.length, 2);
    for (const v of values) assert.ok(v.startsWith(head), `${v} starts ${head}`);
    // No 0-RTT in TLS 1.2.
    assert.equal(await p.locator('#visit option[value="0-rtt"]').count(), 0);
    await p.locator('#visit').selectOption('first');
    await p.waitForURL((u) => !u.search.includes('resume'));
    assert.equal(await p.locator('.visits-panel').count(), 0);
    assert.match((await arrowNames(p)).join(' '), /Certificate/);
  }
});

test('on a phone, by keyboard: the Visit menu and the panel fit 390 px', async () => {
  const p = await s.page('?suite=tls13&resume=1', { width: 390, height: 844 });
  await p.locator('#visit').focus();
  await p.keyboard.press('ArrowDown');
  await p.waitForURL(/early_data=1/);
  await p.locator('.visits-panel .replay').waitFor();
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px)`);
  await p.locator('.visits-panel').scrollIntoViewIfNeeded();
  await shot(p, 'resumption-phone');
});

test('embedded in a course page, a link with resume=1 loads the resumption build in the frame', async () => {
  const { frame } = await host(s, '?suite=tls13&resume=1&embed=1');
  await frame.locator('.arrow').first().waitFor();
  const names = await frame.locator('.arrow').evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') ?? a.textContent).join(' '));
  assert.doesNotMatch(names, /Certificate/);
});

test('the course page does not offer the second visit, and says where it is', async () => {
  const p = await s.page('course/?resume=1');
  await p.locator('.notice').first().waitFor();
  assert.match(await p.locator('.notices').textContent(), /Ignored resume=1: the second visit is shown in the lab/);
  assert.equal(await p.locator('#visit').count(), 0);
  assert.match((await arrowNames(p)).join(' '), /Certificate/);
});

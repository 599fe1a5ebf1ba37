// The active attacker on the path (issue 33), as a student meets it: the link in the lab's
// masthead menu (which opens the lab's attacker build), the "Attacker on the path" menu, the
// third lane with both of a terminating attacker's connections in the order of the wire
// (against the CLI's transcript), the key diagram marking what the attacker holds, what it
// read, the browser's error page for each failure, the changed record of a relaying attacker,
// the lesson's four attacks, a phone, a keyboard and the course page's absence of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliTranscript, host, session, settledHeight, shot, stepLabel } from './helpers.mjs';

const s = session();

/** The page's wasm files fetched so far (not the workers'). */
const pageWasm = (p) => p.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname.split('/').pop())
  .filter((f) => f.startsWith('tls-lab-web') && f.endsWith('_bg.wasm')));

/** The diagram's rows in order: a step's name, or "up N name" for the attacker's own connection. */
const rows = (p) => p.locator('.sequence-svg .arrow').evaluateAll((as) => as.map((a) => (a.dataset.upstreamRecord
  ? `up ${a.dataset.upstreamRecord} ${a.querySelector('.label').textContent}`
  : a.getAttribute('aria-label'))));

const title = (r) => r.messages.map((m) => m.replace(/^Handshake: /, '')).join(', ');

test('the masthead link opens the attacker build, which the lab does not fetch', async () => {
  const p = await s.page('?suite=tls13&group=x25519');
  const lab = await pageWasm(p);
  await p.locator('details.learn summary').click();
  await p.locator('a#attack-link').click();
  await p.waitForURL(/attack=relay-cert/);
  await p.locator('.attacker-panel').waitFor();
  const attacked = await pageWasm(p);
  assert.equal(attacked.length, 1, attacked.join(' '));
  assert.notEqual(attacked[0], lab[0]);
  assert.equal(await p.locator('#attack').inputValue(), 'relay-cert');
  // The course page has no attacker, and says where it is.
  const c = await s.page('course/?attack=own-cert');
  await c.locator('.notice').first().waitFor();
  assert.match(await c.locator('.notices').textContent(), /Ignored attack=own-cert: the attacker is shown in the lab, in runs without client_cert=/);
});

test('trusted-ca: both connections in the order of the wire, the CLI\'s, and what the attacker read', async () => {
  for (const suite of ['tls13', 'ecdhe', 'rsa']) {
    const p = await s.page(`?suite=${suite}&attack=trusted-ca`, { width: 1280, height: 900 });
    const t = cliTranscript(['--suite', suite, '--attack', 'trusted-ca']);
    const a = t.attacker;
    assert.equal(await stepLabel(p), `step 1 of ${t.records.length}`);
    // The third lane: the browser's records are the steps, the attacker's own connection's are
    // drawn between them where they went on the wire.
    const want = a.order.map((h) => (h.connection === 'browser'
      ? title(t.records[h.record - 1])
      : `up ${h.record} ${title(a.server_connection.records[h.record - 1])}`));
    assert.deepEqual(await rows(p), want, suite);
    assert.equal(await p.locator('.party', { hasText: 'Attacker' }).count(), 1);
    // Who sent the record: the attacker, posing as the server.
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    await p.keyboard.press('Home');
    await p.keyboard.press('ArrowRight');
    assert.match(await p.locator('.explanation .direction').textContent(), /^Attacker → Browser/);
    assert.match(await p.locator('.explanation .attacker-note').textContent(), /posing as server\.test/);
    // What it read: the CLI's request and response.
    const panel = p.locator('.attacker-panel');
    assert.match(await panel.locator('.attacker-verdict strong').textContent(), /^Nothing stopped it/);
    const read = await panel.locator('#attacker-read pre').allTextContents();
    assert.deepEqual(read, a.read.map((r) => r.text));
    // The keys it holds, of both connections, with the key diagram's A.
    assert.ok(await panel.locator('#attacker-keys-browser li').count() > 3);
    assert.ok(await panel.locator('#attacker-keys-server li').count() > 3);
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    const who = await p.locator('.keys-panel .node-who').allTextContents();
    assert.ok(who.includes('B · A'), who.join(' | '));
    assert.ok(!who.some((w) => w.includes('S')), who.join(' | '));
    if (suite === 'tls13') await shot(p, 'attack-trusted-ca');
  }
});

test('each failure ends in the browser\'s error page, as the CLI says', async () => {
  for (const [attack, suite, code, verdict] of [
    ['own-cert', 'tls13', 'ERR_CERT_AUTHORITY_INVALID', /^Stopped by the browser, which sent unknown_ca/],
    ['relay-cert', 'tls13', 'ERR_SSL_PROTOCOL_ERROR', /^Stopped by the browser, which sent decrypt_error/],
    ['relay-cert', 'ecdhe', 'ERR_SSL_PROTOCOL_ERROR', /^Stopped by the browser, which sent decrypt_error/],
    ['downgrade', 'tls13', 'ERR_TLS13_DOWNGRADE_DETECTED', /^Stopped by the browser, which sent illegal_parameter/],
    ['downgrade', 'ecdhe', 'ERR_SSL_BAD_RECORD_MAC_ALERT', /^Stopped by the server, which sent bad_record_mac/],
  ]) {
    const p = await s.page(`?suite=${suite}&attack=${attack}`);
    const t = cliTranscript(['--suite', suite, '--attack', attack]);
    assert.equal(t.outcome.browser_error.code.replace('NET::', ''), code);
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    await p.locator('.browser-error').waitFor();
    assert.match(await p.locator('.browser-error').textContent(), new RegExp(code), `${attack} ${suite}`);
    const panel = p.locator('.attacker-panel');
    assert.match(await panel.locator('.attacker-verdict strong').textContent(), verdict, `${attack} ${suite}`);
    assert.equal(await panel.locator('#attacker-verdict-text').textContent(), t.attacker.verdict);
    assert.match(await panel.locator('#attacker-read').textContent(), /^Nothing/);
  }
});

test('a relaying attacker: the changed record says so, and it holds no key of the connection', async () => {
  const p = await s.page('?suite=ecdhe&attack=relay-cert');
  const t = cliTranscript(['--suite', 'ecdhe', '--attack', 'relay-cert']);
  const edit = t.attacker.edits[0];
  const arrow = p.locator(`.arrow[data-record="${edit.record}"]`);
  await arrow.click();
  assert.match(await p.locator('.explanation .direction').textContent(), /through the attacker/);
  assert.match(await p.locator('.explanation .attacker-note').textContent(), /changed this record on its way/);
  assert.equal(await p.locator('.edit-mark').count(), 1);
  // The inspector shows the bytes the browser received: the attacker's.
  assert.match(await p.locator('.attacker-panel #attacker-edits').textContent(), new RegExp(`Record ${edit.record}: it put the attacker's own X25519 public key`));
  assert.match(await p.locator('#attacker-keys-none').textContent(), /X25519 private key/);
  // RSA: it can only relay, and reads nothing.
  const r = await s.page('?suite=rsa&attack=relay-cert');
  assert.match(await r.locator('.attacker-verdict').textContent(), /Nothing stopped it/);
  assert.match(await r.locator('#attacker-verdict-text').textContent(), /nothing but ciphertext/);
  assert.match(await r.locator('#attacker-keys-none').textContent(), /^None/);
});

test('the menu and the lesson\'s links move between attacks, and back to no attacker', async () => {
  const p = await s.page('?suite=tls13&attack=own-cert');
  const lesson = p.locator('.attacker-lesson li');
  assert.equal(await lesson.count(), 4);
  assert.equal(await p.locator('.attacker-lesson li[aria-current=step]').textContent().then((x) => x.startsWith('own-cert')), true);
  await lesson.nth(2).locator('a').click();
  await p.waitForURL(/attack=trusted-ca/);
  assert.match(await p.locator('.attacker-verdict').textContent(), /Nothing stopped it/);
  await p.locator('#attack').selectOption('downgrade');
  await p.waitForURL(/attack=downgrade/);
  await p.locator('#attack').selectOption('');
  await p.waitForURL((u) => !u.search.includes('attack'));
  assert.equal(await p.locator('.attacker-panel').count(), 0);
  assert.equal(await p.locator('.party', { hasText: 'Attacker' }).count(), 0);
});

test('on a phone, by keyboard: the menu, the three lanes and the panel fit 390 px', async () => {
  const p = await s.page('?suite=tls13&attack=own-cert', { width: 390, height: 844 });
  await p.locator('#attack').focus();
  // The menu's next attack.
  await p.keyboard.press('ArrowDown');
  await p.waitForURL(/attack=trusted-ca/);
  await p.locator('.attacker-panel #attacker-read pre').first().waitFor();
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px)`);
  await p.locator('.attacker-panel').scrollIntoViewIfNeeded();
  await shot(p, 'attack-phone');
});

test('embedded in a course page at 390 px, a link with attack= loads the attacker build: its lane, no panel, a height that fits', async () => {
  const { p, frame } = await host(s, '?suite=tls13&attack=own-cert&embed=1', { width: 390 });
  await frame.locator('.party', { hasText: 'Attacker' }).waitFor();
  const upstream = await frame.locator('.arrow.upstream').count();
  const t = cliTranscript(['--suite', 'tls13', '--attack', 'own-cert']);
  assert.equal(upstream, t.attacker.server_connection.records.length);
  // The embed keeps a steady height: the panel below the run is the full page's.
  assert.equal(await frame.locator('.attacker-panel').count(), 0);
  const height = await settledHeight(p, frame);
  const content = await frame.locator('body').evaluate((b) => b.scrollHeight);
  assert.ok(Math.abs(height - content) <= 2, `frame ${height} px for content of ${content} px`);
});

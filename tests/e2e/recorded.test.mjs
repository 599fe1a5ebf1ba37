// One connection of a student's own capture in the lab's views (issue 30): the capture part's
// "Show it in the sequence diagram, inspector and key diagram" opens the recorded page
// (dist/recorded/) in a dialog, which builds the connection's transcript with the engine and
// shows it marked recorded: the derivations from the key log, the decrypted request and
// response; without a key log, what the eavesdropper sees. The Chromium sample, OpenSSL
// captures (TLS 1.2 RSA, TLS 1.2 ECDHE with AES-GCM and with ChaCha20-Poly1305, TLS 1.3), a
// phone, the page on its own, and nothing fetched but the page's own files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { session, shot } from './helpers.mjs';
import { opensslCapture } from './captures.mjs';

const s = session();
const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLE = `${ROOT}samples/chromium-tls13.pcapng`;

/** The lab's capture part with `files` read (the sample and its key log without). */
async function listed(files, viewport) {
  const p = await s.page('?eavesdropper=1', viewport);
  await p.locator('.own-capture summary').click();
  if (files) await p.locator('#capture-files').setInputFiles(files);
  else await p.getByRole('button', { name: /Try a real one/ }).click();
  await p.locator('[data-recorded-connection]').first().waitFor();
  return p;
}

/** Chooses connection `which` and shows it in the views: the recorded page's frame. */
async function shown(p, which) {
  await p.locator(which).first().click();
  // The eavesdropper's report: with a key log its outcome, without one what is seen.
  await p.locator('.capture-report [data-eavesdropper-outcome], .capture-report .seen li').first().waitFor();
  await p.getByRole('button', { name: 'Show it in the sequence diagram, inspector and key diagram' }).click();
  await p.locator('dialog.recorded-dialog[open]').waitFor();
  const frame = p.frameLocator('dialog.recorded-dialog iframe');
  await frame.locator('[data-recorded]').waitFor();
  return frame;
}

const arrows = (f) => f.locator('.sequence-svg .arrow');
const labels = (f) => arrows(f).evaluateAll((a) => a.map((e) => e.getAttribute('aria-label')));

describe('a recorded connection in the views', () => {
  test('the Chromium sample with its key log: every record opened, the key log\'s secrets, the request and response', async () => {
    const p = await listed(undefined, { width: 1280, height: 900 });
    const requests = [];
    p.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    const listedAs = await p.locator('[data-recorded-connection][data-decrypted=true]').first().innerText();
    const f = await shown(p, '[data-recorded-connection][data-decrypted=true]');
    // Only the recorded page's own files are fetched, and nothing is sent.
    for (const r of requests) assert.match(r, /^GET \/(recorded\/[\w.-]*|capture[\w.-]*|outsider[\w.-]*|worker\.js|fields\.txt|glossary\.txt)$/, r);
    assert.ok(requests.some((r) => r.startsWith('GET /recorded/')), requests.join('\n'));
    const head = await f.locator('.recorded-head').innerText();
    assert.match(head, /Recorded/);
    assert.match(head, /server\.test/);
    assert.match(head, /TLS 1\.3 \(0x0304\), X25519MLKEM768 \(0x11ec\), TLS_AES_128_GCM_SHA256 \(0x1301\)/);
    assert.match(head, /The key log opened all \d+ protected records/);
    const n = +listedAs.match(/(\d+) records/)[1];
    assert.equal(await arrows(f).count(), n, 'one arrow per record of the list');
    const all = (await labels(f)).join(' | ');
    for (const m of ['ClientHello', 'ServerHello', 'EncryptedExtensions', 'Certificate', 'CertificateVerify', 'Finished', 'Application Data']) {
      assert.ok(all.includes(m), `${m} in ${all}`);
    }
    assert.doesNotMatch(all, /Encrypted (Application Data|Handshake Message|Alert)/, 'every record opened');
    // No choices, faults or share: a recording is not a run the page can make again.
    assert.equal(await f.locator('.choices, .fault-btn, .share-toggle, textarea#request').count(), 0);
    // An encrypted handshake record in the inspector: its key, nonce and additional data.
    await arrows(f).nth(3).click();
    const inspector = await f.locator('.protection').innerText();
    assert.match(inspector, /Sealed with server_handshake_key \(AES-128-GCM\), sequence number \d/);
    assert.match(inspector, /write_iv/);
    // The key diagram: the key log's traffic secrets and the keys made from them.
    await f.getByRole('button', { name: 'Last', exact: true }).click();
    for (const id of ['client_handshake_traffic_secret', 'server_handshake_key', 'client_application_traffic_secret_0']) {
      assert.equal(await f.locator(`.node[data-id=${id}]`).count(), 1, id);
    }
    await f.locator('.node[data-id=client_handshake_traffic_secret]').click();
    assert.match(await f.locator('.keys-panel').innerText(), /from the key log's CLIENT_HANDSHAKE_TRAFFIC_SECRET line/);
    // The decrypted request and response, as text.
    const data = await f.locator('.appdata').innerText();
    assert.match(data, /GET \/ HTTP\/1\.1/);
    assert.match(data, /HTTP\/1\.1 200/);
    await shot(p, 'recorded-sample');
    // Escape closes the dialog; the lab is where it was.
    await p.keyboard.press('Escape');
    await p.locator('dialog.recorded-dialog[open]').waitFor({ state: 'detached' }).catch(() => {});
    assert.equal(await p.locator('dialog.recorded-dialog[open]').count(), 0);
    assert.ok(await p.locator('.capture-report [data-eavesdropper-outcome]').isVisible());
  });

  test('without a key log: what an eavesdropper sees, in the same views', async () => {
    const p = await listed(SAMPLE);
    const f = await shown(p, '[data-recorded-connection]');
    assert.match(await f.locator('.recorded-head').innerText(), /No key log: what an eavesdropper sees/);
    const all = await labels(f);
    assert.ok(all[0].startsWith('ClientHello') && all[1].startsWith('ServerHello'), all.join(' | '));
    assert.ok(all.slice(2).every((l) => /Encrypted Application Data|ChangeCipherSpec/.test(l)), all.join(' | '));
    await arrows(f).nth(3).click();
    assert.match(await f.locator('.explanation').innerText(), /Without its keys.*an eavesdropper sees only the header/s);
    assert.match(await f.locator('.explanation').innerText(), /encrypted/, 'a sealed record is said to be encrypted');
    // Only the randoms, public in the hellos: no secret.
    const nodes = await f.locator('.node').evaluateAll((n) => n.map((e) => e.getAttribute('data-id')));
    assert.deepEqual(nodes.sort(), ['client_random', 'server_random']);
  });

  // OpenSSL's captures, made here with dumpcap: each handshake's messages, the first record the
  // browser seals (its key, AEAD and nonce), the key log's values and the response.
  for (const [name, flags, messages, sealed, nonce, nodes] of [
    ['TLS 1.2, RSA key transport', ['-tls1_2', '-cipher', 'AES128-GCM-SHA256'],
      ['Certificate', 'ServerHelloDone', 'ClientKeyExchange', 'ChangeCipherSpec', 'Finished'],
      /Sealed with client_write_key \(AES-128-GCM\), sequence number 0/, /salt/, ['master_secret', 'key_block', 'client_write_key', 'server_write_IV']],
    ['TLS 1.2 ECDHE, AES-128-GCM', ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256'],
      ['ServerKeyExchange', 'ClientKeyExchange', 'ChangeCipherSpec', 'Finished'],
      /Sealed with client_write_key \(AES-128-GCM\), sequence number 0/, /salt/, ['master_secret', 'key_block', 'client_write_key', 'server_write_IV']],
    ['TLS 1.2 ECDHE, ChaCha20-Poly1305', ['-tls1_2', '-cipher', 'ECDHE-RSA-CHACHA20-POLY1305'],
      ['ServerKeyExchange', 'ClientKeyExchange', 'ChangeCipherSpec', 'Finished'],
      /Sealed with client_write_key \(ChaCha20-Poly1305\), sequence number 0/, /write_iv/, ['master_secret', 'key_block', 'client_write_key', 'server_write_IV']],
    ['TLS 1.3', ['-tls1_3'],
      ['EncryptedExtensions', 'Certificate', 'CertificateVerify', 'Finished'],
      /Sealed with client_handshake_key \(AES-\d+-GCM\), sequence number 0/, /write_iv/, ['client_handshake_traffic_secret', 'server_handshake_key', 'server_application_traffic_secret_0']],
  ]) {
    test(`openssl s_client ↔ s_server, ${name}: its records, keys and response`, async () => {
      const { pcap, keys } = await opensslCapture(flags);
      const p = await listed([pcap, keys]);
      const f = await shown(p, '[data-recorded-connection][data-decrypted=true]');
      const all = await labels(f);
      for (const m of [...messages, 'Application Data']) {
        assert.ok(all.some((l) => l.includes(m)), `${m} in ${all.join(' | ')}`);
      }
      // The browser's first sealed record: its Finished.
      const finished = await arrows(f).evaluateAll((a) => a.flatMap((e, i) => (/^Finished/.test(e.getAttribute('aria-label')) ? [i] : [])));
      let browsers = false;
      for (const i of finished) {
        await arrows(f).nth(i).click();
        if ((await f.locator('.explanation .direction').innerText()).startsWith('Browser')) { browsers = true; break; }
      }
      assert.ok(browsers, all.join(' | '));
      const inspector = await f.locator('.protection').innerText();
      assert.match(inspector, sealed);
      assert.match(inspector, nonce);
      await f.getByRole('button', { name: 'Last', exact: true }).click();
      for (const id of nodes) assert.equal(await f.locator(`.node[data-id=${id}]`).count(), 1, id);
      assert.match(await f.locator('.appdata').innerText(), /hello from openssl s_server/);
    });
  }

  test('on a phone: the dialog and its views fit the width', async () => {
    const p = await listed(undefined, { width: 390, height: 844 });
    const f = await shown(p, '[data-recorded-connection][data-decrypted=true]');
    const overflow = await f.locator('html').evaluate((e) => e.scrollWidth - e.clientWidth);
    assert.ok(overflow <= 0, `the recorded page scrolls sideways by ${overflow} px`);
    await f.locator('.controls button.next').click();
    assert.match(await f.locator('.step-label').textContent(), /step 2 of/);
    await shot(p, 'recorded-390');
  });

  test('opened on its own, the page says where a connection comes from', async () => {
    const p = await s.page(null);
    await p.goto(`${s.env.base}recorded/`);
    await p.locator('.recorded-waiting').waitFor();
    assert.match(await p.locator('.recorded-waiting').innerText(), /Open the capture in the lab/);
    assert.equal(await p.locator('.sequence-svg').count(), 0, 'no simulated run is shown as recorded');
    assert.equal(await p.locator('.recorded-waiting a').getAttribute('href'), '../?eavesdropper=1');
  });
});

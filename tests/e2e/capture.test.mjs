// A student's own capture (issue 30), in the lab: the eavesdropper's panel opens a pcap or
// pcapng and its key log in a worker of its own. The shipped Chromium sample with and without
// its key log, OpenSSL captures made here with dumpcap (TLS 1.2 RSA, TLS 1.2 ECDHE, TLS 1.3),
// files dropped on the page, broken files answered in a line, a phone, and no request off the
// page's origin.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, host, session, shot } from './helpers.mjs';
import { opensslCapture } from './captures.mjs';

const s = session();
const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLE = `${ROOT}samples/chromium-tls13.pcapng`;
const SAMPLE_KEYS = `${ROOT}samples/chromium-tls13.keys`;

/** The lab with the eavesdropper's panel, its capture part open. */
async function panel(viewport) {
  const p = await s.page('?eavesdropper=1', viewport);
  await p.locator('.own-capture summary').click();
  await p.locator('#capture-files').waitFor();
  return p;
}

const status = (p) => p.locator('.capture-status').textContent();
const connections = (p) => p.locator('[data-recorded-connection]');

/** Waits for the list, or for the status line to say why there is none. */
async function settled(p) {
  await p.waitForFunction(() => document.querySelector('[data-recorded-connection]')
    || !/^(Reading|Fetching)/.test(document.querySelector('.capture-status')?.textContent ?? ''));
}

/** Chooses the first connection the key log opens and returns its report's text. */
async function openFirstDecrypted(p) {
  await p.locator('[data-recorded-connection][data-decrypted=true]').first().click();
  const outcome = p.locator('.capture-report [data-eavesdropper-outcome]');
  await outcome.waitFor();
  return { verdict: await outcome.getAttribute('data-eavesdropper-outcome'), text: await p.locator('.capture-report').innerText() };
}

describe('a capture of your own', () => {
  test('"Try a real one": the Chromium sample and its key log, fetched only on that click', async () => {
    const p = await panel();
    const fetched = [];
    p.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    assert.equal(fetched.filter((f) => f.includes('samples/')).length, 0);
    await p.getByRole('button', { name: /Try a real one/ }).click();
    await connections(p).first().waitFor();
    assert.deepEqual(fetched.filter((f) => f.includes('samples/')).sort(), ['/samples/chromium-tls13.keys', '/samples/chromium-tls13.pcapng']);
    const first = await p.locator('[data-recorded-connection][data-decrypted=true]').first().innerText();
    assert.match(first, /127\.0\.0\.1:\d+ → 127\.0\.0\.1:\d+/);
    assert.match(first, /TLS 1\.3/);
    assert.match(first, /\d+ records/);
    assert.match(first, /in the key log/);
    const { verdict, text } = await openFirstDecrypted(p);
    assert.equal(verdict, 'opened');
    assert.match(text, /GET \//, 'the request, decrypted');
    assert.match(text, /How: \d+ steps/, 'the derivations from the key log');
    assert.match(text, /server_name/, 'what the wire shows');
    await shot(p, 'capture-sample');
  });

  test('without its key log: what the eavesdropper sees, nothing opened, nothing sent', async () => {
    const p = await panel();
    const requests = [];
    p.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname} ${r.postData() ?? ''}`));
    await p.locator('#capture-files').setInputFiles(SAMPLE);
    await settled(p);
    // Only the outsiders' code is fetched (the reader's, and the eavesdropper's for the run the
    // panel shows), and nothing is sent.
    for (const r of requests) assert.match(r, /^GET \/(capture[\w.-]*|outsider[\w.-]*|worker\.js) $/, r);
    assert.ok(await connections(p).count() > 0);
    assert.equal(await p.locator('[data-recorded-connection][data-decrypted=true]').count(), 0);
    await connections(p).first().click();
    await p.locator('.capture-report .seen li').first().waitFor();
    const text = await p.locator('.capture-report').innerText();
    assert.doesNotMatch(text, /GET \//);
    assert.equal(await p.locator('.capture-report [data-eavesdropper-outcome]').count(), 0);
  });

  // [name, OpenSSL's flags, what the list says]
  for (const [name, flags, settles] of [
    ['TLS 1.2, RSA key transport', ['-tls1_2', '-cipher', 'AES128-GCM-SHA256'], /TLS 1\.2.*RSA key transport/],
    ['TLS 1.2, ECDHE', ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256'], /TLS 1\.2.*x25519/],
    ['TLS 1.3', ['-tls1_3'], /TLS 1\.3/],
  ]) {
    test(`openssl s_client ↔ s_server, ${name}, recorded by dumpcap, opened with the client's key log`, async () => {
      const { pcap, keys } = await opensslCapture(flags);
      const p = await panel();
      await p.locator('#capture-files').setInputFiles([pcap, keys]);
      await settled(p);
      assert.equal(await connections(p).count(), 1, await status(p));
      assert.match(await connections(p).first().innerText(), settles);
      assert.match(await connections(p).first().innerText(), /server\.test/);
      const { verdict, text } = await openFirstDecrypted(p);
      assert.equal(verdict, 'opened', text);
      assert.match(text, /GET \/from-openssl/);
      assert.match(text, /hello from openssl s_server/);
    });
  }

  test('a Chromium capture made now, with SSLKEYLOGFILE, opened with its key log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-lab-chromium-'));
    execFileSync('bash', [`${ROOT}scripts/make-sample-capture.sh`, dir], { stdio: 'ignore', timeout: 120000 });
    const p = await panel();
    await p.locator('#capture-files').setInputFiles([`${dir}/chromium-tls13.pcapng`, `${dir}/chromium-tls13.keys`]);
    await settled(p);
    assert.match(await connections(p).first().innerText(), /server\.test.*\n?.*TLS 1\.3.*X25519MLKEM768/s);
    // Chromium may open a second connection it never uses: the page is in one of them.
    const decrypted = p.locator('[data-recorded-connection][data-decrypted=true]');
    const texts = [];
    for (let i = 0; i < await decrypted.count(); i++) {
      await decrypted.nth(i).click();
      const outcome = p.locator('.capture-report [data-eavesdropper-outcome]');
      await p.waitForFunction((n) => document.querySelector('[data-recorded-connection][aria-pressed=true]')?.dataset.recordedConnection === String(n)
        && document.querySelector('.capture-report [data-eavesdropper-outcome]'), await decrypted.nth(i).getAttribute('data-recorded-connection'));
      assert.equal(await outcome.getAttribute('data-eavesdropper-outcome'), 'opened');
      texts.push(await p.locator('.capture-report').innerText());
    }
    const page = texts.find((t) => /GET \/ HTTP\/1\.1/.test(t));
    assert.ok(page, texts.join('\n---\n'));
    assert.match(page, /Hello from tls-lab serve/);
  });

  test('files dropped anywhere on the page open the panel and are read', async () => {
    const p = await s.page('');
    assert.equal(await p.locator('#capture').count(), 0);
    const bytes = (f) => [...readFileSync(f)];
    await p.evaluate(([capture, keys]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(capture)], 'chromium.pcapng'));
      dt.items.add(new File([new Uint8Array(keys)], 'chromium.keys'));
      document.querySelector('.diagram-panel').dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      document.querySelector('.diagram-panel').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [bytes(SAMPLE), bytes(SAMPLE_KEYS)]);
    await connections(p).first().waitFor();
    assert.match(await status(p), /chromium\.pcapng with chromium\.keys: read/);
    assert.ok(await p.locator('[data-recorded-connection][data-decrypted=true]').count() > 0);
  });

  test('bad files get a line each, and the page stays usable', async () => {
    const p = await panel();
    const sample = readFileSync(SAMPLE);
    const other = (() => {
      const dir = `${ROOT}artifacts/tmp`;
      mkdirSync(dir, { recursive: true });
      cli(['export', '--suite', 'tls13', '--pcap', `${dir}/run.pcap`, '--keylog', `${dir}/run.keys`]);
      return { pcap: `${dir}/run.pcap`, keys: `${dir}/run.keys` };
    })();
    const file = (name, buffer) => ({ name, mimeType: 'application/octet-stream', buffer });
    // Over the limit: a sparse file, refused from its size before it is read.
    mkdirSync(`${ROOT}artifacts/tmp`, { recursive: true });
    const huge = `${ROOT}artifacts/tmp/huge.pcapng`;
    writeFileSync(huge, '');
    truncateSync(huge, 64 * 1024 * 1024 + 1);
    for (const [what, files, expected] of [
      ['not a capture', [file('notes.pcap', Buffer.from('these are my notes\n'))], /None of these is a capture/],
      ['truncated', [file('cut.pcapng', sample.subarray(0, sample.length / 2))], /truncated/],
      ['a key log of another capture', [SAMPLE, other.keys], /belongs to another capture/],
      ['a key log that is not one', [file('sample.pcapng', sample), file('keys.txt', Buffer.from('hello there\n'))], /The key log cannot be read/],
      ['too big', [huge], /up to 64 MB/],
    ]) {
      await p.locator('#capture-files').setInputFiles(files);
      await settled(p);
      // What the page says: the status line, and any notice above the list.
      const lines = [await status(p), ...await p.locator('.capture-list .notice').allTextContents()];
      assert.ok(lines.some((l) => expected.test(l)), `${what}: ${lines.join(' | ')}`);
      for (const l of lines) assert.doesNotMatch(l, /\n/, `${what}: one line`);
    }
    // A capture with TCP but no TLS: the run's own pcap with its records' bytes blanked.
    const noTls = readFileSync(other.pcap);
    for (let i = 24; i + 16 < noTls.length;) {
      const len = noTls.readUInt32LE(i + 8);
      noTls.fill(0x41, i + 16 + 54, i + 16 + len);
      i += 16 + len;
    }
    await p.locator('#capture-files').setInputFiles([file('no-tls.pcap', noTls)]);
    await settled(p);
    assert.match(await status(p), /No TLS in this capture/);
    // The page still steps.
    const before = await p.locator('.step-label').textContent();
    await p.locator('.controls button.next').click();
    assert.notEqual(await p.locator('.step-label').textContent(), before);
  });

  test("embedded with the share snippet's sandbox at 390 px: the sample opens in the frame", async () => {
    const { frame } = await host(s, '?eavesdropper=1&embed=1', {
      width: 390, height: 900, sandbox: 'allow-scripts allow-same-origin allow-downloads',
    });
    await frame.locator('.own-capture summary').click();
    await frame.getByRole('button', { name: /Try a real one/ }).click();
    await frame.locator('[data-recorded-connection][data-decrypted=true]').first().click();
    await frame.locator('.capture-report [data-eavesdropper-outcome=opened]').waitFor();
    const right = await frame.locator('.own-capture').evaluate((e) => e.getBoundingClientRect().right);
    assert.ok(right <= 390, `the capture part reaches ${right} px in a 390 px frame`);
  });

  test('on a phone: the list and a report fit the width', async () => {
    const p = await panel({ width: 390, height: 844 });
    await p.getByRole('button', { name: /Try a real one/ }).click();
    await openFirstDecrypted(p);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
    await shot(p, 'capture-390');
  });
});

// Browser tests of the page (release build, system Chromium): node --test tests/e2e/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, cliTranscript, hex, host, hoverByte, open, session, shot, stepLabel } from './helpers.mjs';

// One page per test, checked for console errors and requests leaving 127.0.0.1.
const s = session();
const page = (query = '', viewport) => s.page(query, viewport);
const arrowNames = (p) => p.$$eval('.arrow', (as) => as.map((a) => a.getAttribute('aria-label')));

describe('handshake', () => {
  test('the default page is TLS 1.3 with the hybrid key share, as a 2026 browser makes it; the 2013 classic is one click away', async () => {
    const d = await page('');
    assert.match(await d.locator('.explanation').textContent(), /X25519MLKEM768/);
    assert.ok((await arrowNames(d)).includes('EncryptedExtensions'));
    await d.locator('input[name=handshake]').first().check();
    await d.waitForURL(/suite=rsa/);
    const p = await page('?suite=rsa');
    const names = await arrowNames(p);
    for (const m of ['ClientHello', 'ServerHello', 'Certificate', 'ServerHelloDone', 'ClientKeyExchange',
      'ChangeCipherSpec', 'Finished', 'Application Data']) {
      assert.ok(names.includes(m), `${m} in ${names}`);
    }
    assert.ok(!names.includes('ServerKeyExchange'), 'RSA key exchange has no ServerKeyExchange');
    assert.equal(await stepLabel(p), `step 1 of ${names.length}`);
    await p.getByRole('button', { name: 'ClientHello', exact: true }).waitFor();
    assert.equal(await p.locator('.arrow.enc').count() > 0, true, 'encrypted records look different');
    await shot(p, 'default');
  });

  test("a certificate's fields load on first use, from the dissector's worker, and are the CLI's", async () => {
    // The lab's and the course page's first loads have no certificate dissector.
    for (const [path, query, step] of [['', '?suite=rsa', 3], ['', '?suite=tls13&group=x25519', 5], ['course/', '?suite=ecdhe', 3]]) {
      const p = await page(path + query);
      // Everything the page has fetched since it began loading.
      const fetched = () => p.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      // Not before a certificate is shown.
      await p.keyboard.press('ArrowRight');
      assert.ok(!(await fetched()).some((f) => f.includes('dissector')), (await fetched()).join(' '));
      await p.locator(`.arrow[data-record="${step}"]`).click();
      const san = p.locator('.field[data-name=subjectAltName]').first();
      await san.waitFor();
      assert.ok((await fetched()).some((f) => f.endsWith('/worker.js?dissector')), (await fetched()).join(' '));
      // The tree is the engine's, as the CLI prints it: the same names over the same bytes.
      const t = cliTranscript(query.slice(1).split('&').flatMap((kv) => { const [k, v] = kv.split('='); return [`--${k}`, v]; }));
      const r = t.records[step - 1];
      const fields = r.protection ? r.protection.plaintext_fields : r.fields;
      const want = [];
      const walk = (f) => { want.push(`${f.name} ${f.start}-${f.end}`); f.children.forEach(walk); };
      fields.forEach(walk);
      const pane = r.protection ? '.pane.plaintext' : '.pane.wire';
      const shown = await p.locator(`${pane} .field`).evaluateAll((b) => b.map((e) => `${e.dataset.name} ${e.dataset.start}-${e.dataset.end}`));
      assert.deepEqual(shown, want);
      // Pointing at it highlights its bytes.
      await san.hover();
      assert.ok(await p.locator(`${pane} .hex .hl`).count() > 0);
    }
  });

  test('Next, Previous, the keyboard and arrow clicks move through the steps', async () => {
    const p = await page('?suite=rsa');
    const n = (await arrowNames(p)).length;
    await p.getByRole('button', { name: 'Next', exact: true }).click();
    assert.equal(await stepLabel(p), `step 2 of ${n}`);
    assert.equal(await p.locator('.arrow[aria-current=step]').getAttribute('aria-label'), 'ServerHello');
    await p.getByRole('button', { name: 'Previous', exact: true }).click();
    assert.equal(await stepLabel(p), `step 1 of ${n}`);
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    assert.equal(await stepLabel(p), `step ${n} of ${n}`);
    await p.getByRole('button', { name: 'First', exact: true }).click();
    await p.evaluate(() => document.activeElement?.blur());
    await p.keyboard.press('End');
    assert.equal(await stepLabel(p), `step ${n} of ${n}`);
    await p.keyboard.press('Home');
    await p.keyboard.press('ArrowRight');
    await p.keyboard.press('ArrowRight');
    await p.keyboard.press('ArrowLeft');
    assert.equal(await stepLabel(p), `step 2 of ${n}`);
    assert.match(p.url(), /step=2/, 'the URL follows the step');
    await p.getByRole('button', { name: 'ClientKeyExchange' }).click();
    assert.match(await p.locator('.explanation h2').textContent(), /ClientKeyExchange/);
    // Space plays; the page advances by itself.
    await p.evaluate(() => document.activeElement?.blur());
    await p.keyboard.press('Space');
    await p.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await p.waitForFunction(() => !/step 5 of/.test(document.querySelector('.step-label').textContent), null, { timeout: 4000 });
    await p.keyboard.press('Space');
    await p.getByRole('button', { name: 'Play', exact: true }).waitFor();
  });

  test('New run draws a fresh seed that the URL keeps, and ECDHE adds ServerKeyExchange', async () => {
    const p = await page('?suite=rsa');
    await p.getByRole('button', { name: 'New run', exact: true }).click();
    await p.waitForURL((u) => !/[?&]seed=1(&|$)/.test(u.search));
    const seed = new URL(p.url()).searchParams.get('seed');
    assert.match(seed, /^\d+$/);
    assert.equal(await p.locator('#seed').inputValue(), seed);
    await p.getByLabel('TLS 1.2 · ECDHE').check();
    assert.ok((await arrowNames(p)).includes('ServerKeyExchange'));
    assert.match(p.url(), /suite=ecdhe/);
  });

  test('a deep link opens the same run at the same step', async () => {
    const p = await page('?suite=ecdhe&seed=3&step=4&ems=0');
    const names = await arrowNames(p);
    assert.ok(names.includes('ServerKeyExchange'));
    assert.equal(await stepLabel(p), `step 4 of ${names.length}`);
    assert.equal(await p.locator('.arrow[aria-current=step]').getAttribute('data-record'), '4');
    assert.equal(await p.locator('input[name=handshake]').nth(1).isChecked(), true);
    assert.equal(await p.locator('.choices input[type=checkbox]').isChecked(), false);
    assert.equal(await p.locator('.notices').count(), 0);
  });

  test('garbage parameters show a notice and fall back to defaults', async () => {
    const p = await page('?suite=des&seed=-1&step=0&ems=maybe&cert=evil&fault=boom:1&%3Cb%3Ex%3C/b%3E=1');
    const notices = await p.locator('.notice').allTextContents();
    assert.ok(notices.length >= 7, notices.join(' | '));
    assert.ok(notices.some((t) => t.includes('<b>x</b>')), 'hostile text is shown as text');
    assert.equal(await p.locator('b').count(), 0, 'and never as markup');
    assert.ok((await arrowNames(p)).includes('ClientHello'), 'the default run still renders');
    const past = await page('?suite=rsa&step=999&fault=drop:99');
    assert.ok((await past.locator('.notice').allTextContents()).length >= 2);
    await shot(past, 'notices');
  });
});

describe('inspector', () => {
  test('selecting a field highlights exactly its bytes, and hovering a byte its field', async () => {
    const p = await page('?suite=rsa');
    const wire = p.locator('.pane.wire');
    const random = wire.locator('.field[data-name=random]').first();
    await random.click();
    const [start, end] = [Number(await random.getAttribute('data-start')), Number(await random.getAttribute('data-end'))];
    assert.equal(end - start, 32, 'ClientHello.random is 32 bytes');
    await p.mouse.move(0, 0);
    // The highlighted bytes, read back from the rows' highlighted runs.
    const litBytes = () => wire.locator('.hex-bytes .hl').evaluateAll((runs) => runs.flatMap((r) => {
      const [from, to] = [Number(r.dataset.start), Number(r.dataset.end)];
      const row = r.closest('.hex-row');
      // The run's text is exactly those bytes, at their place in the row.
      const before = r.parentElement.textContent.indexOf(r.textContent);
      if (r.textContent !== r.textContent.trim() || before !== 3 * (from - Number(row.dataset.offset))) return [NaN];
      return Array.from({ length: to - from }, (_, k) => from + k);
    }));
    const lit = await litBytes();
    assert.deepEqual(lit, Array.from({ length: end - start }, (_, k) => start + k));

    // The other direction: a byte of the cipher_suites list lights up its field.
    const suites = wire.locator('.field[data-name=cipher_suites]').first();
    const s0 = Number(await suites.getAttribute('data-start'));
    await hoverByte(wire, s0 + 2);
    const field = wire.locator('.field.hl');
    assert.equal(await field.count(), 1);
    const [fs, fe] = [Number(await field.getAttribute('data-start')), Number(await field.getAttribute('data-end'))];
    assert.ok(fs <= s0 + 2 && s0 + 2 < fe, `byte ${s0 + 2} lies in ${fs}..${fe}`);
    const lit2 = await litBytes();
    assert.deepEqual(lit2, Array.from({ length: fe - fs }, (_, k) => fs + k));
    await shot(p, 'inspector');
  });

  for (const width of [1280, 390]) {
    test(`at ${width} px, every byte of a row lights the field it belongs to`, async () => {
      const p = await page('?suite=rsa&step=1', { width, height: 844 });
      const wire = p.locator('.pane.wire');
      // The third row of the ClientHello: random, session id and cipher suites meet there.
      for (let i = 32; i < 48; i++) {
        await hoverByte(wire, i);
        const field = wire.locator('.field.hl');
        assert.equal(await field.count(), 1, `byte ${i}`);
        const [fs, fe] = [Number(await field.getAttribute('data-start')), Number(await field.getAttribute('data-end'))];
        assert.ok(fs <= i && i < fe, `byte ${i} lit ${fs}..${fe}`);
      }
    });
  }

  test('each record starts with nothing selected and its bytes at the top', async () => {
    // The panes are reused from record to record (not built anew), so this is the page's to do.
    // TLS 1.3 with ML-KEM: ClientHello and ServerHello are both long.
    const p = await page('?suite=tls13&step=1');
    const wire = p.locator('.pane.wire');
    await wire.locator('.field[data-name=random]').first().click();
    // The student scrolls down the bytes with the wheel.
    await wire.locator('.hex').hover();
    await p.mouse.wheel(0, 600);
    await p.waitForFunction(() => document.querySelector('.pane.wire .hex').scrollTop > 0);
    assert.equal(await wire.locator('.field.sel').count(), 1);
    await p.getByRole('button', { name: 'Next', exact: true }).click();
    await p.locator('.step-label', { hasText: /^step 2 of/ }).waitFor();
    assert.ok(await wire.locator('.hex-row').count() > 20, 'the next record is long too');
    assert.equal(await wire.locator('.hex').evaluate((h) => h.scrollTop), 0);
    assert.equal(await p.locator('.inspector .field.sel, .inspector .field.hl, .inspector .hex-bytes .hl').count(), 0);
    // Back on the first record, its selection is gone too.
    await p.getByRole('button', { name: 'Previous', exact: true }).click();
    await p.locator('.step-label', { hasText: /^step 1 of/ }).waitFor();
    assert.equal(await p.locator('.inspector .field.sel').count(), 0);
  });

  test('an encrypted record shows nonce, AAD, ciphertext, tag and its decrypted fields', async () => {
    const p = await page('?suite=rsa');
    await p.getByRole('button', { name: 'Finished' }).first().click();
    const prot = p.locator('.protection');
    for (const row of ['nonce', 'AAD', 'ciphertext', 'tag']) await prot.locator(`th:text-is("${row}")`).waitFor();
    assert.ok(await p.locator('.pane.plaintext .field').count() > 0);
  });
});

describe('keys', () => {
  for (const suite of ['rsa', 'ecdhe']) {
    test(`the master secret node shows the CLI's value (${suite})`, async () => {
      const seed = suite === 'rsa' ? 7 : 11;
      const t = cliTranscript(['--seed', String(seed), '--suite', suite]);
      const ms = t.derivations.find((d) => d.id === 'master_secret');
      assert.ok(ms, 'the CLI transcript has master_secret');
      const p = await page(`?suite=${suite}&seed=${seed}&step=${t.records.length}`);
      await p.locator('.node[data-id=master_secret]').click();
      const shown = (await p.locator('.hex-value[data-id=master_secret]').textContent()).trim();
      assert.equal(shown, hex(ms.value));
      // Inputs link to their nodes.
      await p.locator('.key-detail .inputs button').first().click();
      assert.notEqual(await p.locator('.key-detail h3').textContent(), 'master_secret');
      if (suite === 'rsa') await shot(p, 'keys');
    });
  }

  test('values appear at the step where they come to exist', async () => {
    const p = await page('?suite=rsa&step=1');
    assert.equal(await p.locator('.node[data-id=master_secret]').count(), 0);
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    assert.equal(await p.locator('.node[data-id=master_secret]').count(), 1);
  });
});

describe('what goes wrong', () => {
  const expected = {
    expired: ['NET::ERR_CERT_DATE_INVALID', 'certificate_expired'],
    // RFC 5246 §7.2.2: "expired or not currently valid" (OpenSSL sends bad_certificate).
    'not-yet-valid': ['NET::ERR_CERT_DATE_INVALID', 'certificate_expired'],
    'wrong-host': ['NET::ERR_CERT_COMMON_NAME_INVALID', 'bad_certificate'],
    // The host only in the subject CN: browsers match subjectAltName alone (RFC 9525).
    'cn-only': ['NET::ERR_CERT_COMMON_NAME_INVALID', 'bad_certificate'],
    'unknown-ca': ['NET::ERR_CERT_AUTHORITY_INVALID', 'unknown_ca'],
    // The RFC's bad_certificate (OpenSSL sends decrypt_error); Chromium finds no valid path.
    'bad-signature': ['NET::ERR_CERT_AUTHORITY_INVALID', 'bad_certificate'],
  };
  for (const [cert, [code, alert]] of Object.entries(expected)) {
    test(`cert=${cert} ends in the browser-style ${code}`, async () => {
      const p = await page(`?suite=rsa&cert=${cert}`);
      await p.getByRole('button', { name: 'Last', exact: true }).click();
      const err = p.locator('.browser-error');
      await err.waitFor();
      assert.match(await err.locator('.sim-banner').textContent(), /Simulation/);
      assert.equal((await err.locator('.error-code').textContent()).trim(), code);
      assert.match(await err.textContent(), new RegExp(alert));
      assert.ok(await p.locator('.checks tr.bad').count() >= 1, 'the failed check is shown');
      if (cert === 'expired') await shot(p, 'cert-expired');
    });
  }

  test('a fault injected from the diagram reaches the error page', async () => {
    const p = await page('?suite=rsa');
    const finished = p.locator('.arrow[aria-label=Finished]').first();
    const n = await finished.getAttribute('data-record');
    await p.getByRole('button', { name: `Faults for record ${n}` }).click();
    await p.getByRole('button', { name: 'Flip a byte' }).click();
    assert.match(p.url(), new RegExp(`fault=flip%3A${n}%3A|fault=flip:${n}:`));
    assert.equal(await stepLabel(p).then((s) => s.startsWith(`step ${n} `)), true, 'shows the faulted record');
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    const err = p.locator('.browser-error');
    await err.waitFor();
    assert.match(await err.textContent(), /bad_record_mac/);
    assert.ok((await arrowNames(p)).some((m) => m.startsWith('Alert')), 'the alert is drawn as its own arrow');
    await shot(p, 'fault-flip');
  });

  test('a fault= deep link replays the fault', async () => {
    const p = await page('?suite=rsa&fault=drop:2');
    assert.equal(await p.locator('.arrow.dropped').count(), 1);
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    const err = p.locator('.browser-error');
    await err.waitFor();
    assert.match(await err.locator('.error-code').textContent(), /ERR_/);
  });
});

describe('embedding', () => {
  test('embed=1 renders without page chrome', async () => {
    const p = await page('?suite=rsa&embed=1', { width: 720, height: 900 });
    assert.equal(await p.locator('.masthead').count(), 0);
    assert.equal(await p.locator('.app.embed').count(), 1);
    await shot(p, 'embed');
  });

  test('the page works inside a sandboxed iframe', async () => {
    const { frame } = await host(s, '?embed=1', {
      width: 800, height: 900, viewport: { width: 1600, height: 1000 }, resize: false, ready: '.arrow', timeout: 10000,
    });
    await frame.getByRole('button', { name: 'Next', exact: true }).click();
    assert.match(await frame.locator('.step-label').textContent(), /^step 2 of/);
    await frame.locator('.node').first().click();
    await frame.getByRole('button', { name: 'Copy hex' }).click();
    await frame.locator('.copied').waitFor();
  });

  test('readable at 360 px wide', async () => {
    const p = await page('?suite=rsa', { width: 360, height: 800 });
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no horizontal scroll (${width})`);
    await shot(p, 'narrow');
  });
});

describe('a first-time student', () => {
  test('Next and Play are labelled differently, and the first step says where to start', async () => {
    const p = await page('?suite=rsa');
    const next = p.getByRole('button', { name: 'Next', exact: true });
    const play = p.getByRole('button', { name: 'Play', exact: true });
    assert.equal((await next.textContent()).trim(), 'Next');
    assert.equal((await play.textContent()).trim(), 'Play');
    assert.notEqual(await next.getAttribute('title'), await play.getAttribute('title'));
    assert.match(await p.locator('.start-hint').textContent(), /press Next/);
    await next.click();
    assert.equal(await p.locator('.start-hint').count(), 0, 'the hint goes once the student has started');
  });

  test('a skip link, one tab stop for the diagram, and the focus follows the step', async () => {
    const p = await page('?suite=rsa');
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement.textContent), 'Skip to the handshake');
    await p.keyboard.press('Enter');
    assert.equal(await p.evaluate(() => document.activeElement.getAttribute('data-record')), '1');
    await p.keyboard.press('ArrowRight');
    await p.keyboard.press('ArrowRight');
    await p.waitForFunction(() => document.activeElement?.getAttribute('data-record') === '3');
    assert.equal(await p.evaluate(() => document.activeElement.getAttribute('aria-current')), 'step');
    // From the current arrow: its ⚡, then the inspector, a few tabs away (not 13 ⚡ later).
    let tabs = 0;
    for (; tabs < 8; tabs++) {
      await p.keyboard.press('Tab');
      if (await p.evaluate(() => !!document.activeElement.closest('.inspector'))) break;
    }
    assert.ok(tabs < 6, `the inspector is ${tabs + 1} tabs from the diagram`);
    assert.equal(await p.locator('.arrow[tabindex="0"]').count(), 1, 'one arrow in the tab order');
  });

  test("at 1280 px a selected field's bytes are on screen", async () => {
    const p = await page('?suite=rsa&step=2', { width: 1280, height: 800 });
    const fields = p.locator('.pane.wire .field');
    const last = fields.nth((await fields.count()) - 1);
    await last.scrollIntoViewIfNeeded();
    await last.click();
    const inView = await p.evaluate(() => {
      const b = document.querySelector('.pane.wire .hex-bytes .hl');
      const r = b.getBoundingClientRect();
      const box = b.closest('.hex').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    });
    assert.ok(inView, 'the first highlighted byte is visible');
  });

  for (const [width, height] of [[1280, 800], [390, 844]]) {
    test(`at ${width}×${height}, after each Next the controls, the arrow and the explanation are on screen together`, async () => {
      const p = await page('?suite=rsa', { width, height });
      const inView = (sel) => p.locator(sel).first().evaluate((e) => {
        const r = e.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      });
      const n = await p.locator('.arrow').count();
      for (let k = 2; k <= n; k++) {
        await p.getByRole('button', { name: 'Next', exact: true }).click();
        await p.locator('.step-label', { hasText: `step ${k} of` }).waitFor();
        // The page scrolls after the step has painted.
        await p.waitForFunction(() => {
          const r = document.querySelector('.arrow[aria-current=step] .hit').getBoundingClientRect();
          return r.top >= 0 && r.bottom <= innerHeight;
        }, null, { timeout: 2000 }).catch(() => {});
        assert.ok(await inView('.arrow[aria-current=step] .hit'), `step ${k}: the arrow is on screen`);
        assert.ok(await inView('.controls .next'), `step ${k}: Next is on screen`);
        assert.ok(await p.locator('.explanation h2').evaluate((e) => {
          const r = e.getBoundingClientRect();
          return r.top >= 0 && r.top < innerHeight - 20;
        }), `step ${k}: the explanation starts on screen`);
        if (k === 7) await p.screenshot({ path: `${ARTIFACTS}arrow-in-view-${width}.png` });
      }
    });
  }

  test('a glossary word opens its definition where it appears; Escape closes it', async () => {
    // TLS 1.2's Finished: verify_data comes from the PRF and is a MAC.
    const p = await page('?suite=rsa&step=7');
    const requests = [];
    p.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const term = p.locator('.explanation-text .term', { hasText: 'PRF' });
    // The definitions load on first use: pointing at a term fetches them.
    assert.ok(!requests.some((r) => r.endsWith('/glossary.txt')), 'not part of the first load');
    await term.click();
    const card = p.locator('#g-prf');
    await card.waitFor();
    await p.locator('#g-prf', { hasText: 'Pseudorandom function' }).waitFor();
    assert.equal(requests.filter((r) => r.endsWith('/glossary.txt')).length, 1);
    // Their RFC references are links too.
    assert.equal(await card.locator('a', { hasText: 'RFC 5246 §5' }).getAttribute('href'),
      'https://www.rfc-editor.org/rfc/rfc5246#section-5');
    await p.keyboard.press('Escape');
    await card.waitFor({ state: 'hidden' });
    // Each word once per explanation, and the list of all of them under the page.
    assert.equal(await p.locator('.explanation-text .term', { hasText: 'PRF' }).count(), 1);
    assert.equal(await p.locator('.glossary-list .term').count(), 8);
  });

  test('RFC references in explanations, certificate checks and misconceptions are links', async () => {
    // TLS 1.3's compatibility ChangeCipherSpec cites RFC 8446 Appendix D.4.
    const p = await page('?suite=tls13&step=3');
    const link = p.locator('.explanation-text a', { hasText: 'RFC 8446 App. D.4' });
    assert.equal(await link.getAttribute('href'), 'https://www.rfc-editor.org/rfc/rfc8446#appendix-D.4');
    const e = await page('?suite=ecdhe&step=6');
    assert.equal(await e.locator('.truth a', { hasText: 'RFC 8422 §5.10' }).first().getAttribute('href'),
      'https://www.rfc-editor.org/rfc/rfc8422#section-5.10');
    const q = await page('?suite=ecdhe&cert=expired&step=3');
    assert.equal(await q.locator('.checks a', { hasText: 'RFC 5280 §4.1.2.5' }).first().getAttribute('href'),
      'https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5');
  });

  test('a field says what it is for, with its RFC section as a link (the notes load on first use)', async () => {
    const p = await page('?suite=rsa&step=1');
    const requests = [];
    p.on('request', (r) => requests.push(new URL(r.url()).pathname));
    assert.equal(await p.locator('.field-note').count(), 0);
    await p.locator('.pane.wire .field[data-name=random]').first().click();
    const note = p.locator('.pane.wire .field-note');
    await note.locator('text=32 fresh random bytes').waitFor();
    const href = await note.locator('a').getAttribute('href');
    assert.match(href, /^https:\/\/www\.rfc-editor\.org\/rfc\/rfc5246#section-7\.4(\.[0-9]+)*$/);
    assert.deepEqual(requests.filter((r) => r.endsWith('fields.txt')).length, 1, 'fetched once, when first needed');
    // A length prefix has the note every length prefix shares.
    await p.locator('.pane.wire .field[data-name="cipher_suites length"]').first().hover();
    await note.locator('text=A length prefix').waitFor();
  });

  test('Escape closes the fault menu and the key details', async () => {
    const p = await page('?suite=rsa&step=5');
    await p.getByRole('button', { name: 'Faults for record 5', exact: true }).click();
    await p.locator('.fault-menu').waitFor();
    await p.keyboard.press('Escape');
    await p.locator('.fault-menu').waitFor({ state: 'detached' });
    await p.locator('.node[data-id=pre_master_secret]').click();
    await p.locator('.key-popover').waitFor();
    await p.keyboard.press('Escape');
    await p.locator('.key-popover').waitFor({ state: 'detached' });
  });

  test('on a phone the explanation sits under the controls, and nothing scrolls sideways', async () => {
    const p = await page('?suite=rsa&step=3', { width: 390, height: 844 });
    await p.getByRole('button', { name: 'Next', exact: true }).click();
    const box = await p.locator('.explanation h2').boundingBox();
    assert.ok(box.y + box.height < 844, `the step's title is on screen (y=${box.y})`);
    assert.match(await p.locator('.explanation h2').textContent(), /^Step 4 of/);
    const wide = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `page width ${wide}`);
    const hexOverflow = await p.locator('.hex').first().evaluate((h) => h.scrollWidth - h.clientWidth);
    assert.ok(hexOverflow <= 0, `hex rows overflow by ${hexOverflow}`);
    // The key diagram keeps its natural size (it scrolls sideways in its box instead).
    const onScreen = (sel) => p.locator(sel).first().evaluate((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    const [nameSize, captionSize] = [await onScreen('.node-name'), await onScreen('.node-who')];
    assert.ok(nameSize >= 12 && captionSize >= 10.5, `key labels are readable (${nameSize}, ${captionSize} px)`);
    await shot(p, 'phone-step4');
  });

  test('the key diagram is drawn at its natural size, details open under the node', async () => {
    const p = await page('?suite=rsa&step=12', { width: 1600, height: 1000 });
    const size = await p.locator('.node-name').first().evaluate((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    assert.ok(size <= 14, `names are not scaled up (${size} px)`);
    const node = p.locator('.node[data-id=master_secret]');
    await node.click();
    const [n, d] = [await node.boundingBox(), await p.locator('.key-popover').boundingBox()];
    assert.ok(d.y >= n.y + n.height - 1 && d.y - (n.y + n.height) < 40, 'the details open right under the node');
    const early = await page('?suite=rsa&step=1', { width: 1600, height: 1000 });
    const h = await early.locator('.keys-svg').evaluate((s) => s.getBoundingClientRect().height);
    assert.ok(h < 120, `no empty space under the first values (${h} px)`);
  });

  test('misconceptions sit beside the step they correct, in the embed too', async () => {
    const p = await page('?suite=rsa&step=5');
    const note = p.locator('.step-panel .myth-note');
    assert.equal(await note.count(), 1);
    assert.match(await note.textContent(), /ClientKeyExchange comes first/);
    const e = await page('?suite=rsa&embed=1&step=5');
    assert.equal(await e.locator('.myth-note').count(), 1);
    const off = await page('?suite=rsa&embed=1&step=5&panels=sequence');
    assert.equal(await off.locator('.myth-note').count(), 0);
  });

  test('the certificate table keeps its words whole', async () => {
    for (const width of [1280, 1600]) {
      const p = await page('?suite=rsa&step=3', { width, height: 900 });
      const heights = await p.locator('.checks th, .checks td:nth-child(2)').evaluateAll((cells) =>
        cells.map((c) => c.getBoundingClientRect().height));
      assert.ok(Math.max(...heights.slice(0, 3)) < 30, `header on one line at ${width}: ${heights.slice(0, 3)}`);
    }
  });

  test('a wire fault names the failed check on the error page', async () => {
    const p = await page('?suite=rsa&fault=flip:7:22');
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    const detail = await p.locator('.browser-error .error-detail').textContent();
    assert.match(detail, /bad_record_mac alert and closed the connection: .{10,}\./, detail);
  });

  test('hundreds of bad parameters fold away; a repeated key and a bad fault are named in full', async () => {
    const junk = Array.from({ length: 400 }, (_, i) => `x${i}=1`).join('&');
    const p = await page(`?${junk}`);
    assert.equal(await p.locator('.notices > ul .notice').count(), 3);
    assert.match(await p.locator('.more-notices summary').textContent(), /397 more/);
    const y = (await p.locator('.sequence').boundingBox()).y;
    assert.ok(y < 900, `the diagram starts at y=${y}`);
    const q = await page('?suite=rsa&fault=drop:0&seed=2&seed=3');
    const texts = await q.locator('.notice').allTextContents();
    assert.ok(texts.some((t) => /records are numbered from 1\.$/.test(t)), texts.join(' | '));
    assert.ok(texts.some((t) => /seed is given more than once/.test(t)), texts.join(' | '));
  });
});

describe('a bug', () => {
  test('a panic shows the error panel instead of a dead page', async () => {
    const { page: p, context, problems } = await open(s.env, '');
    try {
      // Make the next DOM insertion fail, as a browser bug or an extension could: Yew panics
      // on it (dom_bundle/position.rs), and the release build's panic is a trap.
      await p.evaluate(() => {
        const insert = Node.prototype.insertBefore;
        Node.prototype.insertBefore = function () {
          Node.prototype.insertBefore = insert;
          throw new DOMException('injected by the test', 'HierarchyRequestError');
        };
      });
      await p.getByRole('button', { name: 'Last', exact: true }).click();
      const panel = p.locator('.panic-panel[role=alert]');
      await panel.waitFor({ timeout: 5000 });
      assert.equal(await panel.textContent(),
        'TLS Lab hit a bug and stopped. Reload the page to start again; the URL keeps your place.');
      assert.ok(problems.consoleErrors.some((e) => e.includes('TLS Lab stopped')), 'the trap is also in the console');
      await shot(p, 'panic-panel');
    } finally {
      await context.close();
    }
  });
});

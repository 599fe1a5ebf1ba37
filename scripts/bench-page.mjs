// Page budgets (issue 3), measured in headless Chromium against the release build in dist/:
//   - everything the first load transfers, gzipped (budget 300 KB since issue 28; the TLS 1.3
//     page must fit in it too)
//   - time from navigation to the first interactive diagram (budget 0.5 s)
//   - `simulate` (a full handshake in the page; budget 15 ms RSA and TLS 1.3, the hybrid group
//     adding at most 2.5 ms since issue 28; 20 ms with a fault)
//   - `step` (a step change rendered; budget 16 ms), also in the side-by-side view (compare=),
//     in a lesson and in practice (an answer reveals the next record)
//   - the course page's first load (dist/course/: the lab with lessons and practice, which the
//     lab links to): budget 325 KB since issue 28
//   - the eavesdropper's worker (crates/outsider), fetched on first use: budget 120 KB gz; and
//     from a click to its report on screen: 400 ms cold (the worker fetched and compiled),
//     50 ms warm (issue 28)
//   - the capture reader's worker (issue 30), fetched when a student first opens a capture:
//     budget 120 KB gz; a 10 MB capture read and listed in it within 1 s, and `step` within
//     16 ms while it is read
//   - the certificate dissector's worker, fetched the first time the lab's or the course
//     page's inspector shows a certificate (their first loads have no dissector): budget
//     120 KB gz
//   - the recorded page (issue 30: a connection of that capture in the lab's views, opened in
//     a dialog on first use): its files within the lab's 300 KB gz, a connection rendered
//     within 100 ms of the lab's message, and `step` in it within 16 ms
//   - the lab's extended build (issue 31: mutual TLS, whose code the first load has no room
//     for), started by a link with client_cert=: its first load (budget 325 KB gz, the course
//     page's), the lab's choice of a client certificate to the mutual-TLS run on screen (1 s,
//     cold), and `simulate` with a client certificate (30 ms: it adds an RSA signature)
//   - the lab's resumption build (issue 32), started by a link with resume= or early_data=:
//     its first load (325 KB gz), and `simulate` of the browser's second visit, which runs the
//     first visit too (30 ms: two handshakes); the second visit alone is the difference from
//     a full run, and the issue asks that it cost less than a full one
//   - the lab's attacker build (issue 33), started by a link with attack=: its first load
//     (325 KB gz), `simulate` with an attacker on the path (40 ms: two handshakes where it
//     terminates) and `step` in its three-lane diagram (16 ms)
// Usage: node scripts/bench-page.mjs [--strict | --strict-size]   (after `trunk build --release`)
// Prints OVER for a figure past its budget; with --strict that also makes the exit code 1.
// --strict-size fails only on the first-load size, which is deterministic: timings on a shared
// machine vary with its load, so scripts/test.sh reports them without failing on them.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cli, open, start } from '../tests/e2e/helpers.mjs';

const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const env = await start();
let failed = false;
let sizeFailed = false;
const check = (name, value, budget, unit = 'ms') => {
  const ok = value <= budget;
  failed ||= !ok;
  if (unit === 'KB') sizeFailed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name}: ${unit === 'KB' ? `${value.toFixed(1)} KB` : ms(value)} (budget ${budget} ${unit})`);
};

/** Every response body of opening `path`, gzipped as a static host would serve it, in KB. */
async function firstLoad(path) {
  const { page, context } = await open(env, null);
  // Each body is awaited before the sum: a body still arriving when the page settles counts too.
  // A response without a body (a redirect) counts as empty; any other failure stops the bench.
  const pending = [];
  page.on('response', (r) => {
    pending.push((async () => {
      const body = r.status() >= 300 && r.status() < 400 ? Buffer.alloc(0) : await r.body();
      return { url: r.url(), raw: body.length, gz: gzipSync(body, { level: 9 }).length };
    })());
  });
  await page.goto(env.base + path);
  await page.waitForSelector('.arrow');
  await page.waitForLoadState('networkidle');
  const bodies = await Promise.all(pending);
  for (const b of bodies.sort((x, y) => y.gz - x.gz)) {
    console.log(`     ${new URL(b.url).pathname.padEnd(44)} ${(b.raw / 1024).toFixed(1).padStart(7)} KB raw ${(b.gz / 1024).toFixed(1).padStart(7)} KB gz`);
  }
  await context.close();
  return bodies.reduce((a, b) => a + b.gz, 0) / 1024;
}

/**
 * A capture of about 10 MB: one exported TLS 1.3 run (classic pcap) repeated as many TCP
 * connections, each from its own client port.
 */
async function tenMegabyteCapture() {
  const dir = new URL('../artifacts/tmp/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  cli(['export', '--suite', 'tls13', '--pcap', `${dir}one.pcap`, '--keylog', `${dir}one.keys`]);
  const one = readFileSync(`${dir}one.pcap`);
  const records = [];
  for (let i = 24; i + 16 <= one.length;) {
    const len = one.readUInt32LE(i + 8);
    records.push(one.subarray(i, i + 16 + len));
    i += 16 + len;
  }
  // Ethernet (14) + IPv4 (20): the TCP ports are at 34 and 36 of each frame.
  const clientPort = records[0].readUInt16BE(16 + 34);
  const copies = Math.ceil((10 * 1048576) / (one.length - 24));
  const parts = [one.subarray(0, 24)];
  for (let k = 0; k < copies; k++) {
    const port = 1024 + (k % 60000);
    for (const r of records) {
      const copy = Buffer.from(r);
      for (const at of [16 + 34, 16 + 36]) if (copy.readUInt16BE(at) === clientPort) copy.writeUInt16BE(port, at);
      parts.push(copy);
    }
  }
  const file = Buffer.concat(parts);
  writeFileSync(`${dir}ten-mb.pcap`, file);
  return { path: `${dir}ten-mb.pcap`, bytes: file.length, connections: copies };
}

try {
  // 1. First load of the lab, and of a lesson in the course page.
  check('first load, gzipped', await firstLoad(''), 300, 'KB');
  check('course page first load (a lesson link), gzipped', await firstLoad('course/?lesson=classic'), 325, 'KB');
  check('the lab\'s extended build, first load (a link with client_cert=), gzipped', await firstLoad('?client_cert=valid'), 325, 'KB');
  check('the lab\'s resumption build, first load (a link with resume=), gzipped', await firstLoad('?resume=1'), 325, 'KB');
  check('the lab\'s attacker build, first load (a link with attack=), gzipped', await firstLoad('?attack=trusted-ca'), 325, 'KB');

  // 2. The eavesdropper's worker: its files, and a click to the report on screen (the page marks
  // the click, static/eavesdropper.js measures when the report is in the panel).
  const dist = new URL('../dist/', import.meta.url).pathname;
  /** The gzipped size of `files` in dist/, each listed, in KB. */
  const filesGz = (files) => files.reduce((sum, f) => {
    const body = readFileSync(dist + f);
    const gz = gzipSync(body, { level: 9 }).length;
    console.log(`     /${f.padEnd(43)} ${(body.length / 1024).toFixed(1).padStart(7)} KB raw ${(gz / 1024).toFixed(1).padStart(7)} KB gz`);
    return sum + gz / 1024;
  }, 0);
  // Each worker: its wasm, its glue and its loader.
  check('the eavesdropper\'s worker, gzipped (loaded on first use)', filesGz(['outsider_bg.wasm', 'outsider.js', 'worker.js']), 120, 'KB');
  check('the capture reader\'s worker, gzipped (loaded on first use)', filesGz(['capture_bg.wasm', 'capture.js', 'worker.js']), 120, 'KB');
  check('the certificate dissector\'s worker, gzipped (loaded on first use)', filesGz(['dissector_bg.wasm', 'dissector.js', 'worker.js']), 120, 'KB');
  console.log(`     the page's side of both (static/outsider-bridge.js, loaded on first use): ${filesGz(['outsider-bridge.js']).toFixed(1)} KB gz`);
  const cold = [];
  const warm = [];
  const outsider = (page) => page.evaluate(() => performance.getEntriesByName('outsider').map((m) => m.duration));
  for (let i = 0; i < RUNS; i++) {
    const { page, context } = await open(env, '?suite=rsa&step=12');
    await page.getByRole('button', { name: '👁 What someone on the path sees' }).click();
    await page.waitForFunction(() => performance.getEntriesByName('outsider').length === 1);
    cold.push((await outsider(page))[0]);
    for (const name of ['Later, steal the server\'s key', 'Later, a quantum computer', 'Just record']) {
      const before = (await outsider(page)).length;
      await page.getByRole('button', { name }).click();
      await page.waitForFunction((n) => performance.getEntriesByName('outsider').length > n, before);
      warm.push((await outsider(page)).at(-1));
    }
    await context.close();
  }
  check(`eavesdropper, click to report, cold (median of ${cold.length})`, median(cold), 400);
  check(`eavesdropper, click to report, warm (median of ${warm.length}; max ${ms(Math.max(...warm))})`, median(warm), 50);

  // 2b. A 10 MB capture: read and listed in the capture worker, while the page keeps stepping.
  const big = await tenMegabyteCapture();
  const listed = [];
  const stepsWhileReading = [];
  for (let i = 0; i < 3; i++) {
    const { page, context } = await open(env, '?suite=rsa&eavesdropper=1');
    await page.locator('.own-capture summary').click();
    await page.locator('#capture-files').waitFor();
    // Warm the worker with the small sample first: the budget is the reading, not the download.
    await page.getByRole('button', { name: /Try a real one/ }).click();
    await page.waitForFunction(() => performance.getEntriesByName('capture-listed').length === 1);
    await page.evaluate(() => { performance.clearMeasures('step'); document.activeElement?.blur(); });
    await page.locator('#capture-files').setInputFiles(big.path);
    for (let k = 0; k < 6; k++) await page.keyboard.press(k % 2 ? 'ArrowLeft' : 'ArrowRight');
    stepsWhileReading.push(...await page.evaluate(() => performance.getEntriesByName('step').map((m) => m.duration)));
    await page.waitForFunction(() => performance.getEntriesByName('capture-listed').length === 2, null, { timeout: 30000 });
    listed.push(await page.evaluate(() => performance.getEntriesByName('capture-listed')[1].duration));
    const n = await page.locator('[data-recorded-connection]').count();
    if (n !== big.connections) throw new Error(`the 10 MB capture listed ${n} connections, not ${big.connections}`);
    await context.close();
  }
  check(`a ${(big.bytes / 1048576).toFixed(1)} MB capture (${big.connections} connections) read and listed in the worker (median of ${listed.length})`, median(listed), 1000);
  check(`step while it is read (median of ${stepsWhileReading.length}; max ${ms(Math.max(...stepsWhileReading))})`, median(stepsWhileReading), 16);

  // 2c. The recorded page (issue 30): a connection of a capture in the lab's views, opened from
  // the capture part in a dialog. Its files (the lab's views with the decrypter, first use),
  // the click to the connection shown in them (the worker's records, the page fetched and
  // compiled, the transcript built: cold, then again warm), and a step in it.
  const recordedFiles = readdirSync(`${dist}recorded`).filter((f) => /\.(wasm|js|css|html)$/.test(f)).map((f) => `recorded/${f}`);
  check('the recorded page, gzipped (opened from a capture)', filesGz(recordedFiles), 300, 'KB');
  const shownCold = [];
  const shownWarm = [];
  const inPage = [];
  const built = [];
  const recordedSteps = [];
  for (let i = 0; i < 3; i++) {
    const { page, context } = await open(env, '?eavesdropper=1');
    await page.locator('.own-capture summary').click();
    await page.getByRole('button', { name: /Try a real one/ }).click();
    const chosen = page.locator('[data-recorded-connection][data-decrypted=true]').first();
    for (const into of [shownCold, shownWarm]) {
      await chosen.click();
      await page.locator('.capture-report [data-eavesdropper-outcome]').waitFor();
      const started = Date.now();
      await page.getByRole('button', { name: /Show it in the sequence diagram/ }).click();
      const frame = page.frameLocator('dialog.recorded-dialog iframe');
      // Shown: the header of this connection, and the first record's arrow.
      await frame.locator('[data-recorded]').waitFor();
      await frame.locator('.sequence-svg .arrow').first().waitFor();
      into.push(Date.now() - started);
      // In the recorded page: the lab's message to the connection rendered, and the engine's
      // part of it (engine::recorded::transcript).
      const inside = page.frames().find((f) => f.url().includes('/recorded/'));
      await inside.waitForFunction(() => performance.getEntriesByName('recorded').length > 0);
      const [whole, engine] = await inside.evaluate(() => ['recorded', 'recorded-build'].map((n) => performance.getEntriesByName(n).at(-1).duration));
      inPage.push(whole);
      built.push(engine);
      await page.keyboard.press('Escape');
      await page.locator('dialog.recorded-dialog[open]').waitFor({ state: 'detached' }).catch(() => {});
      await page.waitForFunction(() => !document.querySelector('dialog.recorded-dialog[open]'));
      if (into === shownWarm) {
        await page.getByRole('button', { name: /Show it in the sequence diagram/ }).click();
        const inside = page.frames().find((f) => f.url().includes('/recorded/'));
        await inside.evaluate(() => performance.clearMeasures('step'));
        for (let k = 0; k < 8; k++) await frame.locator('.controls button.next').click();
        recordedSteps.push(...await inside.evaluate(() => performance.getEntriesByName('step').map((m) => m.duration)));
      }
    }
    await context.close();
  }
  console.log(`     click to the recorded connection shown, cold (median of ${shownCold.length}): ${ms(median(shownCold))}`);
  console.log(`     click to the recorded connection shown, warm (median of ${shownWarm.length}): ${ms(median(shownWarm))}`);
  console.log(`     of which the transcript built from the records and key log (median of ${built.length}): ${ms(median(built))}`);
  check(`the recorded page: the lab's message to the connection rendered (median of ${inPage.length})`, median(inPage), 100);
  check(`step in the recorded page (median of ${recordedSteps.length}; max ${ms(Math.max(...recordedSteps))})`, median(recordedSteps), 16);

  // 3. Time to first interactive diagram: navigation start → the first arrow (a button with
  // its listeners: Yew attaches them as it renders), timed inside the page so Playwright's
  // own polling does not count.
  const tti = [];
  for (let i = 0; i < RUNS; i++) {
    const { page, context } = await open(env, null);
    await page.addInitScript(() => {
      new MutationObserver((_, o) => {
        if (document.querySelector('.arrow[role=button]')) { window.__firstArrow = performance.now(); o.disconnect(); }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(env.base);
    await page.waitForSelector('.arrow[role=button]');
    tti.push(await page.evaluate(() => window.__firstArrow));
    await context.close();
  }
  check(`first interactive diagram (median of ${RUNS})`, median(tti), 500);

  // 4. simulate and step, as the page measures them (performance.measure).
  // From the TLS 1.2 RSA page: its EMS box re-runs RSA; the handshakes follow.
  const { page: p, context: c } = await open(env, '?suite=rsa');
  const measures = (name) => p.evaluate((n) => performance.getEntriesByName(n).map((m) => m.duration), name);
  const firstSimulate = (await measures('simulate'))[0];
  await p.evaluate(() => document.activeElement?.blur());
  for (let round = 0; round < 3; round++) {
    await p.keyboard.press('Home');
    for (let i = 0; i < 14; i++) await p.keyboard.press('ArrowRight');
  }
  const steps = await measures('step');
  await p.evaluate(() => performance.clearMeasures('simulate'));
  const ems = p.locator('.choices input[type=checkbox]');
  for (let i = 0; i < 2 * RUNS; i++) await ems.click();
  const rsa = await measures('simulate');
  await p.evaluate(() => performance.clearMeasures('simulate'));
  await p.locator('input[name=handshake]').nth(1).click();
  for (let i = 0; i < 2 * RUNS; i++) await ems.click();
  const ecdhe = await measures('simulate');
  // TLS 1.3: each click on a handshake is one `simulate`; X25519 and the hybrid alternate.
  const handshake = (i) => p.locator('input[name=handshake]').nth(i);
  const lastSimulate = async () => (await measures('simulate')).at(-1);
  // The hybrid's extra time is the median of the pairs' differences: a busy moment then
  // slows both runs of a pair, not one group's median.
  const PAIRS = 3 * RUNS;
  const tls13 = { x25519: [], hybrid: [] };
  for (let i = 0; i < PAIRS; i++) {
    await handshake(2).click();
    tls13.x25519.push(await lastSimulate());
    await handshake(3).click();
    tls13.hybrid.push(await lastSimulate());
  }
  await p.evaluate(() => performance.clearMeasures('simulate'));
  await handshake(0).click();
  // Faults chosen from the diagram's own menus; each faulted run is one `simulate`.
  const faulted = [];
  for (const [record, action] of [[7, 'Flip a byte'], [3, 'Drop'], [5, 'Reorder with next'], [1, 'Replay'], [2, 'Truncate'], [3, 'Flip a byte'], [9, 'Replay']]) {
    await p.getByRole('button', { name: `Faults for record ${record}`, exact: true }).click();
    const before = (await measures('simulate')).length;
    await p.getByRole('button', { name: action, exact: true }).click();
    faulted.push(...(await measures('simulate')).slice(before));
    await p.locator('.current-fault button').click();
  }
  await c.close();

  // 4b. Mutual TLS: the lab's choice to the run on screen (the page reloads into the extended
  // build, fetched cold), then `simulate` with a client certificate, as for the others.
  const { page: mp, context: mc } = await open(env, '?suite=rsa');
  const chosen = Date.now();
  await mp.locator('#client-cert').selectOption('valid');
  await mp.waitForURL(/client_cert=valid/);
  await mp.locator('.arrow', { hasText: 'CertificateRequest' }).first().waitFor();
  const toMutual = Date.now() - chosen;
  const mutualMeasures = () => mp.evaluate(() => performance.getEntriesByName('simulate').map((m) => m.duration));
  await mp.evaluate(() => performance.clearMeasures('simulate'));
  const mutualEms = mp.locator('.choices input[type=checkbox]');
  for (let i = 0; i < 2 * RUNS; i++) await mutualEms.click();
  const mutualRsa = await mutualMeasures();
  await mp.evaluate(() => performance.clearMeasures('simulate'));
  const mutualHandshake = (i) => mp.locator('input[name=handshake]').nth(i);
  const mutualHybrid = [];
  for (let i = 0; i < RUNS; i++) {
    await mutualHandshake(2).click();
    await mutualHandshake(3).click();
    mutualHybrid.push((await mutualMeasures()).at(-1));
  }
  await mc.close();

  // 4c. Resumption: the Visit menu reruns the page between a first visit (one full handshake)
  // and a second (the first quietly, then the second), for the hybrid, X25519 and 0-RTT.
  const { page: vp, context: vc } = await open(env, '?suite=tls13&group=x25519mlkem768&resume=1');
  await vp.locator('.visits-panel').waitFor();
  const visitMeasure = async (visit) => {
    await vp.evaluate(() => performance.clearMeasures('simulate'));
    await vp.locator('#visit').selectOption(visit);
    await vp.waitForFunction(() => performance.getEntriesByName('simulate').length > 0);
    return vp.evaluate(() => performance.getEntriesByName('simulate').at(-1).duration);
  };
  const visits = {};
  for (const [group, index] of [['hybrid', 3], ['x25519', 2]]) {
    await vp.locator('input[name=handshake]').nth(index).click();
    const v = { first: [], resumed: [], zeroRtt: [] };
    for (let i = 0; i < RUNS; i++) {
      v.first.push(await visitMeasure('first'));
      v.resumed.push(await visitMeasure('resumed'));
      v.zeroRtt.push(await visitMeasure('0-rtt'));
    }
    visits[group] = v;
  }
  await vc.close();

  // 4d. The attacker (issue 33): its menu reruns the page with each attack, TLS 1.3 hybrid (the
  // most work: where it terminates, two hybrid handshakes), then steps through trusted-ca.
  const { page: ap, context: ac } = await open(env, '?suite=tls13&group=x25519mlkem768&attack=trusted-ca');
  await ap.locator('.attacker-panel').waitFor();
  const attacked = {};
  for (let i = 0; i < RUNS; i++) {
    for (const attack of ['relay-cert', 'own-cert', 'downgrade', 'trusted-ca']) {
      await ap.evaluate(() => performance.clearMeasures('simulate'));
      await ap.locator('#attack').selectOption(attack);
      await ap.waitForFunction(() => performance.getEntriesByName('simulate').length > 0);
      (attacked[attack] ??= []).push(await ap.evaluate(() => performance.getEntriesByName('simulate').at(-1).duration));
    }
  }
  await ac.close();
  // Stepped on a page of its own, as the plain step is: twenty reruns make every later step
  // slower, with or without an attacker (measured: 12.4 ms median fresh, 22.0 after twenty
  // reruns of the lab's first build; not yet explained).
  const { page: sp, context: sc } = await open(env, '?suite=tls13&group=x25519mlkem768&attack=trusted-ca');
  await sp.locator('.attacker-panel').waitFor();
  await sp.evaluate(() => { performance.clearMeasures('step'); document.activeElement?.blur(); });
  for (let round = 0; round < 3; round++) {
    await sp.keyboard.press('Home');
    for (let i = 0; i < 10; i++) await sp.keyboard.press('ArrowRight');
  }
  const attackSteps = await sp.evaluate(() => performance.getEntriesByName('step').map((m) => m.duration));
  await sc.close();

  // 5. step in the side-by-side view: two runs' flights and the facts table.
  const { page: cp, context: cc } = await open(env, null);
  await cp.goto(`${env.base}?suite=rsa&compare=tls13`);
  await cp.locator('.compare').waitFor();
  for (let round = 0; round < 3; round++) {
    await cp.keyboard.press('Home');
    for (let i = 0; i < 7; i++) await cp.keyboard.press('ArrowRight');
  }
  const compareSteps = await cp.evaluate(() => performance.getEntriesByName('step').map((m) => m.duration));
  await cc.close();

  // 6. step in a lesson (the arrow keys through its step's run: a step without a question, which
  // would keep the records after it hidden), and in practice (each answer
  // reveals the next record: the step it renders is measured the same way).
  const { page: lp, context: lc } = await open(env, 'course/?lesson=classic&lesson_step=4');
  for (let round = 0; round < 3; round++) {
    await lp.keyboard.press('Home');
    for (let i = 0; i < 8; i++) await lp.keyboard.press('ArrowRight');
  }
  const lessonSteps = await lp.evaluate(() => performance.getEntriesByName('step').map((m) => m.duration));
  await lc.close();
  const practiceSteps = [];
  for (const suite of ['rsa', 'tls13']) {
    // Nothing is drawn before the first answer: wait for the question instead.
    const { page: pp, context: pc } = await open(env, null);
    await pp.goto(`${env.base}course/?suite=${suite}&practice=1`);
    await pp.locator('.practice-panel .show-me').waitFor();
    while (await pp.locator('.practice-panel .show-me').count()) {
      await pp.locator('.practice-panel .quiz').last().locator('.answer').first().click();
    }
    practiceSteps.push(...await pp.evaluate(() => performance.getEntriesByName('step').map((m) => m.duration)));
    await pc.close();
  }

  console.log(`     simulate at page load (cold wasm): ${ms(firstSimulate)}`);
  check(`simulate, RSA (median of ${rsa.length})`, median(rsa), 15);
  console.log(`     simulate, ECDHE (median of ${ecdhe.length}): ${ms(median(ecdhe))}`);
  check(`simulate, TLS 1.3 X25519 (median of ${PAIRS})`, median(tls13.x25519), 15);
  check(`simulate, TLS 1.3 X25519MLKEM768 (median of ${PAIRS})`, median(tls13.hybrid), 15);
  check(`the hybrid adds (median of ${PAIRS} pairs)`, median(tls13.hybrid.map((h, i) => h - tls13.x25519[i])), 2.5);
  check(`simulate with a fault (median of ${faulted.length}; max ${ms(Math.max(...faulted))})`, median(faulted), 20);
  check('the lab\'s choice of a client certificate to the mutual-TLS run on screen (cold)', toMutual, 1000);
  check(`simulate with a client certificate, RSA (median of ${mutualRsa.length})`, median(mutualRsa), 30);
  check(`simulate with a client certificate, TLS 1.3 X25519MLKEM768 (median of ${RUNS})`, median(mutualHybrid), 30);
  for (const [group, v] of Object.entries(visits)) {
    const name = group === 'hybrid' ? 'X25519MLKEM768' : 'X25519';
    console.log(`     simulate, TLS 1.3 ${name}, a first visit (median of ${RUNS}): ${ms(median(v.first))}`);
    check(`simulate, TLS 1.3 ${name}, a second visit with its first (median of ${RUNS})`, median(v.resumed), 30);
    check(`  the second visit alone: that less the first (median of ${RUNS} pairs), under a full run's`, median(v.resumed.map((r, i) => r - v.first[i])), Math.round(median(v.first) * 10) / 10);
    check(`simulate, TLS 1.3 ${name}, a second visit with 0-RTT, its first and the replays (median of ${RUNS})`, median(v.zeroRtt), 40);
  }
  for (const [attack, times] of Object.entries(attacked)) {
    check(`simulate with the attacker ${attack}, TLS 1.3 X25519MLKEM768 (median of ${times.length})`, median(times), 40);
  }
  check(`step with the attacker's lane (median of ${attackSteps.length}; max ${ms(Math.max(...attackSteps))})`, median(attackSteps), 16);
  check(`step (median of ${steps.length}; max ${ms(Math.max(...steps))})`, median(steps), 16);
  check(`step side by side (median of ${compareSteps.length}; max ${ms(Math.max(...compareSteps))})`, median(compareSteps), 16);
  check(`step in a lesson (median of ${lessonSteps.length}; max ${ms(Math.max(...lessonSteps))})`, median(lessonSteps), 16);
  check(`step in practice (median of ${practiceSteps.length}; max ${ms(Math.max(...practiceSteps))})`, median(practiceSteps), 16);
} finally {
  await env.close();
}
const strict = process.argv.includes('--strict');
const strictSize = process.argv.includes('--strict-size');
process.exitCode = (strict && failed) || (strictSize && sizeFailed) ? 1 : 0;

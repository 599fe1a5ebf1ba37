// Browser tests of the panels on TLS 1.3 runs (release build, system Chromium): what the
// sequence diagram, the inspector and the key diagram show must be what the engine gives the
// CLI for the same run (`tls-lab transcript --json --suite tls13 …`).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliTranscript, hex, session, shot } from './helpers.mjs';

const s = session();
const page = (query, viewport, options) => s.page(query, viewport, options);
const compact = (s) => s.replace(/\s+/g, '');
const HANDSHAKE = 22;
const CHANGE_CIPHER_SPEC = 20;
const APPLICATION_DATA = 23;

const RUNS = [
  { name: 'x25519mlkem768', query: '?suite=tls13&group=x25519mlkem768&seed=1', args: ['--group', 'x25519mlkem768'] },
  { name: 'x25519', query: '?suite=tls13&group=x25519&seed=1', args: ['--group', 'x25519'] },
  { name: 'x25519 with HelloRetryRequest', query: '?suite=tls13&group=x25519&hrr=1&seed=1', args: ['--group', 'x25519', '--hrr'] },
];

for (const run of RUNS) {
  describe(`TLS 1.3, ${run.name}`, () => {
    const t = cliTranscript(['--suite', 'tls13', '--seed', '1', ...run.args]);
    const last = t.records.length;
    const value = (id) => hex(t.derivations.find((d) => d.id === id).value);

    test('the diagram shows outer and inner types, the compatibility CCS and where the handshake ends', async () => {
      const p = await page(`${run.query}&step=${last}`);
      for (const r of t.records) {
        const marks = p.locator(`.arrow[data-record="${r.number}"] + .arrow-marks`);
        const types = marks.locator('.types');
        if (r.protection) {
          assert.equal(await types.getAttribute('data-outer'), String(APPLICATION_DATA), `record ${r.number}`);
          assert.equal(await types.getAttribute('data-inner'), String(r.protection.inner_type), `record ${r.number}`);
          assert.match(await types.textContent(), /outer: application_data · inner: (handshake|application_data|alert)/);
        } else {
          assert.equal(await types.count(), 0, `record ${r.number} is plaintext`);
        }
        const compat = r.content_type === CHANGE_CIPHER_SPEC;
        assert.equal(await marks.locator('.compat-mark').count(), compat ? 1 : 0, `record ${r.number}`);
        assert.equal(await p.locator(`.arrow.compat[data-record="${r.number}"]`).count(), compat ? 1 : 0);
      }
      assert.equal(await p.locator('.compat-mark').count(), 2, 'one compatibility CCS each way');
      // The rule lies between the client's Finished and the NewSessionTicket.
      const y = async (sel) => Number(await p.locator(sel).first().getAttribute('y1'));
      const fin = t.records.find((r) => r.from === 'Client' && r.messages[0] === 'Finished').number;
      const nst = t.records.find((r) => r.messages[0] === 'NewSessionTicket').number;
      const rule = await y('.handshake-rule line');
      assert.ok(await y(`.arrow[data-record="${fin}"] line`) < rule, 'rule after the Finished');
      assert.ok(rule < await y(`.arrow[data-record="${nst}"] line`), 'NewSessionTicket after the rule');
      const hrr = t.records.some((r) => r.messages[0] === 'HelloRetryRequest');
      const retry = p.locator('.retry-mark');
      assert.equal(await retry.count(), hrr ? 1 : 0);
      if (hrr) assert.equal(await p.locator('.arrow-marks:has(.retry-mark)').evaluate((g) => g.previousElementSibling.getAttribute('aria-label')), 'HelloRetryRequest');
      // The server's whole first answer after the (last) ClientHello is one flight.
      const sh = t.records.find((r) => r.messages[0] === 'ServerHello');
      const serverFin = t.records.find((r) => r.from === 'Server' && r.messages[0] === 'Finished');
      assert.equal(sh.flight, serverFin.flight, '1-RTT');
    });

    test("the inspector shows the inner content type and the CLI's nonce, built from write_iv", async () => {
      const protectedRecords = t.records.filter((r) => r.protection);
      const picks = [protectedRecords[0], protectedRecords.find((r) => r.messages[0] === 'NewSessionTicket'), protectedRecords.at(-1)];
      for (const r of picks) {
        const p = await page(`${run.query}&step=${r.number}`);
        const pr = r.protection;
        assert.equal(await p.locator('.inner-type').getAttribute('data-inner'), String(pr.inner_type));
        assert.equal(await p.locator('.pane.plaintext h3').textContent(), 'Decrypted TLSInnerPlaintext');
        const rowHex = async (name, part = false) => compact(await p.locator(`.protection tr${part ? '.part' : ':not(.part)'}:has(th:text-is("${name}")) code`).textContent());
        assert.equal(await rowHex('nonce'), pr.nonce_hex, `record ${r.number}: nonce`);
        assert.equal(await rowHex('write_iv', true), value(pr.key.replace('_key', '_iv')), `record ${r.number}: write_iv`);
        assert.equal(await rowHex('sequence number (padded)', true), pr.seq.toString(16).padStart(24, '0'));
        assert.equal(await rowHex('AAD'), pr.aad_hex);
        assert.equal(pr.aad_hex, hex(r.bytes.slice(0, 5)), 'the AAD is the record header');
        // The inner content type is the plaintext's last field.
        const typeField = p.locator('.pane.plaintext .field[data-name=type]');
        assert.equal(await typeField.count(), 1, `record ${r.number}: the inner type's field`);
        if (r === picks[0]) await shot(p, `tls13-${run.name.replace(/\W+/g, '-')}-inspector`);
        await s.closePage();
      }
    });

    test("the key diagram's ladder holds the CLI's values, captioned with their HKDF steps", async () => {
      const p = await page(`${run.query}&step=${last}`);
      const ladder = ['early_secret', 'handshake_secret', 'master_secret', 'client_handshake_traffic_secret',
        'server_handshake_iv', 'server_application_traffic_secret_0', 'client_finished_key', 'shared_secret'];
      if (run.name === 'x25519mlkem768') ladder.push('mlkem_shared_secret', 'x25519_shared_secret');
      for (const id of ladder) {
        await p.locator(`.node[data-id="${id}"]`).press("Enter");
        const shown = compact(await p.locator(`.hex-value[data-id="${id}"]`).textContent());
        assert.equal(shown, value(id), id);
      }
      if (run.name === 'x25519mlkem768') {
        assert.equal(value('shared_secret'), value('mlkem_shared_secret') + value('x25519_shared_secret'), 'ML-KEM ‖ X25519');
        await p.locator('.node[data-id="shared_secret"]').press('Enter');
        assert.match(await p.locator('.key-detail .formula').textContent(), /must break both/);
      }
      const steps = await p.locator('.node-step').allTextContents();
      for (const s of ['HKDF-Extract', 'Derive-Secret "c hs traffic"', 'Derive-Secret "s ap traffic"',
        'HKDF-Expand-Label "key"', 'HKDF-Expand-Label "iv"', 'HKDF-Expand-Label "finished"']) {
        assert.ok(steps.includes(s), `${s} in ${steps}`);
      }
      // Ladder order on screen: each stage below the one before.
      const top = async (id) => (await p.locator(`.node[data-id="${id}"] rect`).boundingBox()).y;
      assert.ok(await top('early_secret') < await top('handshake_secret'));
      assert.ok(await top('handshake_secret') < await top('master_secret'));
    });

    test('values appear when they come to exist, with who knows them', async () => {
      const hs = t.derivations.find((d) => d.id === 'handshake_secret');
      const p = await page(`${run.query}&step=${hs.client_knows_from - 1}`);
      assert.equal(await p.locator('.node[data-id="handshake_secret"]').count(), 0, 'not before the ServerHello');
      await p.getByRole('button', { name: 'Next', exact: true }).click();
      const node = p.locator('.node[data-id="handshake_secret"]');
      assert.equal(await node.count(), 1);
      assert.equal(await node.getAttribute('aria-description'), hs.server_knows_from <= hs.client_knows_from
        ? 'known to the browser and the server' : 'known to the browser only');
      assert.equal(await p.locator('.node[data-id="master_secret"]').count(), 0, 'no master secret yet');
    });
  });
}

describe('TLS 1.3 at phone and desktop widths', () => {
  for (const scheme of ['light', 'dark']) {
    for (const width of [1280, 390]) {
      test(`${width} px, ${scheme}: nothing scrolls sideways, the ladder stays readable`, async () => {
        const p = await page('?suite=tls13&group=x25519mlkem768&seed=1&step=11', { width, height: 900 }, { colorScheme: scheme });
        const wide = await p.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= width, `page width ${wide}`);
        const size = await p.locator('.node-step').first().evaluate((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
        assert.ok(size >= 8, `HKDF captions are readable (${size} px)`);
        const nameSize = await p.locator('.node-name').first().evaluate((t) => t.getBoundingClientRect().height);
        assert.ok(nameSize >= 10, `key names are readable (${nameSize} px)`);
        await shot(p, `tls13-${width}-${scheme}`);
      });
    }
  }
});

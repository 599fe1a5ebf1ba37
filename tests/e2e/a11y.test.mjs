// Accessibility audit of the page with axe-core (the engine behind Lighthouse's audit), in
// Chromium, in both colour schemes: WCAG 2.1 A and AA rules, colour contrast included, plus
// the contrast of the diagrams' SVG text, which axe leaves out (contrast.mjs).
// Every state a student reaches is audited: the inspector, a selected key, the
// browser-style error page, mutual TLS (the server's checks of the browser's certificate, and
// its refusal), an open fault menu, notices, the embed layout, the eavesdropper's
// experiments, and the side-by-side view, a lesson's step and practice's questions (in the
// course page).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { svgTextContrast } from './contrast.mjs';
import { open, start } from './helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** Runs axe on the page as it is now; returns one line per failing node. */
async function audit(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`) }));
  }, TAGS);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} — ${n}`));
}

// Each state: a URL and what to do before auditing.
const STATES = {
  'first step': ['', async () => {}],
  'first step, TLS 1.2 RSA': ['?suite=rsa', async () => {}],
  'inspector with a field selected': ['?suite=rsa', async (p) => {
    await p.locator('.pane.wire .field[data-name=random]').first().click();
  }],
  'encrypted record and a selected key': ['?suite=rsa&step=12', async (p) => {
    await p.getByRole('button', { name: 'Finished' }).first().click();
    await p.locator('.node[data-id=master_secret]').click();
  }],
  'application data': ['?suite=ecdhe', async (p) => {
    await p.getByRole('button', { name: 'Last', exact: true }).click();
  }],
  'browser-style error page': ['?cert=expired', async (p) => {
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    await p.locator('.browser-error').waitFor();
  }],
  'mutual TLS: the client certificate choice, and the server\'s checks of the browser\'s certificate': ['?suite=rsa&client_cert=valid&step=8', async (p) => {
    await p.locator('section.certs', { hasText: 'The server\'s checks' }).waitFor();
  }],
  'mutual TLS refused: the server\'s failed check and the browser\'s error page': ['?suite=tls13&client_cert=unknown-ca', async (p) => {
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    await p.locator('.browser-error').waitFor();
    await p.locator('section.certs tr.bad').first().waitFor();
  }],
  'a second visit with 0-RTT: the Visit choice and the two visits\' panel': ['?suite=tls13&group=x25519&early_data=1&step=3', async (p) => {
    await p.locator('.visits-panel .replay').waitFor();
  }],
  'a TLS 1.2 second visit (abbreviated handshake)': ['?suite=ecdhe&resume=1', async (p) => {
    await p.locator('.visits-panel').waitFor();
  }],
  'an attacker that terminates: the third lane, the menu and its panel': ['?suite=tls13&attack=trusted-ca&step=3', async (p) => {
    await p.locator('.attacker-panel #attacker-read pre').first().waitFor();
  }],
  'a relaying attacker stopped: the changed record and the browser\'s error page': ['?suite=ecdhe&attack=relay-cert', async (p) => {
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    await p.locator('.browser-error').waitFor();
    await p.locator('.attacker-panel').waitFor();
  }],
  'open fault menu': ['?suite=rsa', async (p) => {
    await p.getByRole('button', { name: 'Faults for record 1', exact: true }).click();
    await p.getByRole('button', { name: 'Flip a byte' }).waitFor();
  }],
  'notices for bad parameters': ['?suite=des&seed=x', async (p) => {
    await p.locator('.notice').first().waitFor();
  }],
  'embed layout': ['?embed=1', async () => {}],
  'embed with chosen panels and a fixed theme': ['?embed=1&panels=sequence,keys&faults=0&theme=dark', async () => {}],
  'a misconception beside its step': ['?suite=rsa&step=5', async (p) => {
    await p.locator('.myth-note').waitFor();
  }],
  'share and export open': ['?suite=rsa&step=4', async (p) => {
    await p.getByRole('button', { name: 'Share & export' }).click();
    await p.locator('#share-panel').waitFor();
  }],
  'TLS 1.3 hybrid: an encrypted handshake record and a selected HKDF value': ['?suite=tls13&group=x25519mlkem768&step=4', async (p) => {
    await p.locator('.inner-type').waitFor();
    await p.locator('.node[data-id=client_handshake_traffic_secret]').click();
  }],
  'TLS 1.3 with HelloRetryRequest, every record and the whole ladder': ['?suite=tls13&group=x25519&hrr=1', async (p) => {
    await p.getByRole('button', { name: 'Last', exact: true }).click();
    await p.locator('.handshake-rule').waitFor();
  }],
  'a lesson step, its question answered': ['course/?lesson=classic&lesson_step=3', async (p) => {
    await p.locator('.lesson-panel .answer', { hasText: 'The pre-master secret' }).click();
    await p.locator('.quiz-verdict').waitFor();
  }],
  'a lesson embedded, with a fault': ['course/?lesson=what-goes-wrong&lesson_step=5&embed=1', async (p) => {
    await p.locator('.lesson-panel .answer').first().click();
  }],
  'practice: a wrong answer and the next question': ['course/?suite=tls13&practice=1', async (p) => {
    const q = p.locator('.practice-panel .quiz').last();
    const right = await q.locator('.answer').count();
    await q.locator('.answer').nth(right - 1).click();
    await p.locator('.practice-panel .revealed').waitFor();
  }],
  'practice done: the score': ['course/?suite=rsa&practice=1', async (p) => {
    while (await p.locator('.practice-panel .show-me').count()) await p.locator('.practice-panel .show-me').click();
    await p.locator('.practice-panel .summary').waitFor();
  }],
  'a glossary definition open': ['?suite=rsa&step=7', async (p) => {
    await p.locator('.explanation-text .term').first().click();
    await p.locator('.glossary-card:popover-open').waitFor();
  }],
  'a field with what it is for': ['?suite=rsa&step=1', async (p) => {
    await p.locator('.pane.wire .field[data-name=random]').first().click();
    await p.locator('.field-note', { hasText: 'random bytes' }).waitFor();
  }],
  'the handout': ['?suite=ecdhe&cert=expired', async (p) => {
    await p.getByRole('button', { name: 'Share & export' }).click();
    await p.getByRole('button', { name: 'Handout: every step with its explanation' }).click();
    await p.locator('.handout').waitFor();
  }],
  'a lesson at its end, after a wrong answer and exploring the run': ['course/?lesson=what-goes-wrong', async (p) => {
    await p.locator('.lesson-panel .answer', { hasText: 'bad_record_mac' }).click();
    await p.locator('.quiz-verdict').waitFor();
    await p.goto(`${p.url().split('?')[0]}?lesson=what-goes-wrong&lesson_step=6`);
    await p.locator('.lesson-end').waitFor();
    await p.keyboard.press('Home');
    await p.locator('.lesson-away').waitFor();
  }],
  'the eavesdropper, a stolen key opening RSA, its steps shown': ['?suite=rsa&leak=server-key&step=12', async (p) => {
    await p.locator('[data-eavesdropper-outcome=opened] summary').click();
  }],
  'the eavesdropper, a quantum computer against the hybrid': ['?leak=quantum&step=9', async (p) => {
    await p.locator('[data-eavesdropper-outcome=sealed]').waitFor();
  }],
  'your own capture: the sample listed, a connection opened with its key log': ['?eavesdropper=1', async (p) => {
    await p.locator('.own-capture summary').click();
    await p.getByRole('button', { name: /Try a real one/ }).click();
    await p.locator('[data-recorded-connection][data-decrypted=true]').first().click();
    await p.locator('.capture-report [data-eavesdropper-outcome=opened]').waitFor();
  }],
  'many notices folded away': [`?${Array.from({ length: 20 }, (_, i) => `bad${i}=1`).join('&')}`, async (p) => {
    await p.locator('.more-notices').waitFor();
  }],
};

// The side-by-side view (compare=) draws no SVG: axe alone, at desktop and phone widths.
const COMPARE_STATES = {
  'side by side, round trip 2': ['?suite=rsa&compare=tls13&step=3', { width: 1280, height: 900 }],
  'side by side, stacked at 360 px, embedded': ['?suite=ecdhe&compare=tls13-x25519-hrr&embed=1&step=2', { width: 360, height: 740 }],
};

// The recorded page (a connection of the student's own capture), audited in its frame of the
// lab's dialog: with the sample's key log or without, and what to do in the frame first.
const RECORDED_STATES = {
  'a recorded connection opened with its key log, an encrypted record inspected': [true, async (f) => {
    await f.locator('.sequence-svg .arrow').nth(3).click();
    await f.locator('.protection').waitFor();
  }],
  'a recorded connection without a key log, at its last record': [false, async (f) => {
    await f.getByRole('button', { name: 'Last', exact: true }).click();
  }],
};

for (const scheme of ['light', 'dark']) {
  describe(`WCAG 2.1 AA audit, ${scheme} scheme`, () => {
    for (const [name, [keys, act]] of Object.entries(RECORDED_STATES)) {
      test(name, async () => {
        const { page, context, problems } = await open(env, '?eavesdropper=1', undefined, { colorScheme: scheme });
        try {
          await page.locator('.own-capture summary').click();
          if (keys) await page.getByRole('button', { name: /Try a real one/ }).click();
          else await page.locator('#capture-files').setInputFiles(new URL('../../samples/chromium-tls13.pcapng', import.meta.url).pathname);
          await page.locator('[data-recorded-connection]').first().click();
          await page.locator('.capture-report [data-eavesdropper-outcome], .capture-report .seen li').first().waitFor();
          await page.getByRole('button', { name: /Show it in the sequence diagram/ }).click();
          const inside = page.frameLocator('dialog.recorded-dialog iframe');
          await inside.locator('[data-recorded]').waitFor();
          await act(inside);
          const frame = page.frames().find((f) => f.url().includes('/recorded/'));
          const found = [...await audit(page), ...await audit(frame)];
          assert.deepEqual(found, [], `axe found:\n${found.join('\n')}`);
          const svg = await svgTextContrast(frame);
          assert.ok(svg.checked >= 10, `SVG text was measured (${svg.checked})`);
          assert.deepEqual(svg.failures, [], 'SVG text meets 4.5:1');
          assert.deepEqual(problems.consoleErrors, []);
        } finally {
          await context.close();
        }
      });
    }
    for (const [name, [query, viewport]] of Object.entries(COMPARE_STATES)) {
      test(name, async () => {
        const { page, context, problems } = await open(env, null, viewport, { colorScheme: scheme });
        try {
          await page.goto(env.base + query);
          await page.locator('.compare').waitFor();
          const found = await audit(page);
          assert.deepEqual(found, [], `axe found:\n${found.join('\n')}`);
          assert.deepEqual(problems.consoleErrors, []);
        } finally {
          await context.close();
        }
      });
    }
    for (const [name, [query, act]] of Object.entries(STATES)) {
      test(name, async () => {
        // Practice draws no record before the first answer: wait for the controls instead.
        const { page, context, problems } = await open(env, null, undefined, { colorScheme: scheme });
        try {
          await page.goto(env.base + query);
          await page.locator('.controls').waitFor();
          await act(page);
          const found = await audit(page);
          assert.deepEqual(found, [], `axe found:\n${found.join('\n')}`);
          // The handout draws no diagram; every other state does.
          if (await page.locator('.sequence-svg').count()) {
            const svg = await svgTextContrast(page);
            assert.ok(svg.checked >= 10, `SVG text was measured (${svg.checked})`);
            assert.deepEqual(svg.failures, [], 'SVG text meets 4.5:1');
          }
          assert.deepEqual(problems.consoleErrors, []);
        } finally {
          await context.close();
        }
      });
    }
  });
}

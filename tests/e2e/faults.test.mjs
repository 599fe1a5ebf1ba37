// Every fault on every record, walked to the run's last step and back (issue 26: stepping back
// from the last step of 17 fault runs stopped the page). Each run is taken to its last step
// (End), then ←, Home and End, and Previous, Last, First and Last: the page must never stop, and the step must follow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, stepLabel, stepLabelWhen } from './helpers.mjs';

const s = session();
const HANDSHAKES = ['suite=rsa', 'suite=ecdhe', 'suite=tls13&group=x25519', 'suite=tls13&group=x25519mlkem768'];
const faults = (n) => [`drop:${n}`, `flip:${n}:8`, `reorder:${n}`, `replay:${n}`, `truncate:${n}:3`];

for (const handshake of HANDSHAKES) {
  test(`${handshake}: every fault kind on every record, last step and back`, async () => {
    const p = await s.page(`?${handshake}`);
    const records = await p.locator('.arrow').count();
    let runs = 0;
    for (let n = 1; n <= records; n++) {
      for (const fault of faults(n)) {
        // Reorder needs a next record; the page says so and keeps a clean run, which is fine.
        await p.goto(`${s.env.base}?${handshake}&fault=${fault}`);
        await p.locator('.arrow').first().waitFor();
        // The keys' listener is attached by an effect after the first render: two frames on,
        // it is there.
        await p.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
        const steps = Number((await stepLabel(p)).match(/of (\d+)/)[1]);
        await p.evaluate(() => document.activeElement?.blur());
        for (const [key, want] of [['End', steps], ['ArrowLeft', steps - 1], ['End', steps], ['Home', 1], ['End', steps]]) {
          await p.keyboard.press(key);
          const label = `step ${Math.max(want, 1)} of ${steps}`;
          assert.equal(await stepLabelWhen(p, label), label, `${fault} after ${key}`);
        }
        if (steps > 1) {
          for (const name of ['Previous', 'Last', 'First', 'Last']) {
            await p.getByRole('button', { name, exact: true }).click();
          }
        }
        assert.equal(await p.locator('.panic-panel').count(), 0, `${fault}: the page stopped`);
        assert.match(await stepLabel(p), new RegExp(`^step ${steps} of ${steps}`), fault);
        runs++;
      }
    }
    assert.equal(runs, records * 5);
  });
}

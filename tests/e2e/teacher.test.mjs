// Browser tests of what a teacher does with the page: host it in a folder of a course site,
// embed it (the frame follows the page's height, also through H5P's resizer), choose the
// panels, theme and fault menus, and share or export a state.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, host, session, settledHeight, shot } from './helpers.mjs';

// The page served from a sub-folder: every test runs as a course site hosts it.
const s = session('/courses/tls-lab/');
const page = (query = '', viewport, options) => s.page(query, viewport, options);


describe('hosting in a folder', () => {
  test('every asset loads from a sub-folder (relative URLs)', async () => {
    const p = await page(null);
    const failed = [];
    p.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    await p.goto(`${s.env.base}?embed=1&suite=ecdhe&step=5`);
    await p.locator('.arrow').first().waitFor();
    assert.deepEqual(failed, []);
    assert.match(await p.locator('.step-label').textContent(), /^step 5 of/);
  });
});

describe('embedding', () => {
  const SUBSETS = ['', 'sequence', 'sequence,inspector', 'keys,checks', 'sequence,misconceptions', 'inspector,keys,data'];
  for (const width of [1280, 390]) {
    for (const panels of SUBSETS) {
      test(`the frame fits its content at ${width} px, panels=${panels || 'all'}`, async () => {
        const q = `?embed=1${panels ? `&panels=${panels}` : ''}`;
        const { p, frame } = await host(s, q, { width });
        let h = await settledHeight(p, frame);
        const body = await frame.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height));
        assert.equal(h, body, 'the reported height is the content height');
        const wanted = panels ? panels.split(',') : ['sequence', 'inspector', 'keys', 'checks', 'data'];
        assert.equal(await frame.locator('.sequence').count(), wanted.includes('sequence') ? 1 : 0);
        assert.equal(await frame.locator('.inspector').count(), wanted.includes('inspector') ? 1 : 0);
        assert.equal(await frame.locator('.keys').count(), wanted.includes('keys') ? 1 : 0);
        // Every change is reported: step to the end, where the outcome adds a line.
        await frame.getByRole('button', { name: 'Last', exact: true }).click();
        h = await settledHeight(p, frame);
        assert.equal(h, await frame.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height)));
        if (width === 1280 && !panels) {
          // Compact: the step's explanation beside the diagram, inside the first 600 px.
          const box = await frame.locator('.step-panel').boundingBox();
          assert.ok(box.y < 100, `explanation at y=${box.y}`);
          const diagram = await frame.locator('.diagram-panel').boundingBox();
          assert.ok(box.x > diagram.x + diagram.width - 1, 'side by side');
          await shot(p, 'embed-1280');
        }
        if (width === 390 && !panels) {
          const step = await frame.locator('.step-panel').boundingBox();
          assert.ok(step.y < 400, `the explanation follows the controls (y=${step.y})`);
          const wide = await frame.locator('html').evaluate((e) => e.scrollWidth);
          assert.ok(wide <= 390, `no sideways scrolling (${wide})`);
          await shot(p, 'embed-390');
        }
      });
    }
  }

  test('H5P: the resizer handshake (hello → hello, prepareResize → resizePrepared → resize)', async () => {
    // A host that speaks only H5P's protocol, as h5p-resizer.js does.
    const { p } = await host(s, '?embed=1', { width: 900, sandbox: null, resize: false });
    await p.evaluate(() => {
      window.h5p = [];
      const f = document.getElementById('lab');
      const respond = (action) => f.contentWindow.postMessage({ context: 'h5p', action }, '*');
      addEventListener('message', (e) => {
        if (e.source !== f.contentWindow || !e.data || e.data.context !== 'h5p') return;
        window.h5p.push(e.data.action);
        if (e.data.action === 'hello') respond('hello');
        if (e.data.action === 'prepareResize') respond('resizePrepared');
        if (e.data.action === 'resize') f.style.height = `${e.data.scrollHeight}px`;
      });
      respond('ready'); // what h5p-resizer.js sends to frames that loaded before it
    });
    await p.waitForFunction(() => window.h5p.includes('resize'), null, { timeout: 10000 });
    const actions = await p.evaluate(() => window.h5p);
    assert.ok(actions.indexOf('hello') < actions.indexOf('prepareResize'), actions.join());
    assert.ok(actions.indexOf('prepareResize') < actions.indexOf('resize'), actions.join());
    const frameHeight = await p.evaluate(() => document.getElementById('lab').getBoundingClientRect().height);
    const content = await p.frameLocator('#lab').locator('body').evaluate((b) => b.scrollHeight);
    assert.ok(Math.abs(frameHeight - content) <= 1, `frame ${frameHeight}, content ${content}`);
  });

  test('faults=0 hides the fault menus; theme= fixes the colours', async () => {
    const p = await page('?faults=0&theme=dark', undefined, { colorScheme: 'light' });
    assert.equal(await p.locator('.fault-btn').count(), 0);
    const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(18, 19, 22)', 'dark although the system is light');
    const q = await page('?theme=light', undefined, { colorScheme: 'dark' });
    assert.equal(await q.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(247, 247, 245)');
    assert.match(q.url(), /theme=light/);
    const bad = await page('?panels=sequence,charts&theme=blue');
    assert.equal(await bad.locator('.notice').count(), 2);
    assert.equal(await bad.locator('.inspector').count(), 1, 'a refused list shows every panel');
  });
});

describe('share and export', () => {
  async function openShare(p) {
    await p.getByRole('button', { name: 'Share & export' }).click();
    return p.locator('#share-panel');
  }

  test('the link reproduces the state; the snippet is sandboxed and titled', async () => {
    const p = await page('?suite=ecdhe&seed=77&ems=0&step=6&fault=reorder:9&panels=sequence,keys&theme=dark');
    const panel = await openShare(p);
    const link = await panel.locator('#share-link').inputValue();
    assert.ok(link.startsWith(s.env.base), link);
    const snippet = await panel.locator('#share-embed').inputValue();
    assert.match(snippet, /<iframe [^>]*sandbox="allow-scripts allow-same-origin allow-downloads"/);
    assert.match(snippet, /title="TLS Lab: [^"]+step 6"/);
    assert.match(snippet, /embed=1/);
    await shot(p, 'share-panel');
    const q = await page(link.slice(s.env.base.length));
    assert.match(await q.locator('.step-label').textContent(), /^step 6 of/);
    assert.equal(await q.locator('.notices').count(), 0);
    assert.equal(new URL(q.url()).search, new URL(link).search, 'the opened page keeps exactly the shared state');
    assert.equal(await q.locator('.inspector').count(), 0);
  });

  test('the diagrams download as standalone SVG and PNG with the same labels', async () => {
    const p = await page('?suite=rsa&step=7');
    const panel = await openShare(p);
    const save = async (name) => {
      const [download] = await Promise.all([p.waitForEvent('download'), panel.getByRole('button', { name }).click()]);
      return readFileSync(await download.path());
    };
    const svg = (await save('Sequence diagram (SVG)')).toString('utf8');
    assert.ok(!/<script/i.test(svg), 'no script in the file');
    const labels = await p.$$eval('.arrow', (as) => as.map((a) => a.getAttribute('aria-label')));
    const seen = await p.evaluate(async (text) => {
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
      await img.decode();
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        width: img.naturalWidth,
        labels: [...doc.querySelectorAll('.arrow .label')].map((t) => t.textContent),
        styled: doc.querySelector('.arrow line').getAttribute('style'),
      };
    }, svg);
    assert.ok(seen.width > 200, 'it opens as an image');
    assert.deepEqual(seen.labels, labels);
    assert.match(seen.styled, /stroke:/, 'styles are inlined');
    const keys = (await save('Key diagram (SVG)')).toString('utf8');
    assert.match(keys, /master_secret/);
    const png = await save('Sequence diagram (PNG)');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  });

  test('the capture and key log equal the CLI export, and tshark decrypts them', async () => {
    const p = await page('?suite=ecdhe&seed=5');
    const panel = await openShare(p);
    const downloads = [];
    p.on('download', (d) => downloads.push(d));
    await panel.getByRole('button', { name: 'Capture (pcap) and key log' }).click();
    await p.waitForFunction(() => /Saved .*pcap/.test(document.querySelector('.share-status')?.textContent ?? ''));
    await new Promise((ok) => setTimeout(ok, 300));
    assert.equal(downloads.length, 2, downloads.map((d) => d.suggestedFilename()).join());
    const byName = Object.fromEntries(await Promise.all(downloads.map(async (d) => [d.suggestedFilename().split('.').slice(1).join('.'), readFileSync(await d.path())])));
    const dir = mkdtempSync(join(tmpdir(), 'tls-lab-'));
    const [pcap, keys] = [join(dir, 'cli.pcap'), join(dir, 'cli.keys')];
    cli(['export', '--suite', 'ecdhe', '--seed', '5', '--pcap', pcap, '--keylog', keys], { stdio: 'ignore' });
    assert.ok(byName.pcap.equals(readFileSync(pcap)), 'pcap byte-identical to tls-lab export');
    assert.ok(byName['keys.log'].equals(readFileSync(keys)), 'key log identical');
    const mine = join(dir, 'page.pcap');
    const mineKeys = join(dir, 'page.keys');
    execFileSync('cp', [pcap, mine]);
    execFileSync('cp', [keys, mineKeys]);
    const follow = execFileSync('tshark', ['-n', '-r', mine, '-o', `tls.keylog_file:${mineKeys}`, '-q', '-z', 'follow,tls,ascii,0'],
      { timeout: 60000, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    assert.match(follow, /GET \//, 'tshark decrypts the request');
  });

  test('printing gives the diagram and the current step on at most two pages', async () => {
    const p = await page('?suite=rsa&step=5');
    await p.emulateMedia({ media: 'print' });
    assert.equal(await p.locator('.controls-panel').isVisible(), false);
    assert.equal(await p.locator('.sequence-svg').isVisible(), true);
    assert.equal(await p.locator('.step-panel').isVisible(), true);
    const pdf = await p.pdf({ format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
  });

  test('the handout has every step with its explanation, and prints', async () => {
    const p = await page('?suite=ecdhe&fault=flip:7:22');
    const n = await p.locator('.arrow').count();
    const panel = await openShare(p);
    await panel.getByRole('button', { name: 'Handout: every step with its explanation' }).click();
    const steps = p.locator('.handout-steps > li');
    assert.equal(await steps.count(), n);
    assert.match(await steps.nth(6).textContent(), /^7\. /);
    assert.match(await p.locator('.handout').textContent(), /Fault flip:7:22: .*Outcome:/s);
    await p.emulateMedia({ media: 'print' });
    assert.equal(await p.locator('.handout-actions').isVisible(), false);
    const pdf = await p.pdf({ format: 'A4' });
    assert.ok((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length >= 2, 'a few pages');
    await p.emulateMedia({ media: 'screen' });
    await p.getByRole('button', { name: 'Back to the lab' }).click();
    await p.locator('.arrow').first().waitFor();
  });

  test('on a phone, the handout and a glossary definition fit the width', async () => {
    const p = await page('?step=3', { width: 390, height: 844 });
    const wide = () => p.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    await p.locator('.explanation-text .term').first().click();
    const card = p.locator('.glossary-card:popover-open');
    await card.waitFor();
    // The definition arrives after the card opens (glossary.txt loads on first use): measured
    // with its text.
    await p.locator('.glossary-card:popover-open p', { hasText: ': ' }).waitFor();
    const box = await card.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `definition at ${box.x}+${box.width}`);
    await p.keyboard.press('Escape');
    const panel = await openShare(p);
    await panel.getByRole('button', { name: 'Handout: every step with its explanation' }).click();
    await p.locator('.handout').waitFor();
    // Long formulas such as Transcript-Hash(ClientHello..server Finished) once widened it to 627 px.
    assert.equal(await wide(), 0);
  });

  test('in an embedded frame, a term opens its definition, loaded on first use', async () => {
    const { frame } = await host(s, '?embed=1&suite=rsa&step=7', { width: 900 });
    await frame.locator('.explanation-text .term', { hasText: 'PRF' }).click();
    await frame.locator('#g-prf', { hasText: 'Pseudorandom function' }).waitFor();
  });

  test('the compact embed code keeps only the diagram and the step', async () => {
    const p = await page('?suite=rsa&step=3');
    const panel = await openShare(p);
    await panel.locator('#share-compact').check();
    assert.match(await panel.locator('#share-embed').inputValue(), /panels=sequence&amp;embed=1|panels=sequence[^,]/);
  });

  test('in a sandboxed frame, copying and downloading fail politely', async () => {
    const { frame } = await host(s, '?embed=1', { width: 900 });
    await frame.getByRole('button', { name: 'Share & export' }).click();
    await frame.getByRole('button', { name: 'Copy link' }).click();
    await frame.locator('.share-status', { hasText: /clipboard|Copied/ }).waitFor();
    assert.match(await frame.locator('#share-panel').textContent(), /does not allow downloads/);
  });
});

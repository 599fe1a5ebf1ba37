// scripts/extended-build.mjs on four tiny dist/ folders made here (no build, no browser): the
// extended builds' glue and wasm join the lab's, the lab's loader picks one of the four by
// the link, and a loader of another shape is refused rather than half rewritten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';

const SCRIPT = new URL('../../scripts/extended-build.mjs', import.meta.url).pathname;
const LAB = { js: 'tls-lab-web-1111111111111111.js', wasm: 'tls-lab-web-2222222222222222_bg.wasm' };
const EXT = { js: 'tls-lab-web-3333333333333333.js', wasm: 'tls-lab-web-4444444444444444_bg.wasm' };
const RES = { js: 'tls-lab-web-5555555555555555.js', wasm: 'tls-lab-web-6666666666666666_bg.wasm' };
const ATT = { js: 'tls-lab-web-7777777777777777.js', wasm: 'tls-lab-web-8888888888888888_bg.wasm' };

/** index.html as Trunk writes it (minified). */
const page = ({ js, wasm }) => `<!doctype html><html><head><script>addEventListener('error',()=>{})</script>` +
  `<script type=module>import init,*as bindings from"./${js}";const wasm=await init({module_or_path:\`./${wasm}\`});window.wasmBindings=bindings,dispatchEvent(new CustomEvent(\`TrunkApplicationStarted\`,{detail:{wasm}}));</script>` +
  `<link crossorigin href=./${js} rel=modulepreload><link as=fetch crossorigin href=./${wasm} rel=preload type=application/wasm></head><body></body></html>`;

function dists(labHtml = page(LAB)) {
  const root = mkdtempSync(join(tmpdir(), 'extended-'));
  const lab = join(root, 'dist');
  const ext = join(lab, 'extended');
  const res = join(lab, 'resumption');
  const att = join(lab, 'attack');
  for (const dir of [ext, res, att]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(lab, 'index.html'), labHtml);
  writeFileSync(join(ext, 'index.html'), page(EXT));
  writeFileSync(join(res, 'index.html'), page(RES));
  writeFileSync(join(att, 'index.html'), page(ATT));
  for (const [dir, b] of [[lab, LAB], [ext, EXT], [res, RES], [att, ATT]]) {
    writeFileSync(join(dir, b.js), '// glue');
    writeFileSync(join(dir, b.wasm), 'wasm');
  }
  const r = spawnSync('node', [SCRIPT, lab, ext, res, att], { encoding: 'utf8' });
  return { root, lab, ext, res, att, r };
}

/** What the rewritten head's first script picks and preloads for `search`. */
function chosen(html, search) {
  const script = html.match(/<script>(\{const b=[\s\S]*?)<\/script>/)[1];
  const links = [];
  const self = {};
  vm.runInNewContext(script, {
    location: { search },
    self,
    document: { createElement: () => ({}), head: { append: (l) => links.push(l) } },
  });
  return { build: JSON.parse(JSON.stringify(self.tlsLabBuild)), preloads: links.map((l) => `${l.rel} ${l.href}`) };
}

test('the lab loads its own build, the mutual-TLS one for client_cert, the resumption one for resume or early_data, the attacker one for attack', () => {
  const { root, lab, ext, res, att, r } = dists();
  try {
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(ext) && !existsSync(res) && !existsSync(att), 'the extended folders are gone');
    assert.deepEqual(readdirSync(lab).filter((f) => f.startsWith('tls-lab-web')).sort(), [LAB.js, LAB.wasm, EXT.js, EXT.wasm, RES.js, RES.wasm, ATT.js, ATT.wasm].sort());
    const html = readFileSync(join(lab, 'index.html'), 'utf8');
    assert.doesNotMatch(html, /<link[^>]*tls-lab-web/, "Trunk's static preloads are gone");
    assert.match(html, /<script>addEventListener/, 'the rest of the head stays');
    for (const [search, want] of [['', LAB], ['?suite=rsa', LAB], ['?suite=rsa&client_cert=valid', EXT], ['?client_cert=none', EXT], ['?xclient_cert=1', LAB], ['?suite=ecdhe&resume=1', RES], ['?early_data=1', RES], ['?presume=1', LAB],
      ['?suite=ecdhe&attack=own-cert', ATT], ['?xattack=1', LAB],
      // Both: mutual TLS's build, which says why it shows no second visit; the resumption
      // build, which says why it shows no attacker.
      ['?resume=1&client_cert=valid', EXT], ['?attack=downgrade&resume=1', RES]]) {
      const { build, preloads } = chosen(html, search);
      assert.deepEqual(build, want, search);
      assert.deepEqual(preloads, [`modulepreload ./${want.js}`, `preload ./${want.wasm}`], search);
    }
    assert.match(html, /<script type=module>const bindings=await import\('\.\/'\+tlsLabBuild\.js\)/);
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('a loader of another shape is refused, and nothing is moved', () => {
  const { root, lab, ext, r } = dists(page(LAB).replace('import init,*as bindings', 'import start'));
  try {
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /not the expected module script/);
    assert.ok(existsSync(join(ext, EXT.wasm)));
    assert.ok(!existsSync(join(lab, EXT.wasm)));
  } finally {
    rmSync(root, { recursive: true });
  }
});

// scripts/shorten-wasm-names.mjs on a tiny dist/ made here (no build, no browser, well under a
// second): it shortens the names a wasm and its glue share, and it refuses a page that loads
// them with Subresource Integrity hashes, which the renaming would break.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = new URL('../../scripts/shorten-wasm-names.mjs', import.meta.url).pathname;
const JS = 'tls-lab-web-0123456789abcdef.js';
const WASM = 'tls-lab-web-fedcba9876543210_bg.wasm';
const IMPORT = '__wbg_alert_0123456789abcdef';
const SHIM = 'wasm_bindgen__convert__closures_____invoke__h0123456789abcdef';

const name = (s) => [s.length, ...Buffer.from(s)];
const section = (id, body) => [id, body.length, ...body];
/** A valid module: one function type, one imported function from the glue, exported again
 * under a closure shim's name (as wasm-bindgen names them). */
const wasm = Buffer.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [1, 0x60, 0, 0]),
  ...section(2, [1, ...name('./tls-lab-web_bg.js'), ...name(IMPORT), 0, 0]),
  ...section(7, [1, ...name(SHIM), 0, 0]),
]);
const glue = `const imports = { "./tls-lab-web_bg.js": { ${IMPORT}: () => alert(1) } };
export const shim = (wasm) => wasm.${SHIM};
`;
/** index.html as Trunk writes it (minified), with `extra` attributes on one of the preloads. */
const page = ({ js = '', wasm = '' } = {}) => `<!doctype html><html><head>
<script data-integrity=none src=./embed-1.js></script>
<script type=module>import init from"./${JS}";await init({module_or_path:\`./${WASM}\`});</script>
<link crossorigin href=./${JS} rel=modulepreload${js}>
<link as=fetch crossorigin href=./${WASM} rel=preload type=application/wasm${wasm}></head><body></body></html>`;

function run(html) {
  const dir = mkdtempSync(join(tmpdir(), 'shorten-'));
  writeFileSync(join(dir, WASM), wasm);
  writeFileSync(join(dir, JS), glue);
  writeFileSync(join(dir, 'index.html'), html);
  const out = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
  const result = { dir, out, wasm: readFileSync(join(dir, WASM)), js: readFileSync(join(dir, JS), 'utf8') };
  rmSync(dir, { recursive: true });
  return result;
}

test('renames the shared names in both files, consistently', () => {
  const { out, wasm: renamed, js } = run(page());
  assert.equal(out.status, 0, out.stderr);
  const module = new WebAssembly.Module(renamed);
  const [imported] = WebAssembly.Module.imports(module);
  const [exported] = WebAssembly.Module.exports(module);
  assert.deepEqual([imported.module, imported.name, exported.name], ['a', 'b', 'c']);
  assert.equal(js, `const imports = { "a": { b: () => alert(1) } };\nexport const shim = (wasm) => wasm.c;\n`);
});

for (const [what, attrs] of [
  ['the wasm', { wasm: ' integrity="sha384-AAAA+/BBB="' }],
  ['the glue', { js: ' integrity=sha384-AAAA+/BBB=' }], // unquoted, as the minifier writes it
]) {
  test(`refuses an index.html that loads ${what} with an integrity hash, and writes nothing`, () => {
    const { dir, out, wasm: after, js } = run(page(attrs));
    assert.equal(out.status, 1);
    const lines = out.stderr.trim().split('\n');
    assert.equal(lines.length, 1, out.stderr);
    assert.match(lines[0], /integrity/);
    assert.ok(lines[0].includes(join(dir, 'index.html')), lines[0]);
    assert.ok(lines[0].includes(attrs.wasm ? WASM : JS), lines[0]);
    assert.deepEqual(after, wasm);
    assert.equal(js, glue);
  });
}

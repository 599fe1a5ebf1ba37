// Shortens the names the page's wasm and its JS glue share, after `trunk build`.
//
// wasm-bindgen names every import after the JS function and a 16-digit hash
// (`__wbg_activeElement_6c30fe7fda33ef51`), and the closure shims it exports after their Rust
// types. Each name is written twice, in the wasm's import or export section and in the glue,
// and the hashes do not compress: measured on the page, the names cost 5.5 KB of a first load
// of 290 KB gz. This renames them to one or two letters in both files, consistently. It is the
// minifier's job, which Trunk's minifier cannot do for names the wasm holds.
//
// Usage: node scripts/shorten-wasm-names.mjs DIST_DIR
// Fails (and writes nothing) unless every renamed name is found in the glue, and if
// DIST_DIR/index.html loads the glue or the wasm with an `integrity` attribute: the renamed
// files would no longer match their Subresource Integrity hashes and the browser would refuse
// them (index.html's `data-integrity="none"` keeps Trunk from writing them).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const dist = process.argv[2] ?? 'dist';
const files = readdirSync(dist);
const one = (suffix) => {
  const found = files.filter((f) => f.endsWith(suffix) && f.startsWith('tls-lab-web'));
  if (found.length !== 1) throw new Error(`expected one tls-lab-web*${suffix} in ${dist}, found ${found.length}`);
  return join(dist, found[0]);
};
const wasmPath = one('_bg.wasm');
const jsPath = one('.js');

// Every tag of the page that names the glue or the wasm (the module script, its preloads)
// must have no `integrity` (`data-integrity` is Trunk's instruction, not the attribute).
const htmlPath = join(dist, 'index.html');
// Inline scripts' text left out: only tags are read.
const html = readFileSync(htmlPath, 'utf8').replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, '$1</script>');
for (const file of [jsPath, wasmPath].map((p) => basename(p))) {
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
    if (tag.includes(file) && /\sintegrity\s*=/i.test(tag)) {
      console.error(`[shorten-wasm-names] ${htmlPath} loads ${file} with an integrity attribute: renaming inside it would break the hash (give its Trunk link data-integrity="none")`);
      process.exit(1);
    }
  }
}
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');

// LEB128, as the wasm binary format writes sizes and counts.
const readU32 = (buf, at) => {
  let value = 0, shift = 0, byte;
  do {
    byte = buf[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, at];
};
const u32 = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
};
const name = (s) => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s)]);
/** A name (its length, then UTF-8) at `at`: [the name, where what follows it starts]. */
const readName = (buf, at) => {
  const [len, start] = readU32(buf, at);
  return [buf.subarray(start, start + len).toString(), start + len];
};

// Short names: a, b, …, Z, aa, ab, … (valid JS property names, never a glue identifier's
// exact text since every rename below is of a long, unique string).
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
let next = 0;
const fresh = () => {
  let k = next++, s = '';
  do {
    s = LETTERS[k % LETTERS.length] + s;
    k = Math.floor(k / LETTERS.length) - 1;
  } while (k >= 0);
  return s;
};

const MODULE = './tls-lab-web_bg.js';
const renames = new Map();
const rename = (old) => {
  if (!renames.has(old)) renames.set(old, fresh());
  return renames.get(old);
};

// The import section (id 2): module, field, then a description whose length depends on its kind.
const importSection = (body) => {
  let [count, at] = readU32(body, 0);
  const parts = [u32(count)];
  for (let i = 0; i < count; i++) {
    let module, field;
    [module, at] = readName(body, at);
    [field, at] = readName(body, at);
    const start = at;
    const kind = body[at++];
    if (kind === 0) [, at] = readU32(body, at); // function: type index
    else if (kind === 1) { at++; const flags = body[at++]; [, at] = readU32(body, at); if (flags & 1) [, at] = readU32(body, at); } // table
    else if (kind === 2) { const flags = body[at++]; [, at] = readU32(body, at); if (flags & 1) [, at] = readU32(body, at); } // memory
    else if (kind === 3) at += 2; // global: type, mutability
    else if (kind === 4) at += 2; // tag: attribute, type index (one byte each here)
    else throw new Error(`unknown import kind ${kind}`);
    const ours = module === MODULE;
    parts.push(name(ours ? rename(MODULE) : module), name(ours ? rename(field) : field), body.subarray(start, at));
  }
  return Buffer.concat(parts);
};

// The export section (id 7): only the closure shims, whose names spell out Rust types.
const exportSection = (body) => {
  let [count, at] = readU32(body, 0);
  const parts = [u32(count)];
  for (let i = 0; i < count; i++) {
    let field;
    [field, at] = readName(body, at);
    const start = at;
    at++;
    [, at] = readU32(body, at);
    parts.push(name(field.startsWith('wasm_bindgen_') ? rename(field) : field), body.subarray(start, at));
  }
  return Buffer.concat(parts);
};

const sections = [wasm.subarray(0, 8)];
for (let at = 8; at < wasm.length;) {
  const id = wasm[at];
  const [size, bodyAt] = readU32(wasm, at + 1);
  let body = wasm.subarray(bodyAt, bodyAt + size);
  if (id === 2) body = importSection(body);
  if (id === 7) body = exportSection(body);
  sections.push(Buffer.from([id]), u32(body.length), body);
  at = bodyAt + size;
}

for (const [old, short] of renames) {
  // The module name is a quoted key in the glue; the rest are bare keys or `wasm.` members.
  // Whole names only: one closure shim's name can be the start of another's.
  const escaped = old.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = old === MODULE ? new RegExp(`"${escaped}"`, 'g') : new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'g');
  let found = 0;
  js = js.replace(pattern, () => (found++, old === MODULE ? `"${short}"` : short));
  if (!found) throw new Error(`${old} is not in ${jsPath}: the glue's format changed`);
}
writeFileSync(wasmPath, Buffer.concat(sections));
writeFileSync(jsPath, js);
console.log(`[shorten-wasm-names] ${renames.size} names shortened in ${wasmPath} and ${jsPath}`);

// Gives the lab its second build: the same page with code its first load (300 KB gz) has no
// room for (mutual TLS, issue 31; resumption and 0-RTT, issue 32), which only some links need. After `trunk build` of both:
// the extended build's glue and wasm move into the lab's folder beside the lab's own, and the
// lab's loader chooses between them by the link, before either is fetched. The URL stays the
// lab's, so a link, a share or an embed works the same with either build.
//
// Usage: node scripts/extended-build.mjs LAB_DIST EXTENDED_DIST (both already through
// shorten-wasm-names.mjs); EXTENDED_DIST is removed.
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The one place that says which links need the extended build: those naming these keys.
const EXTENDED_KEYS = ['client_cert', 'resume', 'early_data'];

const [lab, extended] = process.argv.slice(2);
const glue = (dir) => {
  const files = readdirSync(dir).filter((f) => f.startsWith('tls-lab-web'));
  const js = files.filter((f) => f.endsWith('.js'));
  const wasm = files.filter((f) => f.endsWith('_bg.wasm'));
  if (js.length !== 1 || wasm.length !== 1) throw new Error(`expected one glue and one wasm in ${dir}, found ${files.join(', ')}`);
  return { js: js[0], wasm: wasm[0] };
};
const own = glue(lab);
const more = glue(extended);
if (own.js === more.js || own.wasm === more.wasm) throw new Error('the two builds have the same file names');

const page = join(lab, 'index.html');
let html = readFileSync(page, 'utf8');
// Trunk's loader: the module script that imports the glue, and the two preloads.
const loader = /<script type=module>import init,\s*\*\s*as bindings from\s*"\.\/[\w.-]+\.js";[\s\S]*?<\/script>/;
const preloads = /<link[^>]*\shref=\.\/tls-lab-web-[\w.-]+\.(js|wasm)[^>]*>/g;
if (!loader.test(html) || (html.match(preloads) ?? []).length !== 2) {
  throw new Error(`${page}: Trunk's loader is not the expected module script and two preloads`);
}
const keys = EXTENDED_KEYS.join('|');
// A classic script in the head picks the build and preloads it at once; the module script
// (deferred) then starts it, as Trunk's did.
const choose = `<script>{const b=/[?&](${keys})=/.test(location.search)?${JSON.stringify(more)}:${JSON.stringify(own)};self.tlsLabBuild=b;` +
  `for(const[r,h]of[['modulepreload',b.js],['preload',b.wasm]]){const l=document.createElement('link');l.rel=r;l.href='./'+h;l.crossOrigin='';` +
  `if(r==='preload'){l.as='fetch';l.type='application/wasm'}document.head.append(l)}}</script>`;
const start = `<script type=module>const bindings=await import('./'+tlsLabBuild.js);const wasm=await bindings.default({module_or_path:'./'+tlsLabBuild.wasm});` +
  `window.wasmBindings=bindings;dispatchEvent(new CustomEvent('TrunkApplicationStarted',{detail:{wasm}}));</script>`;
html = html.replace(preloads, '').replace(loader, choose + start);
writeFileSync(page, html);
for (const f of [more.js, more.wasm]) renameSync(join(extended, f), join(lab, f));
rmSync(extended, { recursive: true });
console.error(`[extended-build] ${lab}/index.html starts ${more.wasm} for links with ${EXTENDED_KEYS.join(', ')}, else ${own.wasm}`);

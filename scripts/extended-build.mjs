// Gives the lab its extended builds: the same page with code its first load (300 KB gz) has no
// room for, which only some links need: mutual TLS (issue 31), resumption with 0-RTT
// (issue 32) and the active attacker (issue 33), each in a build of its own (mutual TLS and
// resumption together would be over the extended builds' 325 KB gz). After `trunk build` of all: each extended build's glue and wasm move into the
// lab's folder beside the lab's own, and the lab's loader chooses one by the link, before any
// is fetched. The URL stays the lab's, so a link, a share or an embed works the same with any
// build.
//
// Usage: node scripts/extended-build.mjs LAB_DIST CLIENT_CERT_DIST RESUMPTION_DIST ATTACK_DIST
// (all already through shorten-wasm-names.mjs); the extended dists are removed.
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The one place that says which links need an extended build: those naming its keys, the
// first build that matches (the argument order).
const EXTENDED_KEYS = [['client_cert'], ['resume', 'early_data'], ['attack']];

const [lab, ...extended] = process.argv.slice(2);
if (extended.length !== EXTENDED_KEYS.length) throw new Error(`expected the lab's dist and ${EXTENDED_KEYS.length} extended ones`);
const glue = (dir) => {
  const files = readdirSync(dir).filter((f) => f.startsWith('tls-lab-web'));
  const js = files.filter((f) => f.endsWith('.js'));
  const wasm = files.filter((f) => f.endsWith('_bg.wasm'));
  if (js.length !== 1 || wasm.length !== 1) throw new Error(`expected one glue and one wasm in ${dir}, found ${files.join(', ')}`);
  return { js: js[0], wasm: wasm[0] };
};
const own = glue(lab);
const more = extended.map(glue);
const names = [own, ...more].flatMap((b) => [b.js, b.wasm]);
if (new Set(names).size !== names.length) throw new Error('two builds have the same file names');

const page = join(lab, 'index.html');
let html = readFileSync(page, 'utf8');
// Trunk's loader: the module script that imports the glue, and the two preloads.
const loader = /<script type=module>import init,\s*\*\s*as bindings from\s*"\.\/[\w.-]+\.js";[\s\S]*?<\/script>/;
const preloads = /<link[^>]*\shref=\.\/tls-lab-web-[\w.-]+\.(js|wasm)[^>]*>/g;
if (!loader.test(html) || (html.match(preloads) ?? []).length !== 2) {
  throw new Error(`${page}: Trunk's loader is not the expected module script and two preloads`);
}
const builds = EXTENDED_KEYS.map((keys, i) => `/[?&](${keys.join('|')})=/.test(location.search)?${JSON.stringify(more[i])}:`).join('');
// A classic script in the head picks the build and preloads it at once; the module script
// (deferred) then starts it, as Trunk's did.
const choose = `<script>{const b=${builds}${JSON.stringify(own)};self.tlsLabBuild=b;` +
  `for(const[r,h]of[['modulepreload',b.js],['preload',b.wasm]]){const l=document.createElement('link');l.rel=r;l.href='./'+h;l.crossOrigin='';` +
  `if(r==='preload'){l.as='fetch';l.type='application/wasm'}document.head.append(l)}}</script>`;
const start = `<script type=module>const bindings=await import('./'+tlsLabBuild.js);const wasm=await bindings.default({module_or_path:'./'+tlsLabBuild.wasm});` +
  `window.wasmBindings=bindings;dispatchEvent(new CustomEvent('TrunkApplicationStarted',{detail:{wasm}}));</script>`;
html = html.replace(preloads, '').replace(loader, () => choose + start);
writeFileSync(page, html);
extended.forEach((dir, i) => {
  for (const f of [more[i].js, more[i].wasm]) renameSync(join(dir, f), join(lab, f));
  rmSync(dir, { recursive: true });
  console.error(`[extended-build] ${lab}/index.html starts ${more[i].wasm} for links with ${EXTENDED_KEYS[i].join(', ')}`);
});
console.error(`[extended-build] … else ${own.wasm}`);

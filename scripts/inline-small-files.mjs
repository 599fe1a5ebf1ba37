// Puts a page's small scripts and style sheets (under 2 KB) into its index.html after Trunk's
// build: each would otherwise cost the first load a response of its own, gzipped apart from
// the rest (measured: −0.3 KB gz on each page). Usage: node scripts/inline-small-files.mjs DIR
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';

const LIMIT = 2048;
const dir = process.argv[2];
const page = `${dir}/index.html`;
let html = readFileSync(page, 'utf8');
const inlined = [];
html = html
  .replace(/<script[^>]*\ssrc=\.\/([\w.-]+\.js)[^>]*><\/script>/g, (tag, file) => {
    const path = `${dir}/${file}`;
    if (statSync(path).size > LIMIT) return tag;
    inlined.push(path);
    return `<script>${readFileSync(path, 'utf8').replace(/<\/script/gi, '<\\/script')}</script>`;
  })
  .replace(/<link[^>]*\shref=\.\/([\w.-]+\.css)[^>]*>/g, (tag, file) => {
    const path = `${dir}/${file}`;
    if (statSync(path).size > LIMIT) return tag;
    inlined.push(path);
    return `<style>${readFileSync(path, 'utf8').replace(/<\/style/gi, '<\\/style')}</style>`;
  });
writeFileSync(page, html);
for (const path of inlined) rmSync(path);
console.error(`[inline-small-files] ${inlined.length ? inlined.map((p) => p.slice(dir.length + 1)).join(', ') : 'nothing'} inlined in ${page}`);

// npm run build: web/src → web/dist, one self-contained folder (pages, one script per page with
// hls.js bundled in, the stylesheet, config.json). Nothing in dist/ loads from another origin.
import { build } from 'esbuild';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, 'src');
const dist = path.join(here, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist);

await build({
  entryPoints: { library: path.join(src, 'library.js'), watch: path.join(src, 'watch.js') },
  outdir: dist,
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  legalComments: 'none', // hls.js's licence is copied whole below
  logLevel: 'warning',
});
// hls.js is Apache-2.0: its licence travels with the bundle that contains it.
fs.copyFileSync(path.join(here, 'node_modules', 'hls.js', 'LICENSE'), path.join(dist, 'hls.js-LICENSE.txt'));
for (const f of fs.readdirSync(src)) {
  if (/\.(html|css|json|svg)$/.test(f)) fs.copyFileSync(path.join(src, f), path.join(dist, f));
}
// Precompressed variants next to each text file (name.br, name.gz), the convention servers use to
// send them as they are (nginx gzip_static, Caddy's precompressed, the local runtime's web server)
// to a browser that accepts br or gzip, with Vary: Accept-Encoding. CloudFront compresses on its
// own, so the delivery module uploads only the originals. config.json is left out: Terraform
// writes its own.
for (const f of fs.readdirSync(dist)) {
  if (!/\.(html|css|js|svg|txt)$/.test(f)) continue;
  const raw = fs.readFileSync(path.join(dist, f));
  fs.writeFileSync(path.join(dist, f + '.br'), zlib.brotliCompressSync(raw, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
  fs.writeFileSync(path.join(dist, f + '.gz'), zlib.gzipSync(raw, { level: 9 }));
}
const files = fs.readdirSync(dist).sort();
console.log(`web: built ${files.length} files into ${path.relative(process.cwd(), dist) || '.'}: ${files.join(' ')}`);

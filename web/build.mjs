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

// hls.js is built from its own TypeScript sources (shipped in its package) with the features the
// page does not use left out, as hls.js's own build does for hls.light.js: its sources test
// these constants, and esbuild drops the code behind a false one. Kept: alternate audio (the
// audio rendition), subtitles (WebVTT captions). Left out: DRM (EME), CMCD, content steering,
// variable substitution, AC-3/E-AC-3/MP3-in-TS (the ladder's audio is AAC), the Media
// Capabilities probe, interstitials, I-frame playlists (the page's previews use the image
// playlist). hls.js's other packages come from its package.json, pinned in
// package-lock.json. Its worker is its UMD bundle's own closure, absent here: the transmuxer runs
// on the main thread (hls.js's fallback; a 234p–1080p TS segment takes a few ms).
const HLS_FEATURES = {
  ALT_AUDIO: true, SUBTITLES: true,
  EME_DRM: false, CMCD: false, CONTENT_STEERING: false, VARIABLE_SUBSTITUTION: false,
  M2TS_ADVANCED_CODECS: false, MEDIA_CAPABILITIES: false, INTERSTITIALS: false, IFRAMES: false,
};
const hlsPackage = JSON.parse(fs.readFileSync(path.join(here, 'node_modules', 'hls.js', 'package.json'), 'utf8'));
const define = { __VERSION__: JSON.stringify(hlsPackage.version) };
for (const [k, on] of Object.entries(HLS_FEATURES)) define[`__USE_${k}__`] = String(on);

// Captions carried inside the video (CEA-608/708) are off in the page (enableCEA708Captions: false;
// the ladder's captions are WebVTT renditions), and hls.js constructs its CEA-608 parser only when
// they are on: the build leaves the parser (15 KB) out, with a stand-in that says so if ever used.
const leaveOut = {
  name: 'hls.js-left-out',
  setup(b) {
    b.onResolve({ filter: /\/cea-608-parser$/ }, a => (a.importer.includes(`${path.sep}hls.js${path.sep}`) ? { path: 'cea-608-parser', namespace: 'left-out' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
      loader: 'js',
      contents: 'export default class Cea608Parser { constructor() { throw new Error("CEA-608 captions are left out of this build (web/build.mjs)"); } }',
    }));
  },
};

await build({
  plugins: [leaveOut],
  entryPoints: { library: path.join(src, 'library.js'), watch: path.join(src, 'watch.js'), early: path.join(src, 'early.js') },
  outdir: dist,
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  alias: { 'hls.js': path.join(here, 'node_modules', 'hls.js', 'src', 'exports-named.ts') },
  define,
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

// The browser half of `make player` (scripts/player-check.sh): drives an already running headless
// Chromium over the DevTools protocol (playwright-core's connectOverCDP) through the pages the
// local runtime serves (`lms-hls-local convert --serve`, web/dist), the way a learner would: the
// library, a lecture before and after play, the controls, resume, speed, seek previews, the
// transcript and its search, every shortcut, phones, axe, the MP4 link, captions; then the
// deployment's way (no API, config.json from Terraform, CloudFront's Content-Security-Policy),
// and the awkward cases (no audio, 1 s, a failed job, a missing lecture). Prints one line per
// check and `player: N passed, N failed`; exit status 0 only when every check passed. Checks not
// reached (an earlier one failed) count as failed. Probes (scripts/player/probe.js) are injected
// over CDP; the page ships none.
//
//   node check.mjs --cdp URL --library URL --playwright DIR --axe FILE --probe FILE --dist DIR --template FILE
//                  --lecture NAME --duration S --silent NAME --silent-duration S --short NAME --broken NAME
//                  --subtitles "Deutsch,English" --cue "English|12|14.5|text" --search "words|start"
//                  --expect-lecture-json 0|1 --expect-trick-play 0|1
//                  [--cloudfront-csp-file FILE] --screenshots DIR
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['cdp', 'library', 'playwright', 'axe', 'probe', 'dist', 'template', 'lecture', 'duration', 'silent', 'silent-duration', 'short',
  'broken', 'subtitles', 'cue', 'search', 'expect-lecture-json', 'expect-trick-play', 'screenshots']) {
  if (!args[k]) { console.error(`check.mjs: --${k} is required`); process.exit(2); }
}
const LIBRARY = args.library;
const ORIGIN = new URL(LIBRARY).origin;
const CLIP_SECONDS = Number(args.duration);
const SOURCE_HEIGHT = 720;
const WAIT_MS = 30_000;        // any single wait
const OVERALL_MS = 330_000;    // the whole run
const EXPECT_LECTURE_JSON = args['expect-lecture-json'] === '1';
const EXPECT_TRICK_PLAY = args['expect-trick-play'] === '1';
fs.mkdirSync(args.screenshots, { recursive: true });
const { chromium } = await import(pathToFileURL(path.join(args.playwright, 'index.mjs')).href);
const AXE = fs.readFileSync(args.axe, 'utf8');

// The ladder the template asks for, lowest first (hls.js orders levels by bitrate); once the
// converter is source-aware (it probes the upload), only the rungs no taller than the 720p source.
const SOURCE_AWARE = args['source-aware'] === '1';
function ladder(template) {
  const t = JSON.parse(fs.readFileSync(template, 'utf8'));
  const groups = (t.Settings || t.settings || t).OutputGroups || [];
  const hls = groups.find(g => g.OutputGroupSettings && g.OutputGroupSettings.Type === 'HLS_GROUP_SETTINGS');
  const rungs = (hls ? hls.Outputs : []).map(o => o.VideoDescription).filter(v => v && v.Width && v.Height)
    .map(v => [v.Width, v.Height]).filter(([, h]) => !SOURCE_AWARE || h <= SOURCE_HEIGHT);
  return rungs.sort((a, b) => a[1] - b[1]);
}
const EXPECTED = ladder(args.template);
const TOP = EXPECTED.length - 1;

// The Content-Security-Policy the delivery module has CloudFront send with the page, read from its
// main.tf: a plain string, or the join("; ", [...]) of directives (an LMS origin in frame-ancestors
// stands in as 'self'). Empty when the module defines none.
function deliveryCsp(file) {
  if (!fs.existsSync(file)) return '';
  const tf = fs.readFileSync(file, 'utf8');
  const list = /content_security_policy\s*=\s*coalesce\([^,]+,\s*join\("; ",\s*\[([\s\S]*?)\]\)\)/.exec(tf);
  if (list) return [...list[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(m => m[1].replace(/\$\{[^}]+\}/g, "'self'")).join('; ');
  const plain = /content_security_policy\s*=\s*"([^"$]+)"/.exec(tf);
  return plain ? plain[1] : '';
}

// ---- results -------------------------------------------------------------------------------
const C = {
  library: 'library: every upload listed by its readable title (no folder, no extension); the lecture has its thumbnail, duration and renditions',
  libraryFailed: 'library: the failed upload shows its job\'s error message',
  opened: 'watch: opened from the library; readable title; hls.js supported, MSE accepts the master\'s CODECS',
  layout: 'watch: the layout comes from lecture.json (or, until the converter writes it, the API, and says so)',
  beforePlay: 'before play: only playlists, lecture.json, the poster and the thumbnails in view are fetched',
  slowStart: 'slow link (400 kb/s, 300 ms), ?autoplay=1, opened cold: the first video and audio segments begin with early.js\'s first bytes (Range 0-N), hls.js asks only for the rest (N-), no segment byte twice; it plays',
  master: `master: ${EXPECTED.length} levels ${EXPECTED.map(([w, h]) => `${w}x${h}`).join(', ')}, H.264 + AAC`,
  play: 'keyboard: k starts playback; currentTime > 3 s, not paused; the state says Playing and the rendition',
  buffers: 'buffers: one video (avc1) and one audio (mp4a) SourceBuffer',
  ...Object.fromEntries(EXPECTED.map(([, h], i) => [`level${i}`, `quality menu ${h}p: ${h}p fragments loaded, its frames shown, shown as playing, playback advances`])),
  picture: 'picture: the decoded top-level frame is a real picture (many colours, not black)',
  auto: 'quality menu Auto: hls.js chooses again and the menu shows the level playing',
  state: 'state: paused shows Paused, not Playing; playing shows Playing with the rendition; a stall shows Buffering',
  boundary: 'second segment: a seek before the first segment boundary plays across it from the next fragment',
  end: 'end: duration matches the clip, seek near the end, \'ended\' fires',
  resume: 'resume: after a reload the page offers "Resume at m:ss" and resumes there; a finished lecture starts from 0',
  progress: 'progress: the page posts lms-hls:progress messages (asset id, position, duration), throttled',
  speed: 'speed: the menu and < > change playbackRate with pitch preserved; the choice survives a reload',
  preview: 'seek preview: hovering the timeline shows the picture and time of that point, matching the video there',
  strip: 'thumbnail strip: one per 5 s, small pictures loaded as they scroll into view; selecting one seeks there',
  mp4: 'MP4 link: 200 and 206 with video/mp4; downloads under the readable name',
  subtitlesMenu: 'captions menu: Off by default, then the master\'s languages by name; nothing shown',
  subtitles: 'captions: choosing a language shows its cue over the video from its start time to its end, not before',
  transcript: 'transcript: the WebVTT cues listed, the current one highlighted; a click seeks there',
  search: 'transcript search: finds a cue in the second half, Enter jumps there; typing fires no shortcut',
  shortcuts: 'shortcuts: Space k ← → j l < > c f m 0-9 ? each do what the ? overlay says',
  afterClick: 'shortcuts after clicking the video and a thumbnail (Space on a thumbnail plays/pauses, no jump)',
  recover: 'media errors: recoverMediaError, then swapAudioCodec, then a plain message (not destroyed on the first)',
  phone390: 'phone 390x844: no horizontal scroll, 44 px targets, video full width, captions >= 16 px, no keyboard hint',
  phone360: 'phone 360x800: no horizontal scroll, 44 px targets, video full width, captions >= 16 px, no keyboard hint',
  phoneLevel: 'phone: hls.js caps the rendition to the player\'s size',
  axe: 'axe-core: no serious or critical violations on the library and watch pages (desktop and phone)',
  compressed: 'compressed: the page\'s script, styles and HTML reach the browser as br or gzip (the build\'s variants, the original type, Vary), identity without Accept-Encoding or at q=0; playlists and segments never encoded, types unchanged',
  noApi: 'no API (as behind CloudFront, with its CSP): config.json without api, overrides off: the page plays with captions and no CSP violation, ?media= is ignored',
  csp: 'CSP (as CloudFront sends it): the page plays; an injected origin is refused by the browser',
  notFound403: 'not found: 403 and 404 alike show "Not found" (S3 answers 403 for a missing key)',
  silent: 'no audio: that lecture plays to its end',
  short: '1 s lecture: plays to its end',
  failed: 'failed job: a plain message for learners (no s3:// URI), the details in the console, no player',
  missing: 'missing lecture: a 404 page that says so',
  noProbes: 'production page: no test probes in the bundle',
  clean: 'clean: no media errors, no fatal or load/parse hls.js errors, no page errors, loopback only, segments of every variant served',
};
const CHECKS = Object.values(C);
const results = new Map();
function record(name, ok, detail) {
  if (results.has(name)) return;
  results.set(name, { ok, detail });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}
function summary() {
  let passed = 0, failed = 0;
  for (const name of CHECKS) {
    const r = results.get(name);
    if (!r) console.log(`FAIL ${name} (not reached)`);
    if (r && r.ok) passed++; else failed++;
  }
  console.log(`player: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed === CHECKS.length;
}

// ---- the browser ---------------------------------------------------------------------------
let browser = null;
async function finish(code) {
  clearTimeout(overall);
  try { if (browser) await Promise.race([browser.close(), new Promise(r => setTimeout(r, 5000))]); } catch { /* gone */ }
  process.exit(code);
}
const overall = setTimeout(() => {
  console.log(`FAIL overall deadline of ${OVERALL_MS / 1000} s reached`);
  summary();
  finish(1);
}, OVERALL_MS);

const pageErrors = [];       // page exceptions and console errors, with the page they came from
const foreignRequests = [];  // anything not to this origin (hls.js's worker and MSE use blob: of it)
const media = [];            // {url, status, type, encoding} of every /media/ response
const pageFiles = [];        // the responses of the page's own files (/, *.html, *.js, *.css), as the browser got them
const expectedConsole = [];  // [page URL regexp, message regexp]: console errors a check provokes
const RECOVER_CONSOLE = [/watch\.html/, /playback_failed/];
const sleep = ms => new Promise(r => setTimeout(r, ms));
// The page's own rule (C3): every byte outside RFC 3986 pchar percent-encoded, = and @ raw.
const pathOf = key => key.split('/').map(s => encodeURIComponent(s).replace(/%(24|26|2B|2C|3B|3D|3A|40)/g, (_, h) => String.fromCharCode(parseInt(h, 16)))).join('/');
const readable = name => name.replace(/\.[A-Za-z0-9]{2,4}$/, '');
// One request with exactly these headers (node:http adds no Accept-Encoding and decodes nothing).
function raw(url, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(WAIT_MS, () => req.destroy(new Error(`${url}: no answer within ${WAIT_MS / 1000} s`)));
    req.end();
  });
}

function watchContext(context) {
  context.on('request', r => {
    const u = r.url();
    if (!u.startsWith(ORIGIN + '/') && !u.startsWith(`blob:${ORIGIN}/`) && !u.startsWith('data:')) foreignRequests.push(u);
  });
  context.on('response', r => {
    const h = r.headers();
    if (r.url().startsWith(ORIGIN + '/media/')) media.push({ url: r.url(), status: r.status(), type: h['content-type'], encoding: h['content-encoding'] });
    const u = new URL(r.url());
    if (u.origin === ORIGIN && /^\/$|\.(js|css|html)$/.test(u.pathname)) pageFiles.push(r);
  });
}
function watchPage(page) {
  page.on('pageerror', e => pageErrors.push(`${page.url()}: ${e}`));
  page.on('console', m => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // lecture.json is optional until the converter writes it (404 from the local server).
    if (!EXPECT_LECTURE_JSON && /status of 404/.test(text) && /lecture\.json/.test(m.location().url || '')) return;
    if (expectedConsole.some(([u, t]) => u.test(page.url()) && t.test(text))) return;
    pageErrors.push(`${page.url()}: console: ${text}`);
  });
}

try {
  browser = await chromium.connectOverCDP(args.cdp, { timeout: WAIT_MS });
  const context = browser.contexts()[0] || await browser.newContext();
  await context.addInitScript({ path: args.probe });
  watchContext(context);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 860 });
  watchPage(page);

  // Waits: a predicate evaluated in the page, polled, with a deadline; returns its value. A problem
  // the probes report (window.__probe.problems()) ends the wait at once. Functions go over CDP:
  // the pages' CSP forbids evaluating strings in the page.
  const untilOn = async (pg, fn, arg = null, ms = WAIT_MS) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const problem = await pg.evaluate(() => (window.__probe ? window.__probe.problems() : null));
      if (problem) throw new Error(problem);
      const v = await pg.evaluate(fn, arg);
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`not within ${ms / 1000} s: ${String(fn).replace(/\s+/g, ' ').slice(0, 160)}`);
      await sleep(100);
    }
  };
  const until = (fn, arg, ms) => untilOn(page, fn, arg, ms);
  const stateOf = pg => pg.evaluate(() => {
    if (!window.player || !player.video) return { url: location.href };
    const v = player.video, h = player.hls;
    return { t: +v.currentTime.toFixed(2), paused: v.paused, ended: v.ended, size: `${v.videoWidth}x${v.videoHeight}`,
      level: h ? h.currentLevel : null, duration: v.duration, state: player.state, label: document.getElementById('playing').textContent,
      hlsErrors: window.__probe && __probe.hlsErrors.slice(-5), logs: window.__probe && __probe.logs.slice(-5) };
  });
  async function check(name, body, pg = page) {
    try {
      record(name, true, await body());
    } catch (e) {
      let s = '';
      try { s = JSON.stringify(await stateOf(pg)); } catch { /* page gone */ }
      record(name, false, `${String(e.message || e).split('\n')[0]}; state ${s}`);
      throw e;
    }
  }
  // Each check that can run on its own does; one that fails does not stop the rest.
  async function soft(name, body, pg = page) {
    try { await check(name, body, pg); } catch { /* recorded */ }
  }
  const cards = pg => pg.evaluate(() => [...document.querySelectorAll('#lectures .card')].map(c => ({
    title: c.querySelector('.title').textContent, asset: c.dataset.asset, href: c.querySelector('.title a') ? c.querySelector('.title a').href : null,
    img: c.querySelector('.thumb img') ? { complete: c.querySelector('.thumb img').complete, w: c.querySelector('.thumb img').naturalWidth } : null,
    duration: (c.querySelector('.meta .duration') || {}).textContent || null,
    chips: [...c.querySelectorAll('.meta .chip')].map(x => x.textContent),
    badge: (c.querySelector('.badge') || {}).textContent || null, error: (c.querySelector('p.error') || {}).textContent || null,
  })));
  let library = [];
  const card = title => library.find(c => c.title === readable(title));
  const watchUrl = (asset, extra = '') => `${ORIGIN}/watch.html?asset=${encodeURIComponent(asset).replace(/%2F/g, '/')}${extra}`;
  const axeRun = async pg => {
    if (!(await pg.evaluate(() => typeof window.axe === 'object'))) await pg.evaluate(AXE); // CDP evaluation: not subject to the page's CSP
    return pg.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
    });
  };
  const axeFound = [];

  // ---- static: the build -----------------------------------------------------------------------
  await soft(C.noProbes, async () => {
    const js = fs.readFileSync(path.join(args.dist, 'watch.js'), 'utf8');
    const found = ['fragsLoaded', 'frameStats', 'cueChanges', 'mediaErrors', 'problems'].filter(w => js.includes(w));
    if (found.length) throw new Error('the production watch.js holds ' + found.join(', '));
    return `watch.js (${js.length} bytes) has none of fragsLoaded, frameStats, cueChanges, mediaErrors, problems`;
  });
  // ---- the library ---------------------------------------------------------------------------
  await page.goto(LIBRARY, { timeout: WAIT_MS });
  await check(C.library, async () => {
    await page.waitForFunction(() => document.body.dataset.loaded === 'true'
      && [...document.querySelectorAll('#lectures .thumb img')].every(i => i.complete), null, { timeout: WAIT_MS, polling: 100 });
    library = await cards(page);
    const missing = [args.lecture, args.silent, args.short, args.broken].filter(t => !card(t));
    if (missing.length) throw new Error('not listed by readable title: ' + JSON.stringify(missing.map(readable)) + ' in ' + JSON.stringify(library.map(c => c.title)));
    const c = card(args.lecture);
    if (!c.href || !c.img || !c.img.complete || !(c.img.w > 0)) throw new Error('lecture card ' + JSON.stringify(c));
    const want = `0:${String(CLIP_SECONDS).padStart(2, '0')}`;
    if (c.duration !== want) throw new Error(`duration ${c.duration}, want ${want}`);
    const chips = EXPECTED.map(([, h]) => `${h}p`);
    if (JSON.stringify(c.chips) !== JSON.stringify(chips)) throw new Error('renditions ' + JSON.stringify(c.chips) + ', want ' + JSON.stringify(chips));
    await page.screenshot({ path: path.join(args.screenshots, 'library.png') });
    return `${library.length} lectures; "${c.title}" ${c.duration}, ${c.chips.join(' ')}`;
  });
  await soft(C.libraryFailed, async () => {
    const c = card(args.broken);
    if (c.href) throw new Error('the failed lecture links to a player');
    if (c.badge !== 'Failed' || !c.error || !/probe failed|Invalid data/i.test(c.error)) throw new Error(JSON.stringify(c));
    return `"${c.badge}: ${c.error.slice(0, 70)}…"`;
  });
  axeFound.push(...(await axeRun(page)).map(v => `library: ${v}`));

  // ---- the watch page, before play -------------------------------------------------------------
  const beforePlay = [];
  const onRequest = r => beforePlay.push(r);
  context.on('request', onRequest);
  const asset = card(args.lecture).asset;
  const lectureBase = `${ORIGIN}/media/assets/${pathOf(asset)}/`;
  await check(C.opened, async () => {
    await page.click(`#lectures .card[data-asset="${asset}"] .title a`, { timeout: WAIT_MS });
    await page.waitForURL(/\/watch\.html\?asset=/, { timeout: WAIT_MS });
    const r = await until(() => player.levels && { levels: player.levels, title: document.querySelector('h1').textContent, doc: document.title,
      video: document.getElementById('video').getAttribute('aria-label') });
    if (r.title !== readable(args.lecture)) throw new Error(`title "${r.title}", want "${readable(args.lecture)}"`);
    if (!r.video || !r.video.includes(r.title)) throw new Error('the video has no accessible name with the title: ' + r.video);
    const types = await page.evaluate(levels => levels.map(l => [l.codecs, MediaSource.isTypeSupported(`video/mp4; codecs="${l.codecs}"`)]), r.levels);
    const refused = types.filter(([c, ok]) => !c || !ok);
    if (refused.length) throw new Error('MSE refuses ' + JSON.stringify(refused) + ' or no CODECS');
    return `"${r.title}" (document "${r.doc}", video "${r.video}"); codecs ` + [...new Set(types.map(([c]) => c))].join(' ');
  });
  // ---- compression: the build's variants, as the local server sends them and as the browser got them
  await soft(C.compressed, async () => {
    const TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', html: 'text/html; charset=utf-8' };
    const files = ['watch.js', 'early.js', 'library.js', 'app.css', 'watch.html', 'index.html'];
    const out = [];
    for (const f of files) {
      const rawFile = fs.readFileSync(path.join(args.dist, f));
      const br = fs.readFileSync(path.join(args.dist, f + '.br')), gz = fs.readFileSync(path.join(args.dist, f + '.gz'));
      if (!zlib.brotliDecompressSync(br).equals(rawFile) || !zlib.gunzipSync(gz).equals(rawFile)) throw new Error(`${f}: a variant does not decompress to it`);
      if (rawFile.length > 2000 && !(br.length < rawFile.length / 2)) throw new Error(`${f}: brotli ${br.length} of ${rawFile.length} bytes`);
      const type = TYPES[f.split('.').pop()];
      // What the server sends for each Accept-Encoding: [header or null, coding or null, bytes]
      for (const [accept, coding, bytes] of [['br, gzip', 'br', br], ['gzip, deflate', 'gzip', gz], ['gzip;q=0.5, br;q=0.9', 'br', br],
        ['br;q=0, gzip', 'gzip', gz], [null, null, rawFile], ['br;q=0, gzip;q=0', null, rawFile], ['identity', null, rawFile]]) {
        for (const method of ['GET', 'HEAD']) {
          const r = await raw(`${ORIGIN}/${f}`, accept === null ? {} : { 'Accept-Encoding': accept }, method);
          const got = `${method} ${f} (Accept-Encoding: ${accept === null ? 'none' : accept}): ${r.status} ${r.headers['content-encoding'] || 'identity'}, ${r.headers['content-type']}, ${r.headers['content-length']} bytes, Vary ${r.headers.vary || 'none'}`;
          if (r.status !== 200 || (r.headers['content-encoding'] || null) !== coding || r.headers['content-type'] !== type
            || r.headers['content-length'] !== String(bytes.length) || !/(^|,)\s*accept-encoding\s*(,|$)/i.test(r.headers.vary || '')) {
            throw new Error(`${got}; want ${coding || 'identity'}, ${type}, ${bytes.length} bytes, Vary: Accept-Encoding`);
          }
          if (method === 'GET' && !r.body.equals(bytes)) throw new Error(`${got}: the body is not the build's ${coding ? f + '.' + (coding === 'br' ? 'br' : 'gz') : f}`);
          if (method === 'HEAD' && r.body.length) throw new Error(`${got}: HEAD with a body`);
        }
      }
      if (f === 'watch.js') out.push(`watch.js ${rawFile.length} → br ${br.length}, gz ${gz.length} bytes`);
    }
    const range = await raw(`${ORIGIN}/watch.js`, { 'Accept-Encoding': 'br, gzip', Range: 'bytes=0-99' });
    const js = fs.readFileSync(path.join(args.dist, 'watch.js'));
    if (range.status !== 206 || range.headers['content-encoding'] || !range.body.equals(js.subarray(0, 100))) {
      throw new Error(`Range bytes=0-99 of watch.js: ${range.status} ${range.headers['content-encoding'] || 'identity'}, ${range.body.length} bytes; want 206, the script's own first 100 bytes`);
    }
    // As Chromium loaded the library and the watch page: every file of the page br or gzip.
    const seen = [];
    for (const r of pageFiles.slice()) {
      const u = new URL(r.url());
      if (u.pathname !== '/' && !files.includes(u.pathname.slice(1))) continue;
      const h = await r.allHeaders();
      const ae = (await r.request().allHeaders())['accept-encoding'] || '';
      seen.push(`${u.pathname} ${h['content-encoding'] || 'identity'}`);
      if (r.status() !== 200 || !/^(br|gzip)$/.test(h['content-encoding'] || '')) {
        throw new Error(`the browser got ${u.pathname} with ${r.status()} Content-Encoding ${h['content-encoding'] || 'none'} (it sent Accept-Encoding: ${ae || 'none'})`);
      }
      if (!/accept-encoding/i.test(h.vary || '')) throw new Error(`${u.pathname}: Content-Encoding without Vary: Accept-Encoding`);
      const type = TYPES[u.pathname === '/' ? 'html' : u.pathname.split('.').pop()];
      if (h['content-type'] !== type) throw new Error(`${u.pathname}: Content-Type ${h['content-type']}, want ${type}`);
    }
    for (const want of ['/watch.js', '/early.js', '/library.js', '/app.css', '/watch.html']) {
      if (!seen.some(x => x.startsWith(want + ' '))) throw new Error(`the browser did not load ${want} (${seen.join(', ')})`);
    }
    // Media: never encoded, whatever the client accepts; the types the players expect.
    const master = await page.evaluate(() => new URL(player.lecture.master, location.href).href);
    const m = await raw(master, { 'Accept-Encoding': 'br, gzip, *' });
    const variant = new URL(m.body.toString('utf8').split('\n').find(l => l && !l.startsWith('#')).trim(), master).href;
    const v = await raw(variant, { 'Accept-Encoding': 'br, gzip, *' });
    const segment = new URL(v.body.toString('utf8').split('\n').find(l => l && !l.startsWith('#')).trim(), variant).href;
    const sg = await raw(segment, { 'Accept-Encoding': 'br, gzip, *' }, 'HEAD');
    for (const [u, r, type] of [[master, m, 'application/vnd.apple.mpegurl'], [variant, v, 'application/vnd.apple.mpegurl'], [segment, sg, 'video/mp2t']]) {
      if (r.status !== 200 || r.headers['content-type'] !== type || r.headers['content-encoding']) {
        throw new Error(`${u.slice(ORIGIN.length)}: ${r.status} ${r.headers['content-type']} ${r.headers['content-encoding'] || 'identity'}; want 200 ${type} identity`);
      }
    }
    return `${out.join('; ')}; the server: br, gzip or identity as asked (GET and HEAD, q-values), a range as identity; the browser got ${seen.join(', ')}; `
      + `playlists and segments identity, application/vnd.apple.mpegurl and video/mp2t`;
  });
  await soft(C.layout, async () => {
    const s = await page.evaluate(() => ({ source: player.lecture.source, master: player.lecture.master, logs: __probe.logs.filter(l => l.event === 'lecture_json_missing') }));
    const lj = media.find(m => m.url === lectureBase + 'lecture.json');
    if (!lj) throw new Error('lecture.json was not asked for at ' + lectureBase + 'lecture.json');
    if (EXPECT_LECTURE_JSON && (lj.status !== 200 || s.source !== 'lecture.json')) throw new Error(`lecture.json ${lj.status}, layout from ${s.source}`);
    if (lj.status === 200 && s.source !== 'lecture.json') throw new Error('lecture.json is there but the page used ' + s.source);
    if (lj.status !== 200 && !s.logs.length) throw new Error('lecture.json missing and the page did not say so');
    return `lecture.json ${lj.status} → layout from ${s.source}${EXPECT_LECTURE_JSON ? '' : ' (the converter does not write lecture.json yet: the API\'s fallback is allowed)'}; master ${s.master}`;
  });
  await check(C.beforePlay, async () => {
    await sleep(3000);
    const s = await page.evaluate(() => ({ paused: player.video.paused, visible: [...document.querySelectorAll('#strip .thumb-img')].filter(n => {
      const r = n.getBoundingClientRect(), s = document.getElementById('strip').getBoundingClientRect();
      return r.right > s.left && r.left < s.right && r.bottom > 0 && r.top < innerHeight;
    }).map(n => n.dataset.src || n._pic && n._pic.url), images: player.images.kind }));
    if (!s.paused) throw new Error('playing before play was pressed');
    const got = [];
    let bytes = 0;
    for (const r of beforePlay) {
      const u = r.url();
      if (!u.startsWith(ORIGIN + '/media/')) continue;
      const sizes = await r.sizes().catch(() => ({ responseBodySize: 0 }));
      bytes += sizes.responseBodySize;
      got.push([u.slice(lectureBase.length), sizes.responseBodySize]);
    }
    const wrong = got.filter(([u]) => !/(\.m3u8|lecture\.json|\.jpg)$/.test(u));
    if (wrong.length) throw new Error('fetched before play: ' + wrong.map(([u]) => u).join(' '));
    const jpgs = new Set(got.filter(([u]) => u.endsWith('.jpg')).map(([u]) => u));
    const allowed = new Set(s.visible.filter(Boolean).map(u => u.slice(lectureBase.length)));
    const poster = await page.evaluate(() => player.video.poster);
    if (poster) allowed.add(poster.slice(lectureBase.length));
    const extra = [...jpgs].filter(u => !allowed.has(u));
    if (extra.length) throw new Error(`images not in view fetched: ${extra.join(' ')} (in view: ${[...allowed].join(' ')})`);
    // The same page opened cold (a new browser context, nothing cached), 3 s without play.
    const cold = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const coldPage = await cold.newPage();
    const coldRequests = [];
    cold.on('requestfinished', r => coldRequests.push(r));
    await coldPage.goto(page.url(), { timeout: WAIT_MS });
    await sleep(3000);
    let coldMedia = 0, coldPage_ = 0, coldSegments = 0;
    for (const r of coldRequests) {
      const n = (await r.sizes().catch(() => ({ responseBodySize: 0 }))).responseBodySize;
      if (r.url().startsWith(ORIGIN + '/media/')) coldMedia += n; else coldPage_ += n;
      if (/\.(ts|m4s|mp4|aac|vtt)$/.test(r.url())) coldSegments++;
    }
    await cold.close();
    if (coldSegments) throw new Error(`opened cold: ${coldSegments} segment/MP4/WebVTT request(s) before play`);
    // early.js asked first (config.json, lecture.json, the master, the start playlists); the page
    // and hls.js took its answers: no URL twice.
    const counts = new Map();
    for (const r of coldRequests) if (/(config\.json|lecture\.json|\.m3u8)$/.test(new URL(r.url()).pathname)) counts.set(r.url(), (counts.get(r.url()) || 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1);
    if (twice.length) throw new Error('opened cold, fetched more than once: ' + twice.map(([u, n]) => `${u.slice(ORIGIN.length)} ×${n}`).join(', '));
    if (![...counts.keys()].some(u => u.endsWith('.m3u8'))) throw new Error('opened cold: no playlist fetched in 3 s');
    if (coldMedia > 1_000_000) throw new Error(`opened cold: ${coldMedia} bytes of media before play`);
    return `${got.length} requests, ${bytes} bytes: ${got.filter(([u]) => u.endsWith('.m3u8')).length} playlists, ${jpgs.size} images (${s.images}; poster + ${s.visible.length} in view);`
      + ` opened cold: ${coldRequests.length} requests, ${coldMedia} bytes of media and ${coldPage_} of page (script, styles, API) in 3 s`;
  });
  context.off('request', onRequest);

  // early.js's first bytes of the first segments (web/src/start.js, segmentLoader): only on a link
  // slow enough that the page's script is still on its way when the start playlists are in.
  await soft(C.slowStart, async () => {
    const slow = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      await slow.addInitScript({ path: args.probe });
      watchContext(slow);
      const pg = await slow.newPage();
      watchPage(pg);
      const cdp = await slow.newCDPSession(pg);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 50_000, uploadThroughput: 50_000 });
      const ts = [];
      slow.on('request', r => { if (/\.ts$/.test(new URL(r.url()).pathname)) ts.push(r); });
      await pg.goto(page.url().replace(/[?&]autoplay=1/, '') + '&autoplay=1', { timeout: WAIT_MS });
      await untilOn(pg, () => player.video && player.video.currentTime > 2 && !player.video.paused, null, 60_000);
      const byUrl = new Map();
      for (const r of ts) {
        const range = (await r.allHeaders())['range'] || 'whole';
        byUrl.set(r.url(), [...(byUrl.get(r.url()) || []), range]);
      }
      const joined = [...byUrl].filter(([, rs]) => rs.some(x => x.startsWith('bytes=0-')));
      if (joined.length < 2) throw new Error(`expected a first-bytes request for the first video and audio segments, got: ${JSON.stringify([...byUrl])}`);
      for (const [u, rs] of joined) {
        const n = Number(/^bytes=0-(\d+)$/.exec(rs[0])?.[1]) + 1;
        // The rest as the page asks for it (bytes=N-), or as Chromium sends it on after the first
        // answer's Content-Range told it the size (bytes=N-<size - 1>, seen here).
        const rest = new RegExp(`^bytes=${n}-(\\d*)$`).exec(rs[1] || '');
        if (rs.length !== 2 || !rest || (rest[1] && Number(rest[1]) < n)) throw new Error(`${u.slice(ORIGIN.length)}: requests ${rs.join(', ')}; expected bytes=0-${n - 1} then bytes=${n}-`);
      }
      const again = [...byUrl].filter(([, rs]) => !rs.some(x => x.startsWith('bytes=0-')) && rs.length > 1);
      if (again.length) throw new Error('segments fetched twice: ' + again.map(([u, rs]) => `${u.slice(ORIGIN.length)} (${rs.join(', ')})`).join('; '));
      const problem = await pg.evaluate(() => window.__probe && __probe.problems());
      if (problem) throw new Error(problem);
      return joined.map(([u, rs]) => `${u.slice(u.lastIndexOf('/') + 1)}: ${rs.join(' then ')}`).join('; ') + `; ${byUrl.size} segments in all, each once`;
    } finally {
      await slow.close();
    }
  });

  let levelPlaylists = [];
  await check(C.master, async () => {
    const levels = await page.evaluate(() => player.levels);
    levelPlaylists = await page.evaluate(() => player.hls.levels.map(l => new URL([].concat(l.url)[0], location.href).href.replace(/\.m3u8$/, '')));
    if (JSON.stringify(levels.map(l => [l.width, l.height])) !== JSON.stringify(EXPECTED)) throw new Error('levels ' + JSON.stringify(levels));
    for (const l of levels) if (!/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/i.test(l.codecs)) throw new Error('codecs ' + l.codecs);
    const menu = await page.$$eval('#quality option', os => os.map(o => o.value + '=' + o.textContent));
    if (menu.length !== EXPECTED.length + 1 || !menu[0].startsWith('-1=Auto')) throw new Error('menu ' + JSON.stringify(menu));
    return levels.map(l => `${l.width}x${l.height}@${Math.round(l.bitrate / 1000)}k ${l.codecs}`).join(', ') + `; menu ${menu.join(' | ')}`;
  });

  await check(C.play, async () => {
    await page.focus('body');
    await page.keyboard.press('k');
    const s = await until(() => player.video.currentTime > 3 && !player.video.paused && document.body.dataset.playback === 'playing'
      && { t: player.video.currentTime, size: `${player.video.videoWidth}x${player.video.videoHeight}`, level: player.hls.currentLevel, label: document.getElementById('playing').textContent });
    if (!/^Playing · \d+p/.test(s.label)) throw new Error('state shown: ' + s.label);
    return `t=${s.t.toFixed(2)} s at ${s.size}, hls.js chose level ${s.level}; "${s.label}"`;
  });

  await check(C.buffers, async () => {
    const c = await page.evaluate(() => __probe.bufferCodecs);
    if (!c || !/^avc1\./.test(c.video || '') || !/^mp4a\./.test(c.audio || '')) throw new Error('buffer codecs ' + JSON.stringify(c));
    return `video ${c.video}, audio ${c.audio}`;
  });

  // Each level from the menu, then a seek back to 1 s: after a switch Chromium keeps showing the
  // old level's pictures until the new data's next keyframe; a seek starts from one.
  let frame = null, sinceTop = 0;
  for (let i = 0; i < EXPECTED.length; i++) {
    await check(C[`level${i}`], async () => {
      const [w, h] = EXPECTED[i];
      const before = await page.evaluate(() => __probe.fragsLoaded.length);
      await page.selectOption('#quality', String(i));
      await page.evaluate(() => { player.video.currentTime = 1; });
      if (i === TOP) sinceTop = before;
      const shown = await until(([j, w, h, n]) => {
        const v = player.video;
        const frags = __probe.fragsLoaded.slice(n).filter(f => f.level === j && f.type === 'main').length;
        const label = document.getElementById('playing');
        return frags > 0 && player.hls.currentLevel === j && v.videoWidth === w && v.videoHeight === h
          && !v.paused && !v.seeking && label.dataset.level === String(j) && label.textContent.includes(`${h}p`)
          && { t: v.currentTime, frags, label: label.textContent };
      }, [i, w, h, before]);
      const moved = await until(([t0, w, h]) => {
        const v = player.video;
        return v.currentTime >= t0 + 1 && v.videoWidth === w && v.videoHeight === h && { t: v.currentTime };
      }, [shown.t, w, h]);
      if (i === TOP) frame = await page.evaluate(() => __probe.frameStats());
      return `${shown.frags} fragment(s) of level ${i}; ${w}x${h} at t=${shown.t.toFixed(2)} s, t=${moved.t.toFixed(2)} s 1 s later; "${shown.label}"`;
    });
  }
  {
    const f = frame, [w, h] = EXPECTED[TOP];
    const ok = f.width === w && f.height === h && f.colours >= 24 && f.meanLuma > 20;
    record(C.picture, ok, `${f.width}x${f.height}, ${f.colours} colours (3 bits/channel), mean luma ${f.meanLuma.toFixed(0)}`);
  }

  await check(C.auto, async () => {
    await page.selectOption('#quality', '-1');
    const s = await until(() => {
      const h = player.hls, auto = document.querySelector('#quality option').textContent;
      const now = h.currentLevel;
      return h.autoLevelEnabled && now >= 0 && auto === `Auto (${h.levels[now].height}p)` && { auto, now };
    });
    return `"${s.auto}", hls.js level ${s.now}`;
  });

  await soft(C.state, async () => {
    await page.evaluate(() => player.video.pause());
    const paused = await until(() => player.video.paused && document.getElementById('playing').textContent);
    if (!/^Paused/.test(paused)) throw new Error('paused shows ' + paused);
    await page.evaluate(() => player.video.play());
    const playing = await until(() => !player.video.paused && player.video.readyState >= 3 && document.getElementById('playing').textContent.startsWith('Playing')
      && document.getElementById('playing').textContent);
    // A stall: segments held back for 8 s while an immediate quality switch empties the buffer
    // (long enough that what is still buffered runs out, whatever the segment length and the load).
    const slow = u => u.pathname.endsWith('.ts');
    await page.route(slow, async r => { await sleep(8000); await r.continue().catch(() => {}); });
    const other = await page.evaluate(() => (player.hls.currentLevel === 0 ? 1 : 0));
    await page.selectOption('#quality', String(other));
    const buffering = await until(() => document.getElementById('playing').textContent.startsWith('Buffering') && document.getElementById('playing').textContent, null, 9000);
    await page.unroute(slow);
    await until(() => !player.video.paused && player.video.readyState >= 3 && document.getElementById('playing').textContent.startsWith('Playing'));
    await page.selectOption('#quality', '-1');
    return `"${paused}", then "${playing}"; switching to level ${other} with segments held back: "${buffering}", then Playing again`;
  });

  await check(C.boundary, async () => {
    // At the top level: the second fragment must be among those loaded since it was chosen, and
    // playback must run across the boundary (wherever the template puts it).
    await page.selectOption('#quality', String(TOP));
    const b = await page.evaluate(top => player.hls.levels[top].details.fragments[1].start, TOP);
    await page.evaluate(t => { player.video.currentTime = t; }, b - 1.5);
    const s = await until(([n, top, b]) => {
      const v = player.video;
      const second = __probe.fragsLoaded.slice(n).find(f => f.level === top && f.type === 'main' && Math.abs(f.start - b) < 0.5);
      return v.currentTime > b + 1 && !v.paused && second && { t: v.currentTime, second };
    }, [sinceTop, TOP, b]);
    return `boundary at ${b.toFixed(2)} s; t=${s.t.toFixed(2)} s, fragment sn ${s.second.sn} of level ${s.second.level} starts at ${s.second.start.toFixed(2)} s`;
  });
  await page.selectOption('#quality', '-1');

  await check(C.end, async () => {
    const d = await page.evaluate(() => player.video.duration);
    if (!(Math.abs(d - CLIP_SECONDS) <= 0.5)) throw new Error(`duration ${d}, clip is ${CLIP_SECONDS} s`);
    await page.evaluate(() => { player.video.currentTime = player.video.duration - 2; });
    const s = await until(() => player.video.ended && document.getElementById('playing').textContent.startsWith('Ended') && { t: player.video.currentTime });
    return `duration ${d.toFixed(2)} s, ended at t=${s.t.toFixed(2)} s, shown as Ended`;
  });

  await soft(C.resume, async () => {
    // Finished: a reload starts from 0 with no offer.
    await page.reload({ timeout: WAIT_MS });
    await until(() => player.levels && player.images);
    const finished = await page.evaluate(() => ({ offer: !document.getElementById('resume').hidden }));
    if (finished.offer) throw new Error('a finished lecture offers to resume');
    // Play to ~8 s, pause, reload: "Resume at 0:08", and resuming continues there.
    await page.evaluate(() => { player.video.play(); });
    await until(() => !player.video.paused && player.video.currentTime > 0.5);
    await page.evaluate(() => { player.video.currentTime = 8.2; });
    await until(() => !player.video.seeking && player.video.currentTime >= 8.2 && player.video.currentTime < 9);
    await page.evaluate(() => player.video.pause());
    await sleep(200);
    await page.reload({ timeout: WAIT_MS });
    const offer = await until(() => player.levels && !document.getElementById('resume').hidden && document.getElementById('resume-at').textContent);
    if (!/^Resume at 0:0[89]$/.test(offer)) throw new Error('offer: ' + offer);
    await page.click('#resume-at');
    const s = await until(() => !player.video.paused && player.video.currentTime > 8 && { t: player.video.currentTime });
    if (s.t > 11) throw new Error(`resumed at ${s.t}`);
    await until(t => player.video.currentTime > t + 0.5, s.t); // and it plays on from there
    return `finished: no offer; then "${offer}", resumed at t=${s.t.toFixed(2)} s`;
  });

  await soft(C.progress, async () => {
    await until(a => __probe.progress.some(m => m.assetId === a && m.reason === 'playing'), asset, 12_000);
    const p = await page.evaluate(() => __probe.progress);
    const mine = p.filter(m => m.assetId === asset);
    if (!mine.length) throw new Error('no progress message for ' + asset + ': ' + JSON.stringify(p.slice(0, 3)));
    const m = mine[mine.length - 1];
    if (m.version !== 1 || typeof m.position !== 'number' || !(Math.abs(m.duration - CLIP_SECONDS) < 1)) throw new Error('message ' + JSON.stringify(m));
    const playing = mine.filter(x => x.reason === 'playing');
    for (let i = 1; i < playing.length; i++) if (playing[i].at - playing[i - 1].at < 9000) throw new Error('not throttled: ' + JSON.stringify(playing.slice(0, 4)));
    return `${mine.length} message(s) on this page, last ${JSON.stringify({ reason: m.reason, position: m.position, duration: m.duration })}; playing ones >= 10 s apart`;
  });

  await soft(C.speed, async () => {
    await page.selectOption('#speed', '1.5');
    let s = await page.evaluate(() => ({ rate: player.video.playbackRate, pitch: player.video.preservesPitch }));
    if (s.rate !== 1.5 || s.pitch !== true) throw new Error('menu 1.5: ' + JSON.stringify(s));
    const t0 = await page.evaluate(() => player.video.currentTime);
    const w0 = Date.now();
    await sleep(2000);
    const t1 = await page.evaluate(() => player.video.currentTime);
    const ratio = (t1 - t0) / ((Date.now() - w0) / 1000);
    await page.focus('body');
    await page.keyboard.press('>');
    s = await page.evaluate(() => ({ rate: player.video.playbackRate, menu: document.getElementById('speed').value }));
    if (s.rate !== 1.75 || s.menu !== '1.75') throw new Error('> from 1.5: ' + JSON.stringify(s));
    await page.keyboard.press('<');
    await page.keyboard.press('<');
    s = await page.evaluate(() => player.video.playbackRate);
    if (s !== 1.25) throw new Error('< < from 1.75: ' + s);
    await page.reload({ timeout: WAIT_MS });
    await until(() => player.levels);
    s = await page.evaluate(() => ({ rate: player.video.playbackRate, menu: document.getElementById('speed').value, options: [...document.querySelectorAll('#speed option')].map(o => o.value) }));
    if (s.rate !== 1.25 || s.menu !== '1.25') throw new Error('after reload ' + JSON.stringify(s));
    if (JSON.stringify(s.options) !== JSON.stringify(['0.5', '0.75', '1', '1.25', '1.5', '1.75', '2'])) throw new Error('steps ' + s.options);
    await page.selectOption('#speed', '1');
    return `1.5× plays ${ratio.toFixed(2)} s per s, preservesPitch; > 1.75×, < < 1.25×, remembered after reload; steps ${s.options.join(' ')}`;
  });

  // ---- seek previews -----------------------------------------------------------------------------
  let images = null;
  await soft(C.preview, async () => {
    // The check's own reading of what the picture for a time must be: the master's image stream
    // (tiles) if it has one, else the thumbnail of that time.
    const masterUrl = await page.evaluate(() => new URL(player.hls.url, location.href).href);
    const masterText = await (await fetch(masterUrl)).text();
    const inf = masterText.split('\n').find(l => l.startsWith('#EXT-X-IMAGE-STREAM-INF:'));
    if (EXPECT_TRICK_PLAY && !inf) throw new Error('the template asks for trick play but the master has no #EXT-X-IMAGE-STREAM-INF');
    if (inf) {
      const uri = new URL(/URI="([^"]+)"/.exec(inf)[1], masterUrl).href;
      const text = await (await fetch(uri)).text();
      if (!text.includes('#EXT-X-IMAGES-ONLY')) throw new Error('image playlist without #EXT-X-IMAGES-ONLY');
      const tiles = [];
      let t = 0, tl = null, dur = null;
      for (const l of text.split('\n').map(s => s.trim())) {
        const m = /^#EXT-X-TILES:.*RESOLUTION=(\d+)x(\d+).*LAYOUT=(\d+)x(\d+).*DURATION=([\d.]+)/.exec(l);
        if (m) tl = { w: +m[1], h: +m[2], cols: +m[3], rows: +m[4], d: +m[5] };
        else if (l.startsWith('#EXTINF:')) dur = parseFloat(l.slice(8));
        else if (l && !l.startsWith('#') && dur != null) { tiles.push({ url: new URL(l, uri).href, start: t, dur, ...tl }); t += dur; dur = null; }
      }
      images = { kind: 'tiles', tiles };
    } else {
      images = { kind: 'thumbnails', interval: 5 };
    }
    const want = t => {
      if (images.kind === 'tiles') {
        const tile = images.tiles.find(x => t < x.start + x.dur) || images.tiles[images.tiles.length - 1];
        const k = Math.min(tile.cols * tile.rows - 1, Math.floor((t - tile.start) / tile.d));
        return { src: tile.url, cell: `${k % tile.cols},${Math.floor(k / tile.cols)}`, time: tile.start + k * tile.d };
      }
      const k = Math.floor(t / images.interval);
      const name = decodeURIComponent(lectureBase.split('/').slice(-2, -1)[0]);
      return { src: `${lectureBase}Thumbnails/${pathOf(name.slice(name.lastIndexOf('/') + 1))}.${String(k).padStart(7, '0')}.jpg`, cell: '0,0', time: k * images.interval };
    };
    await page.evaluate(() => player.video.play());
    await until(() => !player.video.paused && player.video.currentTime > 0.3);
    await page.evaluate(() => player.video.pause());
    const out = [];
    for (const t of [12.5, 3]) {
      const box = await page.locator('#seek').boundingBox();
      const d = await page.evaluate(() => player.video.duration);
      await page.mouse.move(box.x + box.width * (t / d), box.y + box.height / 2);
      const shown = await until(() => !document.getElementById('preview').hidden && {
        at: Number(document.getElementById('preview').dataset.at), time: document.getElementById('preview-time').textContent,
        src: document.getElementById('preview-image').dataset.src, cell: document.getElementById('preview-image').dataset.cell,
        picTime: Number(document.getElementById('preview-image').dataset.time) });
      const w = want(shown.at);
      if (Math.abs(shown.at - t) > 0.3) throw new Error(`hovered ${t} s, preview for ${shown.at} s`);
      if (shown.src !== w.src || shown.cell !== w.cell) throw new Error(`preview ${shown.src} cell ${shown.cell}, want ${w.src} cell ${w.cell}`);
      // The picture against the video at the picture's time: closer than to the video 5 s away.
      const cmp = await page.evaluate(async ([src, cell, pt, other]) => {
        const img = await __probe.image(src);
        const [c, r] = cell.split(',').map(Number);
        const tile = document.getElementById('preview-image');
        const cols = Math.round(parseFloat(getComputedStyle(tile).backgroundSize) / 100) || 1;
        const rows = Math.round(parseFloat(getComputedStyle(tile).backgroundSize.split(' ')[1] || '100') / 100) || 1;
        const cw = img.naturalWidth / cols, ch = img.naturalHeight / rows;
        const pic = __probe.pixels(img, c * cw, r * ch, cw, ch, 32, 18);
        const v = player.video;
        const frameAt = t => new Promise(res => { v.addEventListener('seeked', () => res(__probe.pixels(v, 0, 0, v.videoWidth, v.videoHeight, 32, 18)), { once: true }); v.currentTime = t; });
        const same = await frameAt(pt + 0.05), far = await frameAt(other);
        return { same: __probe.difference(pic, same), far: __probe.difference(pic, far), size: `${cw}x${ch}` };
      }, [shown.src, shown.cell, w.time, w.time >= 10 ? w.time - 7.5 : w.time + 7.5]);
      if (!(cmp.same < cmp.far) || cmp.same > 40) throw new Error(`preview for ${t} s: difference ${cmp.same.toFixed(1)} to the video at ${w.time} s, ${cmp.far.toFixed(1)} to another time`);
      out.push(`${t} s → "${shown.time}" ${images.kind} ${cmp.size} cell ${shown.cell}, diff ${cmp.same.toFixed(1)} vs ${cmp.far.toFixed(1)}`);
    }
    await page.screenshot({ path: path.join(args.screenshots, 'watch-preview.png') });
    await page.mouse.move(5, 5);
    return out.join('; ');
  });

  await soft(C.strip, async () => {
    const want = Math.ceil(CLIP_SECONDS / 5);
    await page.evaluate(() => document.getElementById('strip').scrollIntoView({ block: 'center' }));
    // Every item in view gets its picture; the ones out of view need not.
    const s = await until(n => {
      const items = [...document.querySelectorAll('#strip .thumb-img')];
      const box = document.getElementById('strip').getBoundingClientRect();
      const inView = items.filter(i => { const r = i.getBoundingClientRect(); return r.right > box.left && r.left < box.right && r.bottom > 0 && r.top < innerHeight; });
      return items.length === n && inView.length > 0 && inView.every(i => i.dataset.src)
        && { n: items.length, inView: inView.length, painted: items.filter(i => i.dataset.src).map(i => i.dataset.src) };
    }, want);
    const kind = await page.evaluate(() => player.images.kind);
    if (EXPECT_TRICK_PLAY && kind !== 'tiles') throw new Error('the template asks for trick play but the strip uses ' + kind);
    if (kind === 'tiles' && s.painted.some(u => /\/Thumbnails\//.test(u))) throw new Error('full-size thumbnails in a strip that has tiles: ' + s.painted.join(' '));
    const notServed = () => [...new Set(s.painted)].filter(u => !media.some(m => m.url === u && m.status === 200 && m.type === 'image/jpeg'));
    for (let i = 0; i < 100 && notServed().length; i++) await sleep(100); // painted now, answered soon
    const served = notServed();
    const loaded = await page.evaluate(srcs => srcs.map(u => performance.getEntriesByName(u).length > 0), s.painted);
    if (served.length || loaded.some(x => !x)) throw new Error('not served as 200 image/jpeg: ' + served.join(' '));
    await page.focus('#strip li:nth-child(3) button');
    await page.keyboard.press('Enter');
    const r = await until(() => {
      const v = player.video, b = document.querySelector('#strip li:nth-child(3) button');
      const t = Number(b.dataset.time);
      return !v.seeking && v.currentTime >= t && v.currentTime < t + 2.5 && b.classList.contains('current') && { t: v.currentTime, at: t };
    });
    return `${s.n} items from ${kind}, ${s.inView} in view, ${new Set(s.painted).size} picture file(s) painted; the third (${r.at} s) jumped to t=${r.t.toFixed(2)} s`;
  });

  await soft(C.mp4, async () => {
    const { href, download } = await page.$eval('#mp4', a => ({ href: a.href, download: a.getAttribute('download') }));
    if (!href.startsWith(ORIGIN + '/media/assets/') || !/\.mp4$/i.test(href)) throw new Error('MP4 link ' + href);
    if (download !== `${readable(args.lecture)}.mp4`) throw new Error(`download name "${download}", want "${readable(args.lecture)}.mp4"`);
    const whole = await fetch(href);
    await whole.body.cancel();
    const part = await fetch(href, { headers: { Range: 'bytes=0-1023' } });
    const bytes = new Uint8Array(await part.arrayBuffer());
    const got = `${whole.status} ${whole.headers.get('content-type')}, ${part.status} ${part.headers.get('content-type')} ${part.headers.get('content-range')}`;
    if (whole.status !== 200 || whole.headers.get('content-type') !== 'video/mp4' || part.status !== 206
      || part.headers.get('content-type') !== 'video/mp4' || bytes.length !== 1024) throw new Error(got);
    if (String.fromCharCode(...bytes.slice(4, 8)) !== 'ftyp') throw new Error('not an MP4: ' + String.fromCharCode(...bytes.slice(0, 12)));
    return `download="${download}"; ${got}, ${whole.headers.get('content-length')} bytes`;
  });

  // ---- captions and transcript ---------------------------------------------------------------------
  const [cueTrack, cueStart, cueEnd, cueText] = args.cue.split('|');
  await soft(C.subtitlesMenu, async () => {
    const s = await until(() => player.subtitleTracks && {
      menu: [...document.querySelectorAll('#subtitles option')].map(o => o.textContent), value: document.getElementById('subtitles').value,
      hidden: document.getElementById('subtitles-label').hidden, track: player.hls.subtitleTrack,
      showing: [...player.video.textTracks].filter(t => t.mode === 'showing').length, drawn: document.getElementById('captions').textContent,
    });
    const want = ['Off', ...args.subtitles.split(',')];
    if (JSON.stringify(s.menu) !== JSON.stringify(want) || s.value !== '-1' || s.hidden || s.track !== -1 || s.showing !== 0 || s.drawn) {
      throw new Error(JSON.stringify(s) + ', want menu ' + JSON.stringify(want));
    }
    return `menu ${s.menu.join(' | ')}, "${s.menu[0]}" selected, hls.js subtitleTrack ${s.track}`;
  });

  await soft(C.subtitles, async () => {
    const start = Number(cueStart), end = Number(cueEnd);
    await page.selectOption('#subtitles', { label: cueTrack });
    await page.evaluate(t => { __probe.captions = []; player.video.currentTime = t; player.video.play(); }, start - 2.5);
    const shown = await until(([text]) => {
      const hit = __probe.captions.find(c => c.texts.includes(text));
      return hit && { t: hit.t };
    }, [cueText]);
    if (!(shown.t >= start - 0.05 && shown.t <= start + 0.6)) throw new Error(`"${cueText}" appeared at t=${shown.t}, its cue starts at ${start} s`);
    await page.evaluate(() => player.video.pause());
    const native = await page.evaluate(() => [...player.video.textTracks].filter(t => t.mode === 'showing').length);
    if (native) throw new Error('the browser draws the captions too (a track is showing)');
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: path.join(args.screenshots, 'watch.png') });
    await page.evaluate(() => player.video.play());
    const gone = await until(([text]) => {
      const hits = __probe.captions.filter(c => c.texts.includes(text));
      const after = __probe.captions.find(c => hits.length && c.t > hits[0].t && !c.texts.includes(text));
      return after && { t: after.t };
    }, [cueText]);
    if (!(gone.t >= end - 0.05 && gone.t <= end + 0.6)) throw new Error(`"${cueText}" went at t=${gone.t}, its cue ends at ${end} s`);
    const vtt = media.filter(m => m.url.endsWith('.vtt'));
    if (!vtt.length || vtt.some(m => m.status !== 200 || !/^text\/vtt/.test(m.type || ''))) throw new Error('WebVTT segments served ' + JSON.stringify(vtt.slice(0, 3)));
    return `"${cueText}" drawn at t=${shown.t.toFixed(2)} s (cue ${start}-${end} s), gone at t=${gone.t.toFixed(2)} s; ${vtt.length} WebVTT segment(s) served`;
  });

  await soft(C.transcript, async () => {
    await page.evaluate(() => player.video.pause());
    const s = await until(() => player.transcript.cues.length && document.querySelectorAll('#cues li').length === player.transcript.cues.length
      && { n: player.transcript.cues.length, first: player.transcript.cues[0], texts: player.transcript.cues.map(c => c.text) });
    if (!s.texts.includes(cueText)) throw new Error(`"${cueText}" not in the transcript: ${JSON.stringify(s.texts)}`);
    const i = s.texts.indexOf(cueText);
    const c = await page.evaluate(k => player.transcript.cues[k], i);
    if (Math.abs(c.start - Number(cueStart)) > 0.05 || Math.abs(c.end - Number(cueEnd)) > 0.05) throw new Error(`cue times ${c.start}-${c.end}, the file says ${cueStart}-${cueEnd}`);
    await page.click('#cues li:nth-child(1) button');
    const r = await until(([t]) => {
      const v = player.video, li = document.querySelector('#cues li.current');
      return !v.seeking && v.currentTime >= t && v.currentTime < t + 1.5 && li && li.dataset.index === '0' && { t: v.currentTime };
    }, [s.first.start]);
    await page.evaluate(() => player.video.pause());
    const inView = await page.evaluate(() => {
      const li = document.querySelector('#cues li.current'), list = document.getElementById('cues');
      const a = li.getBoundingClientRect(), b = list.getBoundingClientRect();
      return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
    });
    if (!inView) throw new Error('the current cue is not in view');
    return `${s.n} cues; "${s.first.text}" clicked → t=${r.t.toFixed(2)} s, highlighted and in view`;
  });

  await soft(C.search, async () => {
    const [words, at] = args.search.split('|');
    await page.click('#search');
    await page.keyboard.type(words);
    const t0 = await page.evaluate(() => ({ t: player.video.currentTime, paused: player.video.paused }));
    const n = await until(() => player.transcript.matches.length && { n: player.transcript.matches.length, status: document.getElementById('search-status').textContent });
    // Typing k, space, arrows, digits into the box fires no shortcut.
    await page.keyboard.type(' k 5');
    await page.keyboard.press('ArrowLeft');
    const t1 = await page.evaluate(() => ({ t: player.video.currentTime, paused: player.video.paused, value: document.getElementById('search').value }));
    if (t1.paused !== t0.paused || Math.abs(t1.t - t0.t) > 0.01 || t1.value !== words + ' k 5') throw new Error('a shortcut fired while typing: ' + JSON.stringify([t0, t1]));
    await page.keyboard.press('End');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    const r = await until(([at]) => {
      const v = player.video, li = document.querySelector('#cues li.match-current');
      return !v.seeking && Math.abs(v.currentTime - at) < 0.5 && li && { t: v.currentTime, text: li.textContent, status: document.getElementById('search-status').textContent };
    }, [Number(at)]);
    if (!(Number(at) > CLIP_SECONDS / 2)) throw new Error('the searched cue is not in the second half');
    // With captions on, the caption over the video is the cue jumped to.
    const drawn = await until(() => {
      const c = player.transcript.cues[player.transcript.matches[player.transcript.match]];
      const shown = document.getElementById('captions').textContent;
      return document.getElementById('subtitles').value === '-1' ? 'captions off' : shown === c.text && shown;
    }, null, 5000);
    await page.screenshot({ path: path.join(args.screenshots, 'watch-transcript.png') });
    await page.fill('#search', '');
    await page.focus('body');
    return `"${words}": ${n.n} match(es); Enter → t=${r.t.toFixed(2)} s "${r.text.trim()}", caption "${drawn}"; "${r.status}"; typing " k 5" and ← fired nothing`;
  });

  // ---- keyboard -----------------------------------------------------------------------------------
  await soft(C.shortcuts, async () => {
    const v = () => page.evaluate(() => ({ t: player.video.currentTime, paused: player.video.paused, rate: player.video.playbackRate, muted: player.video.muted,
      captions: document.getElementById('subtitles').value, fs: !!document.fullscreenElement, keys: !document.getElementById('keys').hidden, d: player.video.duration }));
    const press = async k => { await page.keyboard.press(k); await sleep(150); };
    const done = [];
    await page.evaluate(() => { player.video.pause(); player.video.currentTime = 10; });
    await until(() => !player.video.seeking);
    await page.evaluate(() => document.activeElement && document.activeElement.blur()); // out of the search box
    const near = (a, b) => Math.abs(a - b) < 0.4;
    let s = await v();
    await press('Space'); let s2 = await v(); if (s2.paused) throw new Error('Space did not play'); done.push('Space');
    await press('k'); s2 = await v(); if (!s2.paused) throw new Error('k did not pause'); done.push('k');
    s = await v(); await press('ArrowRight'); s2 = await v(); if (!near(s2.t, s.t + 5)) throw new Error(`→: ${s.t} → ${s2.t}`); done.push('→ +5');
    await press('ArrowLeft'); s = await v(); if (!near(s.t, s2.t - 5)) throw new Error(`←: ${s2.t} → ${s.t}`); done.push('← -5');
    await press('l'); s2 = await v(); if (!near(s2.t, s.t + 10)) throw new Error(`l: ${s.t} → ${s2.t}`); done.push('l +10');
    await press('j'); s = await v(); if (!near(s.t, s2.t - 10)) throw new Error(`j: ${s2.t} → ${s.t}`); done.push('j -10');
    await press('>'); s = await v(); if (s.rate !== 1.25) throw new Error('> rate ' + s.rate);
    await press('<'); s = await v(); if (s.rate !== 1) throw new Error('< rate ' + s.rate); done.push('> <');
    const c0 = (await v()).captions;
    await press('c'); s = await v(); if ((Number(s.captions) >= 0) === (Number(c0) >= 0)) throw new Error(`c: captions ${c0} → ${s.captions}`);
    await press('c'); s = await v(); if (s.captions !== c0) throw new Error(`c c: captions ${c0} → ${s.captions}`); done.push('c c');
    await press('m'); s = await v(); if (!s.muted) throw new Error('m did not mute');
    await press('m'); s = await v(); if (s.muted) throw new Error('m m did not unmute'); done.push('m m');
    for (const k of ['5', '0', '9']) {
      await press(k); s = await v();
      if (!near(s.t, s.d * Number(k) / 10)) throw new Error(`${k}: t=${s.t}, want ${s.d * Number(k) / 10}`);
    }
    done.push('0-9');
    await press('f'); s = await page.evaluate(() => !!document.fullscreenElement);
    if (s) { await press('f'); s = await page.evaluate(() => !!document.fullscreenElement); if (s) throw new Error('f did not leave full screen'); done.push('f f'); }
    else {
      // Headless Chromium may refuse full screen; then the page must have asked for it.
      const asked = await page.evaluate(() => __probe.logs.some(l => l.event === 'fullscreen_refused'));
      if (!asked) throw new Error('f neither entered full screen nor asked for it');
      done.push('f (refused by headless Chromium, asked for)');
    }
    await press('?'); s = await v(); if (!s.keys) throw new Error('? shows no overlay');
    const listed = await page.$$eval('#keys dt', ds => ds.map(d => d.textContent.replace(/\s+/g, ' ').trim()));
    await page.screenshot({ path: path.join(args.screenshots, 'watch-keys.png') });
    await press('Escape'); s = await v(); if (s.keys) throw new Error('Escape did not close the overlay'); done.push('? Esc');
    await page.evaluate(() => player.video.pause());
    return done.join(', ') + `; the overlay lists ${listed.length} (${listed.join(' | ')})`;
  });

  await soft(C.afterClick, async () => {
    await page.evaluate(() => { player.video.pause(); player.video.currentTime = 4; });
    await until(() => !player.video.seeking);
    await page.click('#video');              // plays (a click toggles)
    await until(() => !player.video.paused);
    await page.keyboard.press('k');          // focus stays where the click left it
    const a = await until(() => player.video.paused && { t: player.video.currentTime, focus: document.activeElement.tagName });
    await page.keyboard.press('ArrowRight');
    const b = await page.evaluate(() => player.video.currentTime);
    if (!(Math.abs(b - (a.t + 5)) < 0.4)) throw new Error(`→ after clicking the video: ${a.t} → ${b}`);
    await page.click('#strip li:nth-child(2) button'); // jumps there and plays; focus on the thumbnail
    const c = await until(() => !player.video.paused && player.video.currentTime > Number(document.querySelector('#strip li:nth-child(2) button').dataset.time) + 0.8
      && { t: player.video.currentTime, focus: document.activeElement.textContent.trim() });
    await page.keyboard.press('Space');
    const d = await until(() => player.video.paused && { t: player.video.currentTime });
    if (d.t < c.t - 0.2) throw new Error(`Space on the thumbnail jumped back: ${c.t} → ${d.t}`);
    await page.keyboard.press('j');
    const e = await page.evaluate(() => player.video.currentTime);
    if (!(Math.abs(e - Math.max(0, d.t - 10)) < 0.4)) throw new Error(`j on the thumbnail: ${d.t} → ${e}`);
    return `video clicked (focus ${a.focus}): k paused, → +5; thumbnail clicked (focus "${c.focus}"): Space paused at ${d.t.toFixed(2)} s, no jump; j -10`;
  });

  await soft(C.recover, async () => {
    const inject = () => page.evaluate(() => player.hls.trigger('hlsError', { type: 'mediaError', details: 'bufferAppendError', fatal: true, error: new Error('injected by the check') }));
    await page.evaluate(() => { __probe.expectErrors = true; player.video.currentTime = 2; player.video.play(); });
    expectedConsole.push(RECOVER_CONSOLE);
    await until(() => !player.video.paused && player.video.currentTime > 2.3);
    await inject();
    const one = await until(() => __probe.logs.some(l => l.event === 'media_error_recovering') && { hls: !!player.hls.media, state: player.state });
    if (!one.hls || one.state !== 'playing') throw new Error('after one media error: ' + JSON.stringify(one));
    // Not awaited: play()'s promise may never settle while hls.js re-attaches the media; until bounds the wait.
    await page.evaluate(() => { player.video.play().catch(() => {}); });
    const t0 = await page.evaluate(() => player.video.currentTime);
    await until(t => player.video.currentTime > t + 0.5 && !player.video.paused, t0);
    // Three more in a row: recover (or, within 3 s, swap the audio codec), swap, give up.
    await inject(); await inject(); await inject();
    const three = await until(() => player.state === 'error' && document.querySelector('#state .panel.failed') && { text: document.querySelector('#state').textContent,
      swapped: __probe.logs.some(l => l.event === 'media_error_swapping_audio_codec') });
    if (!three.swapped) throw new Error('gave up without swapAudioCodec');
    await page.evaluate(() => { __probe.expectErrors = false; __probe.hlsErrors = __probe.hlsErrors.filter(e => e.details !== 'bufferAppendError'); });
    return `1st: recoverMediaError, still playing on; then swapAudioCodec + recover; then "${three.text.trim().slice(0, 60)}"`;
  });
  expectedConsole.splice(expectedConsole.indexOf(RECOVER_CONSOLE), 1);
  await page.goto(watchUrl(asset), { timeout: WAIT_MS });
  await until(() => player.levels);
  axeFound.push(...(await axeRun(page)).map(v => `watch: ${v}`));

  // ---- phones ----------------------------------------------------------------------------------
  let phoneLevel = null;
  for (const [key, w, h] of [['phone390', 390, 844], ['phone360', 360, 800]]) {
    const phone = await browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    await phone.addInitScript({ path: args.probe });
    watchContext(phone);
    const pg = await phone.newPage();
    watchPage(pg);
    await soft(C[key], async () => {
      const layout = async () => pg.evaluate(() => {
        const small = [];
        for (const n of document.querySelectorAll('button, select, input, a')) {
          const r = n.getBoundingClientRect(), cs = getComputedStyle(n);
          if (!r.width || !r.height || cs.visibility === 'hidden' || n.closest('[hidden]')) continue;
          if (n.tagName === 'A' && n.closest('.card')) continue; // the card is the link (::after covers it)
          if (n.tagName === 'A' && n.closest('p.error, .panel p')) continue; // inline text links
          if (r.width < 44 - 0.5 || r.height < 44 - 0.5) small.push(`${n.tagName.toLowerCase()}#${n.id || n.className || n.textContent.trim().slice(0, 12)} ${r.width.toFixed(0)}x${r.height.toFixed(0)}`);
        }
        return { scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth, small,
          hint: [...document.querySelectorAll('.keys-hint')].some(n => n.getBoundingClientRect().width > 0) };
      });
      await pg.goto(LIBRARY, { timeout: WAIT_MS });
      await pg.waitForFunction(() => document.body.dataset.loaded === 'true', null, { timeout: WAIT_MS });
      const lib = await layout();
      axeFound.push(...(await axeRun(pg)).map(v => `library ${w} px: ${v}`));
      if (lib.scroll > lib.width) throw new Error(`library scrolls sideways: ${lib.scroll} > ${lib.width}`);
      if (lib.small.length) throw new Error('library targets under 44 px: ' + lib.small.join(', '));
      await pg.screenshot({ path: path.join(args.screenshots, `library-${w}.png`) });
      await pg.goto(watchUrl(asset, '&autoplay=1'), { timeout: WAIT_MS });
      await untilOn(pg, () => player.levels && !player.video.paused && player.video.currentTime > 1);
      await pg.selectOption('#subtitles', { label: cueTrack });
      await pg.evaluate(t => { player.video.currentTime = t; }, Number(cueStart) + 0.5);
      const cap = await untilOn(pg, () => {
        const s = document.querySelector('#captions span');
        return s && s.getBoundingClientRect().height > 0 && { size: parseFloat(getComputedStyle(s).fontSize), text: s.textContent };
      });
      await pg.evaluate(() => player.video.pause());
      const l = await layout();
      axeFound.push(...(await axeRun(pg)).map(v => `watch ${w} px: ${v}`));
      const v = await pg.evaluate(() => {
        const r = document.getElementById('video').getBoundingClientRect();
        return { left: r.left, width: r.width, level: player.hls.currentLevel, auto: player.hls.autoLevelEnabled,
          capping: player.hls.autoLevelCapping, dpr: devicePixelRatio, levels: player.hls.levels.map(x => x.width) };
      });
      if (key === 'phone390') phoneLevel = v;
      await pg.screenshot({ path: path.join(args.screenshots, `watch-${w}.png`) });
      await pg.screenshot({ path: path.join(args.screenshots, `watch-${w}-full.png`), fullPage: true });
      const problems = [];
      if (l.scroll > l.width) problems.push(`watch scrolls sideways: ${l.scroll} > ${l.width}`);
      if (l.small.length) problems.push('targets under 44 px: ' + l.small.join(', '));
      if (Math.abs(v.width - l.width) > 1 || Math.abs(v.left) > 1) problems.push(`video ${v.width} px at ${v.left}, page ${l.width}`);
      if (cap.size < 16) problems.push(`captions ${cap.size} px`);
      if (l.hint || lib.hint) problems.push('a keyboard hint on a touch screen');
      if (problems.length) throw new Error(problems.join('; '));
      return `library and watch ${l.scroll} px wide; every target >= 44 px; video ${v.width} px; captions "${cap.text}" at ${cap.size} px; no keyboard hint`;
    }, pg);
    await phone.close();
  }
  await soft(C.phoneLevel, async () => {
    const v = phoneLevel;
    if (!v) throw new Error('the phone check did not get that far');
    // The smallest level covering the player at (at most) 2 device pixels per CSS pixel.
    const need = v.width * Math.min(v.dpr, 2);
    const cover = v.levels.findIndex(x => x >= need);
    const cap = cover < 0 ? v.levels.length - 1 : cover;
    if (!(v.level >= 0 && v.level <= cap)) throw new Error(`level ${v.level} (${v.levels[v.level]} px) in a ${v.width} px player at DPR ${v.dpr}; at most ${v.levels[cap]} px`);
    return `${v.width} CSS px at DPR ${v.dpr}: level ${v.level} (${v.levels[v.level]} px wide), capping ${v.capping}, of ${v.levels.join('/')} px`;
  });
  await soft(C.axe, async () => {
    if (axeFound.length) throw new Error(axeFound.join('; '));
    const version = await page.evaluate(() => window.axe && window.axe.version);
    return `axe-core ${version}: none on the library and the watch page, at 1280 px, 390 px and 360 px`;
  });

  // ---- as deployed: no API, Terraform's config.json, CloudFront's CSP --------------------------------
  const served = await fetch(`${ORIGIN}/watch.html`);
  const localCsp = served.headers.get('content-security-policy');
  const cloudfrontCsp = args['delivery-tf'] ? deliveryCsp(args['delivery-tf']) : '';
  const csp = cloudfrontCsp || localCsp;
  const aws = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await aws.addInitScript({ path: args.probe });
  watchContext(aws);
  // What CloudFront serves: the page with the response headers policy's CSP, and the config.json
  // the delivery module writes (api null, overrides off). Everything else as the local server has it.
  let awsConfig = { api: null, media: 'media/', thumbnailInterval: 5, allowQueryOverrides: false };
  await aws.route(`${ORIGIN}/config.json`, r => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(awsConfig) }));
  await aws.route(u => u.origin === ORIGIN && /\.html$/.test(u.pathname), async r => {
    // A static site has no 404 for a lecture it does not know: the page is the same file.
    const res = await r.fetch({ url: `${ORIGIN}${new URL(r.request().url()).pathname}` });
    const headers = { ...res.headers(), 'content-security-policy': csp };
    delete headers['content-length'];
    await r.fulfill({ status: 200, headers, body: await res.body() });
  });
  const apg = await aws.newPage();
  watchPage(apg);
  const injected = 'http://127.0.0.2:9/';
  await soft(C.noApi, async () => {
    await apg.goto(watchUrl(asset, `&media=${encodeURIComponent(injected)}&api=${encodeURIComponent(injected)}&autoplay=1`), { timeout: WAIT_MS });
    const s = await untilOn(apg, () => {
      const v = player.video;
      return v.currentTime > 1.5 && !v.paused && player.levels && { t: v.currentTime, title: document.querySelector('h1').textContent, source: player.lecture.source,
        mp4: document.getElementById('mp4').href, download: document.getElementById('mp4').getAttribute('download'), strip: document.querySelectorAll('#strip li').length };
    });
    const foreign = foreignRequests.filter(u => u.startsWith(injected));
    if (foreign.length) throw new Error('requests to the injected origin: ' + foreign.join(' '));
    // Captions under this CSP too: hls.js gives each subtitle <track> the source data:,WEBVTT.
    await apg.selectOption('#subtitles', { label: cueTrack });
    await apg.evaluate(t => { player.video.currentTime = t; }, Number(cueStart) + 0.2);
    await untilOn(apg, text => document.getElementById('captions').textContent.includes(text), cueText);
    const violations = await apg.evaluate(() => __probe.csp);
    if (violations.length) throw new Error('the page breaks its own CSP: ' + JSON.stringify(violations) + ' (CSP: ' + csp + ')');
    if (s.title !== readable(args.lecture)) throw new Error(`title "${s.title}"`);
    if (EXPECT_LECTURE_JSON && s.source !== 'lecture.json') throw new Error('layout from ' + s.source);
    const mp4 = await fetch(s.mp4, { method: 'HEAD' });
    if (mp4.status !== 200 || mp4.headers.get('content-type') !== 'video/mp4') throw new Error(`MP4 ${s.mp4}: ${mp4.status}`);
    await apg.goto(`${ORIGIN}/index.html`, { timeout: WAIT_MS });
    const said = await apg.textContent('#summary');
    if (!/no listing/.test(said)) throw new Error('library without API: ' + said);
    return `"${s.title}" (layout from ${s.source}) at t=${s.t.toFixed(2)} s with ?media=${injected} ignored, captions drawn, no CSP violation; ${s.strip} strip items; MP4 ${mp4.status} as "${s.download}"; library: "${said}"`;
  }, apg);
  await soft(C.csp, async () => {
    if (!/connect-src 'self'/.test(csp) && !/default-src 'self'/.test(csp)) throw new Error('the CSP does not restrict connections: ' + csp);
    // With overrides on (a misconfigured deployment), the browser itself must refuse the origin.
    awsConfig = { ...awsConfig, allowQueryOverrides: true };
    expectedConsole.push([/127\.0\.0\.2/, /./], [/watch\.html/, /Content Security Policy|playback_failed|Failed to fetch/]);
    await apg.goto(watchUrl(asset, `&media=${encodeURIComponent(injected)}`), { timeout: WAIT_MS });
    const s = await untilOn(apg, () => __probe.csp.length && player.state === 'error' && { csp: __probe.csp, text: document.getElementById('state').textContent });
    if (!s.csp.some(v => v.blocked.startsWith(injected.slice(0, -1)))) throw new Error('no violation for the injected origin: ' + JSON.stringify(s.csp));
    if (foreignRequests.some(u => u.startsWith(injected))) throw new Error('a request reached ' + injected);
    awsConfig = { ...awsConfig, allowQueryOverrides: false };
    return `${cloudfrontCsp ? 'the delivery module\'s CSP' : 'the local server\'s CSP (the delivery module defines none yet)'}: played above; ${injected} refused (${s.csp[0].directive}); the learner sees "${s.text.trim().slice(0, 50)}"`;
  }, apg);
  await soft(C.notFound403, async () => {
    const out = [];
    for (const status of [403, 404]) {
      const missing = `nothing/here-${status}`;
      const nothing = u => u.pathname.startsWith('/media/assets/nothing/');
      await aws.route(nothing, r => r.fulfill({ status, contentType: 'application/xml', body: status === 403 ? '<Error><Code>AccessDenied</Code></Error>' : '<Error><Code>NoSuchKey</Code></Error>' }));
      expectedConsole.push([/nothing\/here/, /status of 40[34]|lecture_not_found/]);
      await apg.goto(watchUrl(missing), { timeout: WAIT_MS });
      const s = await untilOn(apg, () => player.state === 'notfound' && { h1: document.querySelector('h1').textContent, text: document.getElementById('state').textContent });
      if (s.h1 !== 'Not found') throw new Error(`${status}: "${s.h1}"`);
      out.push(`${status} → "${s.h1}"`);
      await aws.unroute(nothing);
    }
    return out.join(', ');
  }, apg);
  await aws.close();

  // ---- the awkward lectures --------------------------------------------------------------------
  for (const [name, title, seconds] of [[C.silent, args.silent, Number(args['silent-duration'])], [C.short, args.short, 1]]) {
    await soft(name, async () => {
      const c = card(title);
      if (!c || !c.href) throw new Error(`"${title}" is not a playable card: ${JSON.stringify(c)}`);
      await page.goto(c.href + '&autoplay=1', { timeout: WAIT_MS });
      const s = await until(() => player.video.ended && { t: player.video.currentTime, d: player.video.duration, size: `${player.video.videoWidth}x${player.video.videoHeight}`, title: document.querySelector('h1').textContent });
      if (!(Math.abs(s.d - seconds) <= 0.5)) throw new Error(`duration ${s.d}, want ${seconds}`);
      if (s.title !== readable(title)) throw new Error(`title "${s.title}"`);
      return `"${s.title}": ${s.size}, duration ${s.d.toFixed(2)} s, ended at t=${s.t.toFixed(2)} s`;
    });
  }

  await soft(C.failed, async () => {
    expectedConsole.push([/watch\.html/, /conversion_failed/]);
    await page.goto(watchUrl(card(args.broken).asset), { timeout: WAIT_MS });
    const s = await page.waitForFunction(() => window.player && player.state === 'failed' && {
      heading: document.querySelector('.panel.failed h2').textContent, text: document.querySelector('main').textContent,
      layoutHidden: document.getElementById('layout').hidden, hls: !!player.hls, src: player.video.currentSrc,
      logged: window.__probe.logs.find(l => l.event === 'conversion_failed'),
    }, null, { timeout: WAIT_MS, polling: 100 }).then(h => h.jsonValue());
    if (!s.layoutHidden || s.hls || s.src) throw new Error('a player was set up: ' + JSON.stringify(s));
    if (/s3:\/\//.test(s.text)) throw new Error('the learner sees an s3:// URI: ' + s.text);
    if (!s.logged || !/probe failed|Invalid data/.test(s.logged.error || '')) throw new Error('no details for operators in the console: ' + JSON.stringify(s.logged));
    return `"${s.heading}", no s3:// on the page, the job's error in the console (${s.logged.error.slice(0, 50)}…)`;
  });

  await soft(C.missing, async () => {
    const url = `${ORIGIN}/watch.html?asset=no/such/lecture`;
    expectedConsole.push([/no\/such\/lecture/, /status of 404/]);
    const r = await page.goto(url, { timeout: WAIT_MS });
    const h1 = await page.textContent('h1');
    const text = await page.textContent('main');
    if (r.status() !== 404 || h1.trim() !== 'Not found' || !/no such lecture/i.test(text)) throw new Error(`${r.status()} "${h1}" ${text}`);
    return `${r.status()}, "${h1.trim()}"`;
  });

  await soft(C.clean, async () => {
    const problems = [];
    if (pageErrors.length) problems.push('page errors ' + JSON.stringify(pageErrors));
    const foreign = foreignRequests.filter(u => !u.startsWith(injected));
    if (foreign.length) problems.push('requests off loopback ' + JSON.stringify(foreign));
    const failedMedia = media.filter(m => m.status >= 400 && !(m.status === 404 && !EXPECT_LECTURE_JSON && m.url.endsWith('/lecture.json')) && !m.url.includes('/assets/nothing/'));
    if (failedMedia.length) problems.push('media errors ' + JSON.stringify(failedMedia));
    const variants = new Set(media.filter(m => m.url.startsWith(lectureBase) && m.url.endsWith('.ts')).map(m => m.url.replace(/_\d+\.ts$/, '')));
    const unplayed = levelPlaylists.filter(v => !variants.has(v));
    if (!levelPlaylists.length || unplayed.length) problems.push('no segments served of ' + unplayed.join(', '));
    const wrongType = media.filter(m => !m.url.includes('/assets/nothing/')).filter(m => (m.url.endsWith('.ts') && m.type !== 'video/mp2t')
      || (m.url.endsWith('.m3u8') && m.type !== 'application/vnd.apple.mpegurl') || (m.url.endsWith('.vtt') && m.type !== 'text/vtt; charset=utf-8'));
    if (wrongType.length) problems.push('content types ' + JSON.stringify(wrongType.slice(0, 3)));
    const encoded = media.filter(m => m.encoding);
    if (encoded.length) problems.push('media sent with a Content-Encoding ' + JSON.stringify(encoded.slice(0, 3)));
    if (problems.length) throw new Error(problems.join('; '));
    return `${media.length} media responses, segments of all ${levelPlaylists.length} variants (${variants.size} playlists in all), nothing off ${ORIGIN}`;
  });
} catch (e) {
  if (!results.size || [...results.values()].every(r => r.ok)) console.log(`FAIL ${String(e.message || e).split('\n')[0]}`);
}
await finish(summary() ? 0 : 1);

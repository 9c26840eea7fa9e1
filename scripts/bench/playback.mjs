// make bench, playback part (scripts/bench-playback.sh starts the runtimes and Chromium): headless
// Chromium opens the watch page of the same lecture converted with two job templates, under the
// emulated networks below (CDP Network.emulateNetworkConditions, one fresh browser context per
// session: empty cache, own connections), and records what a learner would notice in the first
// SECONDS seconds after opening the page: when the first frame played, the stalls after that, how
// far the lecture got, which renditions were on screen, and the bytes fetched. Every session runs
// RUNS times; the table prints each run so the reader sees whether they agree.
//
// What is measured comes from the <video> element's own events and from CDP's network events, not
// from the page's code, so the figures mean the same whatever the page does inside.
//
//   node playback.mjs --cdp http://127.0.0.1:PORT --playwright DIR/playwright-core --seconds 90 --runs 2
//        [--stagger S] --ladder 'before|<watch URL>|<master URL>' --ladder 'after|<watch URL>|<master URL>'
//        [--json results.json]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = { ladder: [] };
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i].replace(/^--/, ''), v = process.argv[i + 1];
  if (k === 'ladder') args.ladder.push(v); else args[k] = v;
}
for (const k of ['cdp', 'playwright']) {
  if (!args[k]) { console.error(`playback.mjs: --${k} is required`); process.exit(2); }
}
const SECONDS = Number(args.seconds || 90);
const RUNS = Number(args.runs || 2);
// One session at a time by default (each starts when the last has ended): on 2 cores a session
// decoding 1080p in software takes a core, and a start-up beside it measured the CPU, not the link.
const STAGGER_S = args.stagger ? Number(args.stagger) : SECONDS + 3;
const LADDERS = args.ladder.map(s => { const [name, watch, master] = s.split('|'); return { name, watch, master }; });
// The networks of issue 17: a weak mobile link, a middling one, a good one. Throughput in kb/s
// (1000 bits), RTT in ms (Chromium adds it to every request before its response starts).
const NETWORKS = [
  { name: '400 kb/s, 300 ms', kbps: 400, rttMs: 300, goal: { firstFrame: 5, noStall: true } },
  { name: '1.6 Mb/s, 150 ms', kbps: 1600, rttMs: 150, goal: { firstFrame: 3 } },
  { name: '8 Mb/s, 40 ms', kbps: 8000, rttMs: 40, goal: { firstFrame: 2, topWithin: 15 } },
];
const REPEAT_TOLERANCE_S = 0.2;
if (args.networks) {   // e.g. --networks 400,8000: only those (for a quick look)
  const keep = args.networks.split(',').map(Number);
  NETWORKS.splice(0, NETWORKS.length, ...NETWORKS.filter(n => keep.includes(n.kbps)));
}

const { chromium } = await import(pathToFileURL(path.join(args.playwright, 'index.mjs')).href);

// Runs in the page before its own scripts. Times are seconds since the navigation started
// (performance.now()), so the page's own download is part of the time to the first frame.
const PROBE = () => {
  const now = () => performance.now() / 1000;
  const b = { firstFrame: null, stalls: [], stallStart: null, shown: [], errors: [] };
  window.__playbackBench = b;
  const on = (type, fn) => window.addEventListener(type, e => { if (e.target instanceof HTMLVideoElement) fn(e.target); }, true);
  // 'playing' after play(): the first frame is on screen and the clock runs; a later 'waiting'
  // (the buffer ran dry) until the next 'playing' is a stall.
  on('playing', () => {
    const t = now();
    if (b.firstFrame === null) b.firstFrame = t;
    if (b.stallStart !== null) { b.stalls.push([b.stallStart, t]); b.stallStart = null; }
  });
  on('waiting', v => { if (b.firstFrame !== null && b.stallStart === null && !v.seeking) b.stallStart = now(); });
  on('resize', v => b.shown.push({ t: now(), media: v.currentTime, width: v.videoWidth, height: v.videoHeight }));
  on('error', v => b.errors.push(v.error ? `${v.error.code} ${v.error.message}` : 'error'));
  // The learner presses play as soon as there is something to play (the page's ?autoplay=1 does
  // the same; this covers a page that leaves it to the viewer).
  on('loadedmetadata', v => { if (v.paused) v.play().catch(() => {}); });
  b.snapshot = () => {
    const t = now();
    const v = document.querySelector('video');
    const stalls = b.stalls.map(([s, e]) => e - s);
    if (b.stallStart !== null) stalls.push(t - b.stallStart);   // still stalled at the end
    return {
      at: t, firstFrame: b.firstFrame, stalls, shown: b.shown, errors: b.errors,
      played: v ? v.currentTime : 0, paused: v ? v.paused : true,
    };
  };
};

// media playlists and segments by their modifier: <name><modifier>_00001.ts, <name><modifier>.m3u8
function kindOf(url) {
  const p = new URL(url).pathname;
  if (/\.(ts|m4s|aac|mp4|m4a|m4v)$/.test(p)) return 'media';
  if (/\.m3u8$/.test(p)) return 'playlists';
  if (/\.(jpe?g|png|webp)$/.test(p)) return 'images';
  return 'page';
}

async function session(browser, ladder, net, run) {
  // A 13-15" laptop at 150 % scaling (Windows' default on such screens): the player box is over
  // 1280 device pixels wide, so hls.js's capLevelToPlayerSize lets the 1080p rung play.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1.5 });
  try {
    const page = await context.newPage();
    await page.addInitScript(PROBE);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const bps = net.kbps * 1000 / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: net.rttMs, downloadThroughput: bps, uploadThroughput: bps,
    });
    const urls = new Map(), received = new Map(), finished = new Map(), segments = new Map(), times = new Map();
    let t0 = null;   // CDP's clock at the page's own request
    cdp.on('Network.requestWillBeSent', e => {
      urls.set(e.requestId, e.request.url);
      if (t0 === null) t0 = e.timestamp;
      times.set(e.requestId, [e.timestamp - t0, null]);
    });
    cdp.on('Network.dataReceived', e => received.set(e.requestId, (received.get(e.requestId) || 0) + (e.encodedDataLength || 0)));
    cdp.on('Network.loadingFinished', e => {
      finished.set(e.requestId, e.encodedDataLength || 0);
      const t = times.get(e.requestId);
      if (t && t0 !== null) t[1] = e.timestamp - t0;
    });
    await page.goto(ladder.watch + (ladder.watch.includes('?') ? '&' : '?') + 'autoplay=1', { waitUntil: 'commit' });
    await page.waitForFunction(s => performance.now() >= s * 1000, SECONDS, { polling: 250, timeout: (SECONDS + 60) * 1000 });
    const r = await page.evaluate(() => window.__playbackBench.snapshot());
    const bytes = { page: 0, playlists: 0, media: 0, images: 0 };
    for (const [id, url] of urls) {
      if (!/^https?:/.test(url)) continue;
      const n = Math.max(received.get(id) || 0, finished.get(id) || 0);
      bytes[kindOf(url)] += n;
      const m = /\/([^/]+)_(\d{5,})\.(ts|m4s|aac)$/.exec(new URL(url).pathname);
      if (m) segments.set(m[1], (segments.get(m[1]) || 0) + n);
    }
    // Each request's start and end (s after the page's own request), for reading the JSON.
    const requests = [...urls].map(([id, url]) => ({ url: url.replace(/^https?:\/\/[^/]+/, ''), start: times.get(id)?.[0], end: times.get(id)?.[1],
      bytes: Math.max(received.get(id) || 0, finished.get(id) || 0) }));
    return { ladder: ladder.name, network: net.name, run, ...r, bytes, segmentBytes: Object.fromEntries(segments), requests };
  } finally {
    await context.close().catch(() => {});
  }
}

// The ladder's heights from its master playlist (fetched directly, not throttled), for "top rung".
async function topHeight(masterUrl) {
  const text = await (await fetch(masterUrl)).text();
  const heights = [...text.matchAll(/#EXT-X-STREAM-INF:[^\n]*RESOLUTION=(\d+)x(\d+)/g)].map(m => Number(m[2]));
  return Math.max(...heights);
}

// Every media playlist the master names (variants and audio renditions; not I-frame or image
// playlists): what it declares and what its segments weigh, so GB per learner hour follows.
async function rungs(masterUrl) {
  const master = await (await fetch(masterUrl)).text();
  const lines = master.split(/\r?\n/);
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    let uri = null, attrs = '';
    if (lines[i].startsWith('#EXT-X-STREAM-INF:')) { attrs = lines[i]; uri = lines[i + 1]; }
    else if (/^#EXT-X-MEDIA:.*TYPE=AUDIO/.test(lines[i]) && /URI="([^"]+)"/.test(lines[i])) { attrs = lines[i]; uri = /URI="([^"]+)"/.exec(lines[i])[1]; }
    if (!uri) continue;
    const url = new URL(uri, masterUrl);
    const media = await (await fetch(url)).text();
    let seconds = 0, bytes = 0;
    for (const m of media.matchAll(/#EXTINF:([\d.]+)[^\n]*\n(?:#[^\n]*\n)*([^#\n][^\n]*)/g)) {
      seconds += Number(m[1]);
      const r = await fetch(new URL(m[2].trim(), url), { method: 'HEAD' });
      bytes += Number(r.headers.get('content-length') || 0);
    }
    const num = k => { const m = new RegExp(`[:,]${k}=(\\d+)`).exec(attrs); return m ? Number(m[1]) : null; };
    const res = /RESOLUTION=(\d+x\d+)/.exec(attrs);
    out.push({ name: uri.replace(/\.m3u8$/, ''), resolution: res ? res[1] : 'audio', bandwidth: num('BANDWIDTH'),
      average: num('AVERAGE-BANDWIDTH'), measuredKbps: seconds ? bytes * 8 / seconds / 1000 : 0, seconds, bytes });
  }
  return out;
}

// Each runtime answers its first requests slowly (a cold JVM: JIT, the S3 listing); a CDN would
// not. So before any session, every file a session starts with is fetched once, unthrottled.
async function warmUp(l) {
  const base = new URL('.', l.watch);
  const asset = new URL(l.watch).searchParams.get('asset');
  const get = async u => { try { await (await fetch(u)).arrayBuffer(); } catch { /* the session will say */ } };
  for (let i = 0; i < 3; i++) {
    for (const u of [l.watch, new URL('watch.js', base), new URL('early.js', base), new URL('config.json', base), new URL('app.css', base),
      new URL('api/lecture?asset=' + encodeURIComponent(asset), base), new URL('lecture.json', l.master.replace(/HLS\/[^/]*$/, '')), l.master]) await get(u);
    const master = await (await fetch(l.master)).text();
    for (const m of master.matchAll(/^([^#\s][^\s]*\.m3u8)$|URI="([^"]+\.m3u8)"/gm)) {
      const pl = new URL(m[1] || m[2], l.master);
      const text = await (await fetch(pl)).text();
      const first = /^[^#\s].*$/m.exec(text);
      if (first) await get(new URL(first[0], pl));
    }
  }
}

const browser = await chromium.connectOverCDP(args.cdp);
for (const l of LADDERS) await warmUp(l);
const loadBefore = os.loadavg()[0];
const tops = {}, ladderRungs = {};
for (const l of LADDERS) { tops[l.name] = await topHeight(l.master); ladderRungs[l.name] = await rungs(l.master); }

// Every session of every run, started STAGGER_S apart (by default one after the other), the
// ladders alternating; each in its own browser context.
const plan = [];
for (let run = 1; run <= RUNS; run++) for (const net of NETWORKS) for (const l of LADDERS) plan.push({ l, net, run });
console.error(`playback: ${plan.length} sessions of ${SECONDS} s, started ${STAGGER_S} s apart (about ${Math.round(((plan.length - 1) * STAGGER_S + SECONDS + 10) / 60)} min)`);
const results = await Promise.all(plan.map((p, i) => new Promise(r => setTimeout(r, i * STAGGER_S * 1000))
  .then(() => session(browser, p.l, p.net, p.run))
  .then(res => { console.error(`  done: ${p.l.name}, ${p.net.name}, run ${p.run}: first frame ${res.firstFrame === null ? 'none' : res.firstFrame.toFixed(2) + ' s'}`); return res; },
    e => ({ ladder: p.l.name, network: p.net.name, run: p.run, failed: String(e && e.message || e) }))));
await browser.close().catch(() => {});
if (args.json) fs.writeFileSync(args.json, JSON.stringify({ seconds: SECONDS, tops, rungs: ladderRungs, results }, null, 2));

// ---- the table ------------------------------------------------------------------------------
const f1 = x => x === null || x === undefined ? '-' : x.toFixed(1);
const f2 = x => x === null || x === undefined ? 'none' : x.toFixed(2);
function topAt(r) {
  const hit = r.shown.find(s => s.height >= tops[r.ladder]);
  return hit ? hit.t : null;
}
function shownList(r) {
  const hs = [];
  for (const s of r.shown) if (s.height && hs[hs.length - 1] !== s.height) hs.push(s.height);
  return hs.length ? hs.map(h => h + 'p').join('>') : '-';
}
const cols = ['network', 'ladder', 'first frame s', 'stalls after start (total s)', 'lecture s played', 'renditions shown', 'top rung shown at s', 'MB fetched: all (media)'];
const rows = [];
const verdicts = [];
for (const net of NETWORKS) {
  for (const l of LADDERS) {
    const rs = results.filter(r => r.network === net.name && r.ladder === l.name).sort((a, b) => a.run - b.run);
    const ok = rs.filter(r => !r.failed);
    const each = fn => rs.map(r => (r.failed ? 'failed' : fn(r))).join(' / ');
    rows.push([net.name, `${l.name} (top ${tops[l.name]}p)`,
      each(r => f2(r.firstFrame)),
      each(r => `${r.stalls.length} (${f1(r.stalls.reduce((a, b) => a + b, 0))})`),
      each(r => f1(r.played)),
      each(shownList),
      each(r => f1(topAt(r))),
      each(r => { const all = Object.values(r.bytes).reduce((a, b) => a + b, 0); return `${(all / 1e6).toFixed(2)} (${(r.bytes.media / 1e6).toFixed(2)})`; })]);
    const ffs = ok.map(r => r.firstFrame).filter(x => x !== null);
    if (ffs.length > 1 && Math.max(...ffs) - Math.min(...ffs) > REPEAT_TOLERANCE_S) {
      verdicts.push(`note: ${l.name}, ${net.name}: the runs' first frames differ by ${(Math.max(...ffs) - Math.min(...ffs)).toFixed(2)} s (more than ${REPEAT_TOLERANCE_S} s)`);
    }
    if (l === LADDERS[LADDERS.length - 1] && ok.length) {
      const g = net.goal, parts = [];
      const worstFF = Math.max(...ok.map(r => (r.firstFrame === null ? Infinity : r.firstFrame)));
      parts.push(`first frame within ${g.firstFrame} s: ${worstFF <= g.firstFrame ? 'met' : 'not met'} (worst ${f2(Number.isFinite(worstFF) ? worstFF : null)} s)`);
      if (g.noStall) {
        const stalls = Math.max(...ok.map(r => r.stalls.length));
        parts.push(`no stall: ${stalls === 0 ? 'met' : `not met (${stalls})`}`);
      }
      if (g.topWithin) {
        const worst = Math.max(...ok.map(r => topAt(r) ?? Infinity));
        parts.push(`top rung within ${g.topWithin} s: ${worst <= g.topWithin ? 'met' : 'not met'}${Number.isFinite(worst) ? ` (worst ${worst.toFixed(1)} s)` : ' (never shown)'}`);
      }
      verdicts.push(`goal for ${l.name}, ${net.name}: ${parts.join('; ')}`);
    }
  }
}
const widths = cols.map((c, i) => Math.max(c.length, ...rows.map(r => r[i].length)));
const line = r => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
console.log(`playback: ${SECONDS} s from opening the watch page, each figure run 1 / run 2 (times in s from navigation start;`
  + ` load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after, on ${os.cpus().length} CPUs)`);
console.log(line(cols));
console.log(widths.map(w => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
for (const v of verdicts) console.log(v);
for (const r of results.filter(x => x.failed)) console.log(`failed: ${r.ladder}, ${r.network}, run ${r.run}: ${r.failed}`);
for (const r of results.filter(x => !x.failed && x.errors.length)) console.log(`media errors: ${r.ladder}, ${r.network}, run ${r.run}: ${r.errors.join('; ')}`);

// ---- the renditions: declared against measured, and what an hour of each costs in transfer ----
const CLOUDFRONT_USD_PER_GB = Number(args['usd-per-gb'] || 0.085);
console.log('');
console.log(`renditions (segment bytes over the lecture; GB per learner hour = average rate x 3600 s; transfer at $${CLOUDFRONT_USD_PER_GB}/GB)`);
const rcols = ['ladder', 'playlist', 'size', 'BANDWIDTH kb/s', 'AVERAGE kb/s', 'measured avg kb/s', 'GB per learner hour', '$ per learner hour'];
const rrows = [];
for (const l of LADDERS) for (const r of ladderRungs[l.name]) {
  const gbh = r.measuredKbps * 1000 / 8 * 3600 / 1e9;
  rrows.push([l.name, r.name, r.resolution, r.bandwidth === null ? '-' : (r.bandwidth / 1000).toFixed(0),
    r.average === null ? '-' : (r.average / 1000).toFixed(0), r.measuredKbps.toFixed(0), gbh.toFixed(3), (gbh * CLOUDFRONT_USD_PER_GB).toFixed(3)]);
}
const rw = rcols.map((c, i) => Math.max(c.length, ...rrows.map(r => r[i].length)));
const rline = r => r.map((c, i) => c.padEnd(rw[i])).join('  ').trimEnd();
console.log(rline(rcols));
console.log(rw.map(w => '-'.repeat(w)).join('  '));
for (const r of rrows) console.log(rline(r));

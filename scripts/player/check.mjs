// The browser half of `make player` (scripts/player-check.sh): serves the player page, hls.js and
// the local pipeline's output bucket on 127.0.0.1, drives an already running headless Chromium
// over the DevTools protocol (playwright-core's connectOverCDP), and asserts that the HLS stream
// really plays. Prints one line per check and `player: N passed, N failed`; exit status 0 only
// when every check passed. Checks not reached (an earlier one failed) count as failed.
//
//   node check.mjs --cdp http://127.0.0.1:PORT --root OUTPUT_BUCKET_DIR --master assets/x/HLS/x.m3u8 \
//                  --hls node_modules/hls.js/dist/hls.min.js --playwright DIR/playwright-core \
//                  --screenshot out.png --duration 20
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['cdp', 'root', 'master', 'hls', 'playwright', 'screenshot', 'duration']) {
  if (!args[k]) { console.error(`check.mjs: --${k} is required`); process.exit(2); }
}
const PAGE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'index.html');
const ROOT = path.resolve(args.root);
const CLIP_SECONDS = Number(args.duration);
const EXPECTED = [[640, 360], [960, 540], [1280, 720]];
const WAIT_MS = 30_000;        // any single wait
const OVERALL_MS = 150_000;    // the whole run
const { chromium } = await import(pathToFileURL(path.join(args.playwright, 'index.mjs')).href);

// ---- results -------------------------------------------------------------------------------
const CHECKS = [
  'browser: hls.js supported, MSE accepts the master\'s CODECS',
  'master: 3 levels 640x360, 960x540, 1280x720, H.264 + AAC',
  'autoplay: currentTime > 3 s, not paused',
  'buffers: one video (avc1) and one audio (mp4a) SourceBuffer',
  'level 0 forced: 360p fragments loaded, 640x360 frames shown, playback advances',
  'level 1 forced: 540p fragments loaded, 960x540 frames shown, playback advances',
  'level 2 forced: 720p fragments loaded, 1280x720 frames shown, playback advances',
  'picture: the decoded 720p frame is a real picture (many colours, not black)',
  'second segment: seek to 8.5 s, plays past 11 s from a fragment starting at 10 s',
  'end: duration matches the clip, seek near the end, \'ended\' fires',
  'clean: no media errors, no fatal or load/parse hls.js errors, no page errors, loopback only',
];
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

// ---- a static server on loopback -----------------------------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t', '.mp4': 'video/mp4', '.jpg': 'image/jpeg' };
const served = [];  // paths of the files served under /out/
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let file = null;
  if (url.pathname === '/' || url.pathname === '/index.html') file = PAGE;
  else if (url.pathname === '/hls.min.js') file = path.resolve(args.hls);
  else if (url.pathname.startsWith('/out/')) {
    const candidate = path.resolve(ROOT, '.' + decodeURIComponent(url.pathname.slice(4)));
    if (candidate.startsWith(ROOT + path.sep)) { file = candidate; served.push(url.pathname.slice(5)); }
  }
  if (req.method !== 'GET' || !file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
    'content-length': fs.statSync(file).size, 'cache-control': 'no-store' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
const ORIGIN = `http://127.0.0.1:${server.address().port}`;

// ---- the browser ---------------------------------------------------------------------------
let browser = null;
async function finish(code) {
  clearTimeout(overall);
  try { if (browser) await Promise.race([browser.close(), new Promise(r => setTimeout(r, 5000))]); } catch { /* gone */ }
  server.closeAllConnections();
  server.close();
  process.exit(code);
}
const overall = setTimeout(() => {
  console.log(`FAIL overall deadline of ${OVERALL_MS / 1000} s reached`);
  summary();
  finish(1);
}, OVERALL_MS);

const pageErrors = [];
const foreignRequests = [];
try {
  browser = await chromium.connectOverCDP(args.cdp, { timeout: WAIT_MS });
  const context = browser.contexts()[0] || await browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 760 });
  page.on('pageerror', e => pageErrors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') pageErrors.push('console: ' + m.text()); });
  // hls.js runs its transmuxer in a Worker loaded from a blob: URL of this origin.
  page.on('request', r => {
    const u = r.url();
    if (!u.startsWith(ORIGIN + '/') && !u.startsWith(`blob:${ORIGIN}/`)) foreignRequests.push(u);
  });

  const master = args.master.split('/').map(encodeURIComponent).join('/');
  await page.goto(`${ORIGIN}/?src=${encodeURIComponent('/out/' + master)}`, { timeout: WAIT_MS });
  // Waits: a predicate evaluated in the page, polled, with a deadline; returns its value. A
  // problem reported by the page (player.problems()) ends the wait at once, as a failure.
  const until = async (fn, arg = null, ms = WAIT_MS) => {
    const r = await page.waitForFunction(`(() => { const p = window.player && player.problems();
      if (p) return { problem: p }; const v = (${fn})(${JSON.stringify(arg)}); return v && { value: v }; })()`,
    null, { timeout: ms, polling: 100 }).then(h => h.jsonValue());
    if (r.problem) throw new Error(r.problem);
    return r.value;
  };
  const state = () => page.evaluate(() => {
    const v = player.video, h = player.hls;
    return { t: +v.currentTime.toFixed(2), paused: v.paused, ended: v.ended, size: `${v.videoWidth}x${v.videoHeight}`,
      level: h ? h.currentLevel : null, duration: v.duration, hlsErrors: player.hlsErrors, mediaErrors: player.mediaErrors };
  });
  async function check(name, body) {
    try {
      record(name, true, await body());
    } catch (e) {
      let s = '';
      try { s = JSON.stringify(await state()); } catch { /* page gone */ }
      record(name, false, `${String(e.message || e).split('\n')[0]}; state ${s}`);
      throw e;
    }
  }

  await check(CHECKS[0], async () => {
    const r = await until(() => player.levels !== null || player.mediaErrors.length > 0 || player.hlsErrors.some(e => e.fatal)
      ? { supported: !!(window.Hls && Hls.isSupported()), levels: player.levels, errors: player.mediaErrors.concat(player.hlsErrors) }
      : false);
    if (!r.supported || !r.levels) throw new Error('no manifest: ' + JSON.stringify(r.errors));
    const bad = r.levels.filter(l => !l.codecs);
    const types = await page.evaluate(levels => levels.map(l =>
      [l.codecs, MediaSource.isTypeSupported(`video/mp4; codecs="${l.codecs}"`)]), r.levels);
    const refused = types.filter(([, ok]) => !ok);
    if (bad.length || refused.length) throw new Error('MSE refuses ' + JSON.stringify(refused) + ' or no CODECS');
    return 'codecs ' + [...new Set(types.map(([c]) => c))].join(' ');
  });

  await check(CHECKS[1], async () => {
    const levels = await page.evaluate(() => player.levels);
    const got = levels.map(l => [l.width, l.height]).sort((a, b) => a[1] - b[1]);
    if (JSON.stringify(got) !== JSON.stringify(EXPECTED)) throw new Error('levels ' + JSON.stringify(got));
    // Forcing level i below relies on hls.js keeping the master's order, lowest first.
    if (JSON.stringify(levels.map(l => [l.width, l.height])) !== JSON.stringify(EXPECTED)) throw new Error('order ' + JSON.stringify(levels));
    for (const l of levels) {
      if (!/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/i.test(l.codecs)) throw new Error('codecs ' + l.codecs);
    }
    return levels.map(l => `${l.width}x${l.height}@${Math.round(l.bitrate / 1000)}k ${l.codecs}`).join(', ');
  });

  await check(CHECKS[2], async () => {
    const s = await until(() => player.video.currentTime > 3 && !player.video.paused
      && { t: player.video.currentTime, size: `${player.video.videoWidth}x${player.video.videoHeight}`, level: player.hls.currentLevel });
    return `t=${s.t.toFixed(2)} s at ${s.size}, hls.js chose level ${s.level}`;
  });

  await check(CHECKS[3], async () => {
    const c = await page.evaluate(() => player.bufferCodecs);
    if (!c || !/^avc1\./.test(c.video || '') || !/^mp4a\./.test(c.audio || '')) throw new Error('buffer codecs ' + JSON.stringify(c));
    return `video ${c.video}, audio ${c.audio}`;
  });

  // Force each level, and seek back to 1 s: after a switch Chromium keeps showing the old
  // level's pictures until the new data's next keyframe (GOP 3 s); a seek starts from one.
  let frame = null, since720 = 0;
  for (let i = 0; i < 3; i++) {
    await check(CHECKS[4 + i], async () => {
      const [w, h] = EXPECTED[i];
      const before = await page.evaluate(j => {
        const n = player.fragsLoaded.length;
        player.hls.currentLevel = j;
        player.video.currentTime = 1;
        return n;
      }, i);
      if (i === 2) since720 = before;
      const shown = await until(([j, w, h, n]) => {
        const v = player.video;
        const frags = player.fragsLoaded.slice(n).filter(f => f.level === j).length;
        return frags > 0 && player.hls.currentLevel === j && v.videoWidth === w && v.videoHeight === h
          && !v.paused && !v.seeking && { t: v.currentTime, frags };
      }, [i, w, h, before]);
      const moved = await until(([t0, w, h]) => {
        const v = player.video;
        return v.currentTime >= t0 + 1 && v.videoWidth === w && v.videoHeight === h && { t: v.currentTime };
      }, [shown.t, w, h]);
      if (i === 2) {
        // The 720p picture: a frame read back from the video element, and a screenshot of the page.
        frame = await page.evaluate(() => player.frameStats());
        await page.locator('#video').screenshot({ path: args.screenshot, timeout: WAIT_MS });
      }
      return `${shown.frags} fragment(s) of level ${i}; ${w}x${h} at t=${shown.t.toFixed(2)} s, t=${moved.t.toFixed(2)} s 1 s later`;
    });
  }
  {
    const f = frame;
    const ok = f.width === 1280 && f.height === 720 && f.colours >= 24 && f.meanLuma > 20;
    record(CHECKS[7], ok, `${f.width}x${f.height}, ${f.colours} colours (3 bits/channel), mean luma ${f.meanLuma.toFixed(0)}; screenshot ${args.screenshot}`);
  }

  await check(CHECKS[8], async () => {
    // hls.js has usually fetched the second 720p segment already (it buffers ahead): it must be
    // among the fragments loaded since 720p was forced, and playback must run across the boundary.
    await page.evaluate(() => { player.video.currentTime = 8.5; });
    const s = await until(([n]) => {
      const v = player.video;
      const second = player.fragsLoaded.slice(n).find(f => f.level === 2 && f.start >= 9.5 && f.start <= 10.5);
      return v.currentTime > 11 && !v.paused && v.videoHeight === 720 && second && { t: v.currentTime, second };
    }, [since720]);
    return `t=${s.t.toFixed(2)} s, fragment sn ${s.second.sn} of level ${s.second.level} starts at ${s.second.start.toFixed(2)} s`;
  });

  await check(CHECKS[9], async () => {
    const d = await page.evaluate(() => player.video.duration);
    if (!(Math.abs(d - CLIP_SECONDS) <= 0.5)) throw new Error(`duration ${d}, clip is ${CLIP_SECONDS} s`);
    await page.evaluate(() => { player.video.currentTime = player.video.duration - 2; });
    const s = await until(() => player.ended && { t: player.video.currentTime });
    return `duration ${d.toFixed(2)} s, ended at t=${s.t.toFixed(2)} s`;
  });

  await check(CHECKS[10], async () => {
    const { hlsErrors, problems: inPage } = await page.evaluate(() => ({ hlsErrors: player.hlsErrors, problems: player.problems() }));
    const problems = [];
    if (inPage) problems.push(inPage);
    if (pageErrors.length) problems.push('page errors ' + JSON.stringify(pageErrors));
    if (foreignRequests.length) problems.push('requests off loopback ' + JSON.stringify(foreignRequests));
    const variants = new Set(served.filter(p => p.endsWith('.ts')).map(p => p.replace(/_\d+\.ts$/, '')));
    if (variants.size !== 3) problems.push('segments served from ' + [...variants].join(', '));
    if (problems.length) throw new Error(problems.join('; '));
    const benign = hlsErrors.map(e => e.details);
    return `${served.length} files served, segments of ${variants.size} variants` +
      (benign.length ? `; recoverable hls.js events: ${benign.join(', ')}` : '');
  });
} catch (e) {
  if (!results.size || [...results.values()].every(r => r.ok)) console.log(`FAIL ${String(e.message || e).split('\n')[0]}`);
}
await finish(summary() ? 0 : 1);

// The browser half of `make player` (scripts/player-check.sh): drives an already running headless
// Chromium over the DevTools protocol (playwright-core's connectOverCDP) through the pages the
// local runtime serves (`lms-hls-local convert --serve`, web/dist), the way a person would: the
// library, a lecture, playback, the quality menu, the thumbnail strip, the MP4 link; then the
// awkward cases (no audio, 1 s, a failed job, a missing lecture). Prints one line per check and
// `player: N passed, N failed`; exit status 0 only when every check passed. Checks not reached
// (an earlier one failed) count as failed.
//
//   node check.mjs --cdp http://127.0.0.1:PORT --library http://127.0.0.1:PORT/ --playwright DIR/playwright-core \
//                  --lecture "Lecture one.mp4" --duration 20 --silent "no audio.mp4" --silent-duration 4 \
//                  --short "one second.mp4" --broken "broken.mp4" --subtitles "Deutsch,English" \
//                  --cue "English|12|14.5|text of a cue" --screenshots DIR
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['cdp', 'library', 'playwright', 'lecture', 'duration', 'silent', 'silent-duration', 'short', 'broken', 'subtitles', 'cue', 'screenshots']) {
  if (!args[k]) { console.error(`check.mjs: --${k} is required`); process.exit(2); }
}
const LIBRARY = args.library;
const ORIGIN = new URL(LIBRARY).origin;
const CLIP_SECONDS = Number(args.duration);
const EXPECTED = [[640, 360], [960, 540], [1280, 720]];
const WAIT_MS = 30_000;        // any single wait
const OVERALL_MS = 210_000;    // the whole run
fs.mkdirSync(args.screenshots, { recursive: true });
const { chromium } = await import(pathToFileURL(path.join(args.playwright, 'index.mjs')).href);

// ---- results -------------------------------------------------------------------------------
const CHECKS = [
  'library: every upload listed by its file name; the lecture has its thumbnail, duration and 3 renditions',
  'library: the failed upload shows its job\'s error message',
  'watch: opened from the library; hls.js supported, MSE accepts the master\'s CODECS',
  'master: 3 levels 640x360, 960x540, 1280x720, H.264 + AAC',
  'keyboard: k starts playback; currentTime > 3 s, not paused',
  'buffers: one video (avc1) and one audio (mp4a) SourceBuffer',
  'quality menu 360p: 360p fragments loaded, 640x360 frames shown, shown as playing, playback advances',
  'quality menu 540p: 540p fragments loaded, 960x540 frames shown, shown as playing, playback advances',
  'quality menu 720p: 720p fragments loaded, 1280x720 frames shown, shown as playing, playback advances',
  'picture: the decoded 720p frame is a real picture (many colours, not black)',
  'quality menu Auto: hls.js chooses again and the menu shows the level playing',
  'second segment: seek to 8.5 s, plays past 11 s from a fragment starting at 10 s',
  'end: duration matches the clip, seek near the end, \'ended\' fires',
  'thumbnail strip: one per 5 s, every image loaded (image/jpeg); selecting one seeks there',
  'MP4 link: 200 and 206 with video/mp4, from loopback',
  'subtitles menu: Off by default, then the master\'s languages by name; no text track showing',
  'subtitles: choosing a language shows its cue on screen from its start time to its end, not before',
  'no audio: that lecture plays to its end',
  '1 s lecture: plays to its end',
  'failed job: its page shows the error message and no player',
  'missing lecture: a 404 page that says so',
  'no API (as behind CloudFront): the watch page finds stream, thumbnails and MP4 by the output contract and plays',
  'clean: no media errors, no fatal or load/parse hls.js errors, no page errors, loopback only, segments of 3 variants served',
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
const media = [];            // {url, status, type} of every /media/ response
let expected404 = null;      // the one URL whose 404 console message is the point of a check

try {
  browser = await chromium.connectOverCDP(args.cdp, { timeout: WAIT_MS });
  const context = browser.contexts()[0] || await browser.newContext();
  context.on('request', r => {
    const u = r.url();
    if (!u.startsWith(ORIGIN + '/') && !u.startsWith(`blob:${ORIGIN}/`) && !u.startsWith('data:')) foreignRequests.push(u);
  });
  context.on('response', r => {
    if (r.url().startsWith(ORIGIN + '/media/')) media.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] });
  });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 860 });
  page.on('pageerror', e => pageErrors.push(`${page.url()}: ${e}`));
  page.on('console', m => {
    if (m.type() !== 'error') return;
    if (expected404 && page.url() === expected404 && /status of 404/.test(m.text())) return;
    pageErrors.push(`${page.url()}: console: ${m.text()}`);
  });

  // Waits: a predicate evaluated in the page, polled, with a deadline; returns its value. On the
  // watch page a problem reported by the page (player.problems()) ends the wait at once. Polled
  // from here with page.evaluate (a function, over CDP): the pages' CSP forbids evaluating strings.
  const until = async (fn, arg = null, ms = WAIT_MS) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const problem = await page.evaluate(() => (window.player && window.player.problems ? window.player.problems() : null));
      if (problem) throw new Error(problem);
      const v = await page.evaluate(fn, arg);
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`not within ${ms / 1000} s: ${String(fn).replace(/\s+/g, ' ').slice(0, 160)}`);
      await new Promise(r => setTimeout(r, 100));
    }
  };
  const state = () => page.evaluate(() => {
    if (!window.player || !player.video) return { url: location.href };
    const v = player.video, h = player.hls;
    return { t: +v.currentTime.toFixed(2), paused: v.paused, ended: v.ended, size: `${v.videoWidth}x${v.videoHeight}`,
      level: h ? h.currentLevel : null, duration: v.duration, state: player.state, hlsErrors: player.hlsErrors, mediaErrors: player.mediaErrors };
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
  // A library card by its title: its asset's watch URL (from the link, or built as the page does).
  const cards = () => page.evaluate(() => [...document.querySelectorAll('#lectures .card')].map(c => ({
    title: c.querySelector('.title').textContent, asset: c.dataset.asset, href: c.querySelector('.title a') ? c.querySelector('.title a').href : null,
    img: c.querySelector('.thumb img') ? { complete: c.querySelector('.thumb img').complete, w: c.querySelector('.thumb img').naturalWidth } : null,
    duration: (c.querySelector('.meta .duration') || {}).textContent || null,
    chips: [...c.querySelectorAll('.meta .chip')].map(x => x.textContent),
    badge: (c.querySelector('.badge') || {}).textContent || null, error: (c.querySelector('p.error') || {}).textContent || null,
  })));
  let library = [];
  const card = title => library.find(c => c.title === title);

  // ---- the library ---------------------------------------------------------------------------
  await page.goto(LIBRARY, { timeout: WAIT_MS });
  await check(CHECKS[0], async () => {
    await page.waitForFunction(() => document.body.dataset.loaded === 'true'
      && [...document.querySelectorAll('#lectures .thumb img')].every(i => i.complete), null, { timeout: WAIT_MS, polling: 100 });
    library = await cards();
    const missing = [args.lecture, args.silent, args.short, args.broken].filter(t => !card(t));
    if (missing.length) throw new Error('not listed: ' + JSON.stringify(missing) + ' in ' + JSON.stringify(library.map(c => c.title)));
    const c = card(args.lecture);
    if (!c.href || !c.img || !c.img.complete || c.img.w !== 1280) throw new Error('lecture card ' + JSON.stringify(c));
    const want = `0:${String(CLIP_SECONDS).padStart(2, '0')}`;
    if (c.duration !== want) throw new Error(`duration ${c.duration}, want ${want}`);
    if (JSON.stringify(c.chips) !== JSON.stringify(['360p', '540p', '720p'])) throw new Error('renditions ' + JSON.stringify(c.chips));
    await page.screenshot({ path: path.join(args.screenshots, 'library.png') });
    return `${library.length} lectures; "${c.title}" ${c.duration}, ${c.chips.join(' ')}, thumbnail ${c.img.w} px wide`;
  });
  await check(CHECKS[1], async () => {
    const c = card(args.broken);
    if (c.href) throw new Error('the failed lecture links to a player');
    if (c.badge !== 'Failed' || !c.error || !/probe failed|Invalid data/i.test(c.error)) throw new Error(JSON.stringify(c));
    return `"${c.badge}: ${c.error.slice(0, 70)}…"`;
  });

  // ---- the watch page ------------------------------------------------------------------------
  await check(CHECKS[2], async () => {
    await page.click(`#lectures .card[data-asset="${card(args.lecture).asset}"] .title a`, { timeout: WAIT_MS });
    await page.waitForURL(/\/watch\.html\?asset=/, { timeout: WAIT_MS });
    const r = await until(() => player.levels !== null && { supported: !!(player.hls), levels: player.levels, title: document.querySelector('h1').textContent });
    if (r.title !== args.lecture) throw new Error('title ' + r.title);
    const types = await page.evaluate(levels => levels.map(l =>
      [l.codecs, MediaSource.isTypeSupported(`video/mp4; codecs="${l.codecs}"`)]), r.levels);
    const refused = types.filter(([c, ok]) => !c || !ok);
    if (refused.length) throw new Error('MSE refuses ' + JSON.stringify(refused) + ' or no CODECS');
    return `"${r.title}"; codecs ` + [...new Set(types.map(([c]) => c))].join(' ');
  });

  await check(CHECKS[3], async () => {
    const levels = await page.evaluate(() => player.levels);
    // The menu's values are hls.js level indexes in the master's order, lowest first.
    if (JSON.stringify(levels.map(l => [l.width, l.height])) !== JSON.stringify(EXPECTED)) throw new Error('levels ' + JSON.stringify(levels));
    for (const l of levels) {
      if (!/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/i.test(l.codecs)) throw new Error('codecs ' + l.codecs);
    }
    const menu = await page.$$eval('#quality option', os => os.map(o => o.value + '=' + o.textContent));
    if (menu.length !== 4 || !menu[0].startsWith('-1=Auto')) throw new Error('menu ' + JSON.stringify(menu));
    return levels.map(l => `${l.width}x${l.height}@${Math.round(l.bitrate / 1000)}k ${l.codecs}`).join(', ') + `; menu ${menu.join(' | ')}`;
  });

  await check(CHECKS[4], async () => {
    await page.focus('body');
    await page.keyboard.press('k');
    const s = await until(() => player.video.currentTime > 3 && !player.video.paused
      && { t: player.video.currentTime, size: `${player.video.videoWidth}x${player.video.videoHeight}`, level: player.hls.currentLevel });
    return `t=${s.t.toFixed(2)} s at ${s.size}, hls.js chose level ${s.level}`;
  });

  await check(CHECKS[5], async () => {
    const c = await page.evaluate(() => player.bufferCodecs);
    if (!c || !/^avc1\./.test(c.video || '') || !/^mp4a\./.test(c.audio || '')) throw new Error('buffer codecs ' + JSON.stringify(c));
    return `video ${c.video}, audio ${c.audio}`;
  });

  // Each level from the menu, then a seek back to 1 s: after a switch Chromium keeps showing the
  // old level's pictures until the new data's next keyframe (GOP 3 s); a seek starts from one.
  let frame = null, since720 = 0;
  for (let i = 0; i < 3; i++) {
    await check(CHECKS[6 + i], async () => {
      const [w, h] = EXPECTED[i];
      const before = await page.evaluate(() => player.fragsLoaded.length);
      await page.selectOption('#quality', String(i));
      await page.evaluate(() => { player.video.currentTime = 1; });
      if (i === 2) since720 = before;
      const shown = await until(([j, w, h, n]) => {
        const v = player.video;
        const frags = player.fragsLoaded.slice(n).filter(f => f.level === j).length;
        const label = document.getElementById('playing');
        return frags > 0 && player.hls.currentLevel === j && v.videoWidth === w && v.videoHeight === h
          && !v.paused && !v.seeking && label.dataset.level === String(j) && label.textContent.includes(`${h}p`)
          && { t: v.currentTime, frags, label: label.textContent };
      }, [i, w, h, before]);
      const moved = await until(([t0, w, h]) => {
        const v = player.video;
        return v.currentTime >= t0 + 1 && v.videoWidth === w && v.videoHeight === h && { t: v.currentTime };
      }, [shown.t, w, h]);
      if (i === 2) {
        frame = await page.evaluate(() => player.frameStats());
        await page.screenshot({ path: path.join(args.screenshots, 'watch.png') });
      }
      return `${shown.frags} fragment(s) of level ${i}; ${w}x${h} at t=${shown.t.toFixed(2)} s, t=${moved.t.toFixed(2)} s 1 s later; "${shown.label}"`;
    });
  }
  {
    const f = frame;
    const ok = f.width === 1280 && f.height === 720 && f.colours >= 24 && f.meanLuma > 20;
    record(CHECKS[9], ok, `${f.width}x${f.height}, ${f.colours} colours (3 bits/channel), mean luma ${f.meanLuma.toFixed(0)}`);
  }

  await check(CHECKS[10], async () => {
    await page.selectOption('#quality', '-1');
    const s = await until(() => {
      const h = player.hls, auto = document.querySelector('#quality option').textContent;
      const now = h.currentLevel >= 0 ? h.currentLevel : h.loadLevel;
      return h.autoLevelEnabled && now >= 0 && auto === `Auto (${h.levels[now].height}p)` && { auto, now };
    });
    return `"${s.auto}", hls.js level ${s.now}`;
  });

  await check(CHECKS[11], async () => {
    // Back at 720p for this: the second 720p segment must be among the fragments loaded since
    // 720p was chosen, and playback must run across the boundary.
    await page.selectOption('#quality', '2');
    await page.evaluate(() => { player.video.currentTime = 8.5; });
    const s = await until(([n]) => {
      const v = player.video;
      const second = player.fragsLoaded.slice(n).find(f => f.level === 2 && f.start >= 9.5 && f.start <= 10.5);
      return v.currentTime > 11 && !v.paused && v.videoHeight === 720 && second && { t: v.currentTime, second };
    }, [since720]);
    return `t=${s.t.toFixed(2)} s, fragment sn ${s.second.sn} of level ${s.second.level} starts at ${s.second.start.toFixed(2)} s`;
  });

  await check(CHECKS[12], async () => {
    const d = await page.evaluate(() => player.video.duration);
    if (!(Math.abs(d - CLIP_SECONDS) <= 0.5)) throw new Error(`duration ${d}, clip is ${CLIP_SECONDS} s`);
    await page.evaluate(() => { player.video.currentTime = player.video.duration - 2; });
    const s = await until(() => player.ended && { t: player.video.currentTime });
    return `duration ${d.toFixed(2)} s, ended at t=${s.t.toFixed(2)} s`;
  });

  await check(CHECKS[13], async () => {
    const want = Math.ceil(CLIP_SECONDS / 5);
    const strip = await until(n => {
      const imgs = [...document.querySelectorAll('#strip img')];
      return imgs.length === n && imgs.every(i => i.complete && i.naturalWidth > 0)
        && { n: imgs.length, sizes: [...new Set(imgs.map(i => `${i.naturalWidth}x${i.naturalHeight}`))], srcs: imgs.map(i => i.src) };
    }, want);
    const bad = strip.srcs.filter(src => !media.some(m => m.url === src && m.status === 200 && m.type === 'image/jpeg'));
    if (bad.length) throw new Error('not served as 200 image/jpeg: ' + bad.join(' '));
    // Keyboard: Tab to the third thumbnail and press Enter.
    await page.focus('#strip li:nth-child(3) button');
    await page.keyboard.press('Enter');
    const s = await until(() => {
      const v = player.video, b = document.querySelector('#strip li:nth-child(3) button');
      return !v.seeking && v.currentTime >= 10 && v.currentTime < 12.5 && b.classList.contains('current') && { t: v.currentTime };
    });
    return `${strip.n} thumbnails ${strip.sizes.join(', ')}; the third jumped to t=${s.t.toFixed(2)} s`;
  });

  await check(CHECKS[14], async () => {
    const href = await page.$eval('#mp4', a => a.href);
    if (!href.startsWith(ORIGIN + '/media/assets/') || !href.endsWith('.mp4')) throw new Error('MP4 link ' + href);
    const whole = await fetch(href);
    await whole.body.cancel();
    const part = await fetch(href, { headers: { Range: 'bytes=0-1023' } });
    const bytes = new Uint8Array(await part.arrayBuffer());
    const got = `${whole.status} ${whole.headers.get('content-type')}, ${part.status} ${part.headers.get('content-type')} ${part.headers.get('content-range')}`;
    if (whole.status !== 200 || whole.headers.get('content-type') !== 'video/mp4' || part.status !== 206
      || part.headers.get('content-type') !== 'video/mp4' || bytes.length !== 1024) throw new Error(got);
    // An MP4's first box is ftyp, at bytes 4..7.
    if (String.fromCharCode(...bytes.slice(4, 8)) !== 'ftyp') throw new Error('not an MP4: ' + String.fromCharCode(...bytes.slice(0, 12)));
    return got + `, ${whole.headers.get('content-length')} bytes`;
  });

  // ---- subtitles -----------------------------------------------------------------------------
  const [cueTrack, cueStart, cueEnd, cueText] = args.cue.split('|');
  await check(CHECKS[15], async () => {
    const s = await until(() => player.subtitleTracks && {
      menu: [...document.querySelectorAll('#subtitles option')].map(o => o.textContent), value: document.getElementById('subtitles').value,
      hidden: document.getElementById('subtitles').hidden, track: player.hls.subtitleTrack,
      showing: [...player.video.textTracks].filter(t => t.mode === 'showing').length,
    });
    const want = ['Off', ...args.subtitles.split(',')];
    if (JSON.stringify(s.menu) !== JSON.stringify(want) || s.value !== '-1' || s.hidden || s.track !== -1 || s.showing !== 0) {
      throw new Error(JSON.stringify(s) + ', want menu ' + JSON.stringify(want));
    }
    return `menu ${s.menu.join(' | ')}, "${s.menu[0]}" selected, hls.js subtitleTrack ${s.track}`;
  });

  await check(CHECKS[16], async () => {
    const start = Number(cueStart), end = Number(cueEnd);
    await page.selectOption('#subtitles', { label: cueTrack });
    await page.evaluate(t => { player.cueChanges = []; player.video.currentTime = t; player.video.play(); }, start - 2.5);
    const shown = await until(([text]) => {
      const hit = player.cueChanges.find(c => c.texts.includes(text));
      return hit && { t: hit.t, lang: hit.lang, before: player.cueChanges.filter(c => c.t < hit.t && c.texts.includes(text)).length };
    }, [cueText]);
    // cuechange fires on the time update that crosses the start, every ~250 ms at most.
    if (!(shown.t >= start - 0.05 && shown.t <= start + 0.6)) throw new Error(`"${cueText}" appeared at t=${shown.t}, its cue starts at ${start} s`);
    await page.evaluate(() => player.video.pause());
    await page.screenshot({ path: path.join(args.screenshots, 'watch-subtitles.png') });
    await page.evaluate(() => player.video.play());
    const gone = await until(([text]) => {
      const hits = player.cueChanges.filter(c => c.texts.includes(text));
      const after = player.cueChanges.find(c => hits.length && c.t > hits[0].t && !c.texts.includes(text));
      return after && { t: after.t };
    }, [cueText]);
    if (!(gone.t >= end - 0.05 && gone.t <= end + 0.6)) throw new Error(`"${cueText}" went at t=${gone.t}, its cue ends at ${end} s`);
    const vtt = media.filter(m => m.url.endsWith('.vtt'));
    if (!vtt.length || vtt.some(m => m.status !== 200 || !/^text\/vtt/.test(m.type || ''))) throw new Error('WebVTT segments served ' + JSON.stringify(vtt.slice(0, 3)));
    return `${shown.lang}: "${cueText}" shown at t=${shown.t.toFixed(2)} s (cue ${start}-${end} s), gone at t=${gone.t.toFixed(2)} s; ${vtt.length} WebVTT segment(s) served as ${vtt[0].type}`;
  });

  // ---- the awkward lectures --------------------------------------------------------------------
  for (const [name, title, seconds] of [[CHECKS[17], args.silent, Number(args['silent-duration'])], [CHECKS[18], args.short, 1]]) {
    await check(name, async () => {
      const c = card(title);
      if (!c || !c.href) throw new Error(`"${title}" is not a playable card: ${JSON.stringify(c)}`);
      await page.goto(c.href + '&autoplay=1', { timeout: WAIT_MS });
      const s = await until(() => player.ended && { t: player.video.currentTime, d: player.video.duration, size: `${player.video.videoWidth}x${player.video.videoHeight}` });
      if (!(Math.abs(s.d - seconds) <= 0.5)) throw new Error(`duration ${s.d}, want ${seconds}`);
      return `"${title}": ${s.size}, duration ${s.d.toFixed(2)} s, ended at t=${s.t.toFixed(2)} s`;
    });
  }

  await check(CHECKS[19], async () => {
    const url = `${ORIGIN}/watch.html?asset=${encodeURIComponent(card(args.broken).asset)}`;
    await page.goto(url, { timeout: WAIT_MS });
    const s = await page.waitForFunction(() => window.player && player.state === 'failed' && {
      heading: document.querySelector('.panel.failed h2').textContent, text: document.querySelector('.panel.failed').textContent,
      playerHidden: document.getElementById('player').hidden, hls: !!player.hls, src: player.video.currentSrc,
    }, null, { timeout: WAIT_MS, polling: 100 }).then(h => h.jsonValue());
    if (!s.playerHidden || s.hls || s.src) throw new Error('a player was set up: ' + JSON.stringify(s));
    if (!/probe failed|Invalid data/.test(s.text)) throw new Error('no error message: ' + s.text);
    return `"${s.heading}", player hidden`;
  });

  await check(CHECKS[20], async () => {
    const url = `${ORIGIN}/watch.html?asset=no/such/lecture`;
    expected404 = url;
    const r = await page.goto(url, { timeout: WAIT_MS });
    const h1 = await page.textContent('h1');
    const text = await page.textContent('main');
    if (r.status() !== 404 || h1.trim() !== 'Not found' || !/no such lecture/i.test(text)) throw new Error(`${r.status()} "${h1}" ${text}`);
    return `${r.status()}, "${h1.trim()}"`;
  });

  await check(CHECKS[21], async () => {
    // config.json's api overridden to none: what the deployed page does with only the media.
    const asset = card(args.lecture).asset;
    await page.goto(`${ORIGIN}/watch.html?asset=${encodeURIComponent(asset).replace(/%2F/g, '/')}&api=&autoplay=1`, { timeout: WAIT_MS });
    const s = await until(n => {
      const v = player.video, imgs = [...document.querySelectorAll('#strip img')];
      return v.currentTime > 1.5 && !v.paused && player.levels && player.levels.length === 3 && imgs.length === n
        && imgs.every(i => i.complete && i.naturalWidth > 0) && document.getElementById('mp4').href.endsWith('.mp4')
        && { t: v.currentTime, thumbnails: imgs.length, title: document.querySelector('h1').textContent, mp4: document.getElementById('mp4').href };
    }, Math.ceil(CLIP_SECONDS / 5));
    const mp4 = await fetch(s.mp4, { method: 'HEAD' });
    if (mp4.status !== 200 || mp4.headers.get('content-type') !== 'video/mp4') throw new Error(`MP4 ${s.mp4}: ${mp4.status}`);
    await page.goto(`${ORIGIN}/?api=`, { timeout: WAIT_MS });
    const said = await page.textContent('#summary');
    if (!/no listing/.test(said)) throw new Error('library without API: ' + said);
    return `"${s.title}" at t=${s.t.toFixed(2)} s, ${s.thumbnails} thumbnails, MP4 ${mp4.status}; library: "${said}"`;
  });

  await check(CHECKS[22], async () => {
    const problems = [];
    if (pageErrors.length) problems.push('page errors ' + JSON.stringify(pageErrors));
    if (foreignRequests.length) problems.push('requests off loopback ' + JSON.stringify(foreignRequests));
    const failedMedia = media.filter(m => m.status >= 400);
    if (failedMedia.length) problems.push('media errors ' + JSON.stringify(failedMedia));
    const lecture = '/media/assets/' + encodeURIComponent(card(args.lecture).asset).replace(/%2F/g, '/');
    const variants = new Set(media.filter(m => m.url.startsWith(ORIGIN + lecture) && m.url.endsWith('.ts')).map(m => m.url.replace(/_\d+\.ts$/, '')));
    if (variants.size !== 3) problems.push('segments served from ' + [...variants].join(', '));
    const wrongType = media.filter(m => (m.url.endsWith('.ts') && m.type !== 'video/mp2t') || (m.url.endsWith('.m3u8') && m.type !== 'application/vnd.apple.mpegurl'));
    if (wrongType.length) problems.push('content types ' + JSON.stringify(wrongType.slice(0, 3)));
    if (problems.length) throw new Error(problems.join('; '));
    return `${media.length} media responses, segments of ${variants.size} variants, nothing off ${ORIGIN}`;
  });
} catch (e) {
  if (!results.size || [...results.values()].every(r => r.ok)) console.log(`FAIL ${String(e.message || e).split('\n')[0]}`);
}
await finish(summary() ? 0 : 1);

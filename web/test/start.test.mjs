// The watch page's start-up (start.js): which playlists early.js asks for, the link estimate, the
// first segment's rung, and the playlist loader that hands hls.js what early.js fetched.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startPlaylists, linkEstimate, startPlan, playlistLoader, START_WITHIN_S, PROGRESSIVE_OVER_S, fetchPrefix, joinedResponse, segmentLoader, wantsPrefixes, startFetches, PREFIX_BYTES } from '../src/start.js';
import { parseMaster } from '../src/playlists.js';

globalThis.location ??= { href: 'https://cdn.example/player/watch.html?asset=a' };
globalThis.self ??= globalThis;

const MASTER = `#EXTM3U
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English",LANGUAGE="en",DEFAULT=NO,URI="x_audio_fr.m3u8"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English",LANGUAGE="en",DEFAULT=YES,URI="x_audio.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=1400000,AVERAGE-BANDWIDTH=900000,RESOLUTION=960x540,AUDIO="aac"
x_540.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=190000,AVERAGE-BANDWIDTH=150000,RESOLUTION=416x234,AUDIO="aac"
x_234.m3u8
#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=50000,RESOLUTION=416x234,URI="x_234_iframes.m3u8"
#EXT-X-IMAGE-STREAM-INF:BANDWIDTH=3864,RESOLUTION=320x180,URI="x_320.m3u8"
#EXT-X-IMAGE-STREAM-INF:BANDWIDTH=2000,RESOLUTION=160x90,URI="x_160.m3u8"
`;

test('early.js asks for the lowest variant, its default audio rendition and the smallest image stream', () => {
  const m = parseMaster(MASTER, 'https://cdn.example/assets/a/HLS/x.m3u8');
  assert.deepEqual(m.variants.map(v => [v.height, v.bandwidth, v.averageBandwidth, v.audio]), [[540, 1400000, 900000, 'aac'], [234, 190000, 150000, 'aac']]);
  assert.deepEqual(startPlaylists(m).map(u => u.replace('https://cdn.example/assets/a/HLS/', '')), ['x_234.m3u8', 'x_audio.m3u8', 'x_160.m3u8']);
  // A fast link known by then (the script timed): the rung the page will start from.
  assert.equal(startPlaylists(m, 20_000_000)[0], 'https://cdn.example/assets/a/HLS/x_540.m3u8');
  assert.deepEqual(startPlaylists(parseMaster('#EXTM3U\n', 'https://x/')), []);
});

test('the link: the script\'s bytes over its transfer time; else the connection\'s estimate; else 250 kb/s', () => {
  // 125 000 bytes in 2.5 s = 400 kb/s, whatever the round trip before the first byte.
  assert.deepEqual(linkEstimate({ encodedBodySize: 125_000, transferSize: 125_300, responseStart: 900, responseEnd: 3400 }, null), { bps: 400_000, from: 'script' });
  // From the cache (transferSize 0) or too small to time the link: not a measurement.
  assert.equal(linkEstimate({ encodedBodySize: 125_000, transferSize: 0, responseStart: 5, responseEnd: 6 }, { downlink: 1.6 }).from, 'connection');
  assert.deepEqual(linkEstimate({ encodedBodySize: 5_000, transferSize: 5_300, responseStart: 1, responseEnd: 2 }, { downlink: 1.6 }), { bps: 1_600_000, from: 'connection' });
  assert.deepEqual(linkEstimate(undefined, undefined), { bps: 250_000, from: 'default' });
});

test('the first segment: the best rung that arrives within half a second, progressive when even the lowest is slow', () => {
  const levels = [{ bitrate: 190_000 }, { bitrate: 400_000 }, { bitrate: 900_000 }, { bitrate: 1_500_000 }, { bitrate: 5_000_000 }];
  // 400 kb/s: the lowest takes 2.85 s for 6 s of media, over PROGRESSIVE_OVER_S.
  assert.deepEqual(startPlan(levels, 400_000, 6), { level: 0, progressive: true });
  // 1.6 Mb/s: 0.71 s for the lowest (the lowest whatever it takes), 1.5 s for the next.
  assert.deepEqual(startPlan(levels, 1_600_000, 6), { level: 0, progressive: false });
  // 8 Mb/s: 400 kb/s takes 0.3 s, 900 kb/s 0.68 s.
  assert.deepEqual(startPlan(levels, 8_000_000, 6), { level: 1, progressive: false });
  assert.deepEqual(startPlan(levels, 70_000_000, 6), { level: 4, progressive: false });
  assert.equal(START_WITHIN_S < PROGRESSIVE_OVER_S, true);
  assert.deepEqual(startPlan([], 400_000, 6), { level: 0, progressive: false });
});

class Base {   // what hls.js's loaders look like to a subclass: stats, load()
  constructor() { this.stats = { aborted: false, loading: { start: 0, first: 0, end: 0 }, loaded: 0, total: 0 }; this.loads = []; }
  load(context, config, callbacks) { this.loads.push(context.url); callbacks.onSuccess({ url: context.url, data: 'from the network', code: 200 }, this.stats, context, null); }
}
const callbacks = () => { const got = []; return { got, onSuccess: (r, s, c) => got.push([r.data, r.url, s.loaded]) }; };
const settle = () => new Promise(r => setTimeout(r, 0));

test('the playlist loader answers once from what early.js fetched, and from the network otherwise', async () => {
  const url = 'https://cdn.example/assets/a/HLS/x_234.m3u8';
  const playlists = new Map([[url, Promise.resolve({ ok: true, status: 200, url, text: '#EXTM3U\n' })]]);
  const Loader = playlistLoader(Base, playlists);
  const a = new Loader(), ca = callbacks();
  a.load({ url }, {}, ca);
  await settle();
  assert.deepEqual(ca.got, [['#EXTM3U\n', url, 8]]);
  assert.deepEqual(a.loads, []);
  assert.equal(playlists.size, 0);
  const b = new Loader(), cb = callbacks();   // asked again (a reload): the network
  b.load({ url }, {}, cb);
  await settle();
  assert.deepEqual(b.loads, [url]);
  // An early answer that failed (404, network error) is not used: hls.js loads and sees the error itself.
  const missing = new Map([[url, Promise.resolve({ ok: false, status: 404, url, text: '' })], ['https://cdn.example/gone.m3u8', Promise.reject(new Error('offline'))]]);
  const c = new (playlistLoader(Base, missing))(), d = new (playlistLoader(Base, missing))();
  c.load({ url }, {}, callbacks());
  d.load({ url: 'https://cdn.example/gone.m3u8' }, {}, callbacks());
  await settle();
  assert.deepEqual([c.loads, d.loads], [[url], ['https://cdn.example/gone.m3u8']]);
  // Aborted before the early answer came: nothing is delivered.
  const late = new Map([[url, new Promise(r => setTimeout(() => r({ ok: true, status: 200, url, text: 'x' }), 5))]]);
  const e = new (playlistLoader(Base, late))(), ce = callbacks();
  e.load({ url }, {}, ce);
  e.stats.aborted = true;
  await new Promise(r => setTimeout(r, 10));
  assert.deepEqual([ce.got, e.loads], [[], []]);
});

// ---- the first segments' first bytes (early.js with ?autoplay=1 on a slow link) ----
const SEGMENT = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
const SEG_URL = 'https://cdn.example/assets/a/HLS/x_234_00001.ts';
/** A server for SEGMENT that honours Range (or not), recording each request's Range header. */
function server({ ranges = true, status = null } = {}) {
  const seen = [];
  const fn = async (input, init) => {
    const req = new Request(input, init);
    const range = req.headers.get('Range');
    seen.push(range);
    if (status) return new Response('no', { status });
    const m = /^bytes=(\d+)-(\d*)$/.exec(range || '');
    if (!ranges || !m) return new Response(SEGMENT, { status: 200 });
    const from = Number(m[1]), to = m[2] ? Math.min(Number(m[2]), SEGMENT.length - 1) : SEGMENT.length - 1;
    if (from >= SEGMENT.length) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${SEGMENT.length}` } });
    return new Response(SEGMENT.slice(from, to + 1), { status: 206, headers: { 'Content-Range': `bytes ${from}-${to}/${SEGMENT.length}` } });
  };
  return { fn, seen };
}
const bytesOf = async r => new Uint8Array(await r.arrayBuffer());

test('a prefix is the first N bytes by Range; complete when the object is no longer; null when refused', async () => {
  const s = server();
  const p = await fetchPrefix(SEG_URL, 300, s.fn);
  assert.deepEqual([s.seen, p.data, p.complete], [['bytes=0-299'], SEGMENT.slice(0, 300), false]);
  assert.ok(p.first >= p.start);
  assert.equal((await fetchPrefix(SEG_URL, 1000, server().fn)).complete, true);   // Content-Range: the total is 1000
  assert.equal((await fetchPrefix(SEG_URL, 4096, server().fn)).complete, true);   // fewer bytes than asked
  const whole = await fetchPrefix(SEG_URL, 300, server({ ranges: false }).fn);     // Range ignored: 200, everything
  assert.deepEqual([whole.data.length, whole.complete], [1000, true]);
  assert.equal(await fetchPrefix(SEG_URL, 300, server({ status: 403 }).fn), null);
});

test('the joined response: the prefix, then the rest by Range (or a 200 skipped to byte N); errors reach the reader', async () => {
  for (const ranges of [true, false]) {
    const s = server({ ranges });
    const prefix = { data: SEGMENT.slice(0, 300), complete: false };
    const r = joinedResponse(prefix, new Request(SEG_URL), s.fn);
    assert.deepEqual([r.status, r.url], [200, SEG_URL]);
    assert.deepEqual(await bytesOf(r), SEGMENT, ranges ? 'Range honoured' : 'Range ignored');
    assert.deepEqual(s.seen, ['bytes=300-']);
  }
  const none = server();
  assert.deepEqual(await bytesOf(joinedResponse({ data: SEGMENT, complete: true }, new Request(SEG_URL), none.fn)), SEGMENT);
  assert.deepEqual(none.seen, [], 'a complete prefix asks for nothing more');
  const past = server();   // the prefix was exactly the object: 416 for the rest
  assert.deepEqual(await bytesOf(joinedResponse({ data: SEGMENT, complete: false }, new Request(SEG_URL), past.fn)), SEGMENT);
  await assert.rejects(bytesOf(joinedResponse({ data: SEGMENT.slice(0, 10), complete: false }, new Request(SEG_URL), server({ status: 503 }).fn)), /503 for the rest of/);
});

/** What hls.js's FetchLoader does that the segment loader relies on: load() → loadInternal(), which calls self.fetch(request) synchronously. */
class FetchBase {
  constructor() { this.stats = { aborted: false, loading: { start: 0, first: 0, end: 0 }, loaded: 0, total: 0 }; }
  load(context, config, callbacks) { this.context = context; this.callbacks = callbacks; this.stats.loading.start = performance.now(); this.loadInternal(); }
  loadInternal() {
    self.fetch(new Request(this.context.url)).then(async r => {
      const data = await bytesOf(r);
      Object.assign(this.stats, { loaded: data.length, total: data.length });
      this.stats.loading.first = this.stats.loading.first || performance.now();
      this.stats.loading.end = performance.now();
      this.callbacks.onSuccess({ url: r.url, data, code: r.status }, this.stats, this.context, r);
    });
  }
}

test('the segment loader answers the first segment from its prefix and the rest, once; self.fetch is put back', async () => {
  const realFetch = globalThis.fetch;
  const s = server();
  globalThis.fetch = s.fn;
  try {
    const prefixes = new Map([[SEG_URL, Promise.resolve({ data: SEGMENT.slice(0, 400), complete: false, start: 1, first: 2 })]]);
    const Loader = segmentLoader(FetchBase, prefixes);
    const got = [];
    const a = new Loader();
    a.load({ url: SEG_URL }, {}, { onSuccess: (r, st) => got.push([r.data, r.url, st.loading.start, st.loading.first]) });
    assert.equal(self.fetch, s.fn, 'self.fetch is the real one again once loadInternal has returned');
    await new Promise(r => setTimeout(r, 20));
    assert.deepEqual(got, [[SEGMENT, SEG_URL, 1, 2]], 'the whole segment; timed from the prefix\'s request');
    assert.deepEqual(s.seen, ['bytes=400-']);
    assert.equal(prefixes.size, 0);
    const b = new Loader(), again = [];   // the same segment again (a seek back, a retry): the network, whole
    b.load({ url: SEG_URL }, {}, { onSuccess: r => again.push(r.data) });
    await new Promise(r => setTimeout(r, 20));
    assert.deepEqual([again, s.seen], [[SEGMENT], ['bytes=400-', null]]);
    const failed = new Map([[SEG_URL, Promise.resolve(null)]]), c = new (segmentLoader(FetchBase, failed))(), plain = [];
    c.load({ url: SEG_URL }, {}, { onSuccess: r => plain.push(r.data.length) });   // the prefix was refused: a plain fetch
    await new Promise(r => setTimeout(r, 20));
    assert.deepEqual([plain, s.seen.at(-1)], [[1000], null]);
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('prefixes only with ?autoplay=1 and nothing to resume', () => {
  const store = new Map();
  globalThis.localStorage = { getItem: k => store.get(k) ?? null };
  try {
    assert.equal(wantsPrefixes('?asset=a', 'a'), false, 'without autoplay nothing but playlists before play');
    assert.equal(wantsPrefixes('?asset=a&autoplay=1', 'a'), true);
    store.set('lms-hls:position:a', JSON.stringify({ position: 120, finished: false }));
    assert.equal(wantsPrefixes('?asset=a&autoplay=1', 'a'), false, 'a resume starts elsewhere');
    store.set('lms-hls:position:a', JSON.stringify({ position: 120, finished: true }));
    assert.equal(wantsPrefixes('?asset=a&autoplay=1', 'a'), true);
  } finally {
    delete globalThis.localStorage;
  }
});

test('early.js asks for the first bytes of the start variant\'s and its audio\'s first segments, with ?autoplay=1 only', async () => {
  const realFetch = globalThis.fetch;
  const asked = [];
  const media = u => u.replace('https://cdn.example/assets/a/HLS/', '');
  const files = {
    'config.json': JSON.stringify({ api: null, media: 'https://cdn.example/' }),
    'https://cdn.example/assets/a/lecture.json': JSON.stringify({ version: 1, master: 'HLS/x.m3u8' }),
    'https://cdn.example/assets/a/HLS/x.m3u8': MASTER,
  };
  for (const m of ['x_234', 'x_540', 'x_audio']) files[`https://cdn.example/assets/a/HLS/${m}.m3u8`] = `#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\n${m}_00001.ts\n`;
  files['https://cdn.example/assets/a/HLS/x_160.m3u8'] = '#EXTM3U\n#EXT-X-IMAGES-ONLY\n';
  globalThis.fetch = async (url, init = {}) => {
    const u = String(url);
    const range = init.headers && init.headers.Range;
    asked.push(range ? `${media(u)} ${range}` : media(u));
    if (u.endsWith('.ts')) return new Response(new Uint8Array(64 * 1024).slice(0, Number(/-(\d+)$/.exec(range)[1]) + 1), { status: 206 });
    return files[u] ? new Response(files[u], { status: 200 }) : new Response('', { status: 404 });
  };
  globalThis.localStorage = { getItem: () => null };
  const settleAll = async () => { for (let i = 0; i < 20; i++) await settle(); };
  try {
    const f = startFetches('?asset=a&autoplay=1');
    await f.master;
    await settleAll();
    assert.equal(f.prefixing, true);
    assert.deepEqual(asked.filter(a => a.includes('.ts')).sort(), [`x_234_00001.ts bytes=0-${PREFIX_BYTES.video - 1}`, `x_audio_00001.ts bytes=0-${PREFIX_BYTES.audio - 1}`]);
    assert.deepEqual([...f.prefixes.keys()].map(media).sort(), ['x_234_00001.ts', 'x_audio_00001.ts']);
    assert.equal((await f.prefixes.get('https://cdn.example/assets/a/HLS/x_234_00001.ts')).data.length, PREFIX_BYTES.video);
    asked.length = 0;
    const g = startFetches('?asset=a');   // no autoplay: playlists only
    await g.master;
    await settleAll();
    assert.deepEqual([g.prefixing, g.prefixes.size, asked.filter(a => a.includes('.ts'))], [false, 0, []]);
    assert.ok(asked.includes('x_234.m3u8') && asked.includes('x_audio.m3u8'), asked.join(' '));
  } finally {
    globalThis.fetch = realFetch;
    delete globalThis.localStorage;
  }
});

// The watch page's start-up (start.js): which playlists early.js asks for, the link estimate, the
// first segment's rung, and the playlist loader that hands hls.js what early.js fetched.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startPlaylists, linkEstimate, startPlan, playlistLoader, START_WITHIN_S, PROGRESSIVE_OVER_S } from '../src/start.js';
import { parseMaster } from '../src/playlists.js';

globalThis.location ??= { href: 'https://cdn.example/player/watch.html?asset=a' };

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

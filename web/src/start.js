// The watch page's first requests, and what it makes of them before hls.js runs.
//
// early.js (a 3 KB script in watch.html's <head>) calls startFetches() while the page's own script
// (hls.js inside, ~125 KB compressed) is still on its way: config.json, then lecture.json and the
// API's view of the job, then the master playlist, then the playlists playback starts with (the
// lowest variant, its default audio rendition, the smallest image stream). On a 400 kb/s link
// with 300 ms round trips that chain is four round trips that would otherwise come after the
// script. watch.js takes the answers from here instead of asking again (hls.js through
// playlistLoader below), so nothing is fetched twice.
//
// startPlan() is the start-up choice (issue 17, measured by make bench's playback part): where the
// first segment comes from and whether it is played while it downloads.
import { loadConfig, api, mediaUrl, titleFromAssetId, titleFromApi, resumePosition } from './common.js';
import { parseMaster, parseSegments } from './playlists.js';

/** GET as text: {ok, status, statusText, url, text}; throws on a network error, like fetch. */
export async function getText(url) {
  const r = await fetch(url, { cache: 'no-cache' });
  return { ok: r.ok, status: r.status, statusText: r.statusText, url: r.url || url, text: r.ok ? await r.text() : '' };
}

/** lecture.json: {json} when there, {status} when the server says 403/404/..., throws on a network error. */
async function lectureJson(config, assetId) {
  const r = await getText(mediaUrl(config, `assets/${assetId}/lecture.json`));
  if (!r.ok) return { status: r.status };
  try {
    const json = JSON.parse(r.text);
    return json && json.version === 1 && json.master ? { json } : { status: 'invalid' };
  } catch {
    return { status: 'invalid' };
  }
}

async function lectureFromApi(config, assetId) {
  try {
    return await api(config, 'lecture?asset=' + encodeURIComponent(assetId));
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

/** The lecture from what is known: lecture.json (C2), the API's job view, else the output layout. */
export function lecture(config, assetId, manifest, fromApi) {
  const base = `assets/${assetId}/`;
  const name = assetId.slice(assetId.lastIndexOf('/') + 1);
  const l = {
    assetId, title: null, status: 'COMPLETE', playable: true, progress: null, error: null, jobId: null,
    master: `${base}HLS/${name}.m3u8`, mp4: `${base}MP4/${name}.mp4`, downloadName: null, poster: null,
    thumbnails: null, thumbnailInterval: config.thumbnailInterval, duration: null, renditions: [], source: 'layout',
  };
  if (manifest) {
    const m = manifest;
    Object.assign(l, {
      source: 'lecture.json', title: m.title || null, jobId: m.jobId || null,
      master: base + m.master, mp4: m.mp4 ? base + m.mp4 : null, downloadName: m.downloadName || null,
      poster: m.poster ? base + m.poster : null, duration: m.durationSeconds ?? null,
      thumbnailPattern: m.thumbnails && m.thumbnails.prefix ? { ...m.thumbnails, prefix: base + m.thumbnails.prefix } : null,
      thumbnailInterval: (m.thumbnails && m.thumbnails.intervalSeconds) || config.thumbnailInterval,
    });
  }
  if (fromApi) {
    Object.assign(l, {
      status: fromApi.status, playable: fromApi.playable, progress: fromApi.progress, error: fromApi.error,
      jobId: fromApi.jobId || l.jobId, renditions: fromApi.renditions || [],
      duration: l.duration ?? fromApi.duration ?? null,
      thumbnailInterval: fromApi.thumbnailInterval || l.thumbnailInterval,
    });
    if (!manifest) {
      // The API read the bucket: its keys are what is there.
      Object.assign(l, { master: fromApi.master || l.master, mp4: fromApi.mp4 || null, thumbnails: fromApi.thumbnails || null });
    }
    if (!l.title && fromApi.title) l.title = titleFromApi(fromApi.title, assetId);
  }
  if (!l.title) l.title = titleFromAssetId(assetId);
  if (!l.downloadName) l.downloadName = `${l.title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim() || 'lecture'}.mp4`;
  if (!l.poster && l.thumbnails && l.thumbnails.length) l.poster = l.thumbnails[0];
  if (!l.poster && !manifest) l.poster = `${base}Thumbnails/${name}.0000000.jpg`;
  if (!l.thumbnailPattern && !manifest) l.thumbnailPattern = { prefix: `${base}Thumbnails/${name}.`, digits: 7, suffix: '.jpg' };
  return l;
}

/**
 * The playlists playback starts with: the variant startPlan picks for `bps` (the lowest when the
 * link is not known yet), its default audio rendition, the smallest image stream.
 */
export function startPlaylists(master, bps = DEFAULT_BPS, segmentSeconds = DEFAULT_SEGMENT_S) {
  const variants = master.variants.slice().sort((x, y) => rate(x) - rate(y));
  const out = [];
  if (variants.length) {
    const v = variants[startPlan(variants.map(x => ({ bitrate: rate(x) })), bps, segmentSeconds).level];
    out.push(v.uri);
    const group = master.audio.filter(x => x.group === v.audio);
    const audio = group.find(x => x.isDefault) || group[0];
    if (audio) out.push(audio.uri);
  }
  const images = smallestImageStream(master);
  if (images) out.push(images.uri);
  return out;
}

/** The master's smallest image stream (the previews' and the strip's pictures), or undefined. */
export function smallestImageStream(master) {
  return master.imageStreams.slice().sort((x, y) => (x.width || 0) - (y.width || 0))[0];
}

/** A variant's typical rate: AVERAGE-BANDWIDTH where the master gives it, else BANDWIDTH (hls.js's averageBitrate). */
export function rate(variant) {
  return variant.averageBandwidth || variant.bandwidth || 0;
}

/** The page script's Resource Timing entry (watch.js) once it has arrived; undefined before. */
export function scriptTiming() {
  return performance.getEntriesByName(new URL('watch.js', location.href).href)[0];
}

const handled = p => { p.catch(() => {}); return p; }; // awaited later, or not at all (no console noise)

/**
 * The chain of first requests for the page at `search` (location.search): {search, config,
 * lecture: Promise<{manifest, fromApi}>, master: Promise<{url, answer} | null>, playlists: Map of
 * URL → Promise<answer>, prefixes: Map of URL → Promise<fetchPrefix's answer>, prefixing: whether
 * early.js asks for the first segments' first bytes (set once the master is in)}. Each promise rejects as its fetch would; the master is null when the
 * lecture is not one to play (not found, failed, converting).
 */
export function startFetches(search = location.search) {
  const assetId = new URLSearchParams(search).get('asset');
  const playlists = new Map();
  const prefixes = new Map(); // first segment URL → Promise of fetchPrefix's answer
  const out = { search, assetId, playlists, prefixes, prefixing: false };
  const config = handled(loadConfig());
  const manifestP = handled(config.then(c => (assetId ? lectureJson(c, assetId) : null)));
  const lectureP = handled(config.then(async c => {
    if (!assetId) return null;
    const [manifest, fromApi] = await Promise.all([manifestP, c.api ? lectureFromApi(c, assetId) : null]);
    return { manifest, fromApi };
  }));
  // The master as soon as its key is known: behind CloudFront (no API) lecture.json names it; with
  // the local runtime's API the job's status decides first whether there is one to play.
  const master = handled((async () => {
    const c = await config;
    const found = c.api ? await lectureP : assetId ? { manifest: await manifestP, fromApi: null } : null;
    if (!found) return null;
    const { manifest, fromApi } = found;
    if (c.api && !fromApi && !manifest.json) return null;
    const l = lecture(c, assetId, manifest.json, fromApi);
    if (!l.playable) return null;
    const url = mediaUrl(c, l.master);
    const answer = await getText(url);
    if (answer.ok) {
      // The start rung by the rule the page applies: by now the page's script may be in and
      // timed (a fast link); if it is not, the link is slow and the lowest rung is the start.
      const entry = scriptTiming();
      const link = linkEstimate(entry, globalThis.navigator && navigator.connection);
      const parsed = parseMaster(answer.text, answer.url);
      const starts = startPlaylists(parsed, link.bps);
      for (const u of starts) playlists.set(u, handled(getText(u)));
      if (!entry && wantsPrefixes(search, assetId)) {
        const [video, audio] = starts;
        if (parsed.variants.some(v => v.uri === video)) {
          out.prefixing = true;
          handled(startPrefixes(playlists, prefixes, video, parsed.audio.some(a => a.uri === audio) ? audio : null));
        }
      }
    }
    return { url, answer };
  })());
  return Object.assign(out, { config, lecture: lectureP, master });
}

// ---- the first segments' first bytes -------------------------------------------------------
// On a slow link the page's script is still downloading when the start playlists are in. With
// ?autoplay=1 (play is already asked for) and no position to resume (playback starts at 0),
// early.js then asks for the first PREFIX_BYTES of the first video and audio segments, so that
// hls.js, once it runs, has the bytes of the first frame at once and asks only for the rest
// (Range: bytes=N-); segmentLoader below joins the two. It saves the first segment request's
// round trip after the script. Nothing is fetched twice, and without autoplay nothing but
// playlists is fetched before play.
// Sizes measured on the bench lecture at 400 kb/s / 300 ms (first frame after the script arrived:
// 8 + 6 KB 0.8 s, too little for hls.js to make its buffers; 16 + 12 KB 0.2-0.4 s, but the script
// came later; 12 + 8 KB 0.2-0.3 s, the earliest): the first IDR frame and ~0.7 s of audio.
export const PREFIX_BYTES = { video: 12 * 1024, audio: 8 * 1024 };

/** ?autoplay=1 and no saved position to resume at (the page's rule, common.js resumePosition). */
export function wantsPrefixes(search, assetId) {
  return Boolean(assetId) && new URLSearchParams(search).get('autoplay') === '1' && resumePosition(assetId) === null;
}

async function startPrefixes(playlists, prefixes, videoUrl, audioUrl) {
  await Promise.all([[videoUrl, PREFIX_BYTES.video], [audioUrl, PREFIX_BYTES.audio]].map(async ([url, bytes]) => {
    const answer = url && await playlists.get(url);
    const first = answer && answer.ok && parseSegments(answer.text, answer.url)[0];
    if (first) prefixes.set(first.uri, handled(fetchPrefix(first.uri, bytes)));
  }));
}

/**
 * The first `bytes` bytes of `url`: {data: Uint8Array, complete (data is the whole object),
 * start, first (performance.now() at the request and at its answer)}; null when the server said
 * no (the segment is then asked for as a whole). A server that ignores Range answers 200 with
 * everything: complete.
 */
export async function fetchPrefix(url, bytes, fetchFn = fetch) {
  const start = performance.now();
  const r = await fetchFn(url, { headers: { Range: `bytes=0-${bytes - 1}` } });
  const first = performance.now();
  if (r.status !== 206 && r.status !== 200) return null;
  const data = new Uint8Array(await r.arrayBuffer());
  const total = r.status === 206 ? /\/(\d+)$/.exec(r.headers.get('Content-Range') || '') : null;
  const complete = r.status === 200 || data.length < bytes || (total !== null && Number(total[1]) <= data.length);
  return { data, complete, start, first };
}

/**
 * A Response for `request` (a segment whose first bytes are `prefix`, fetchPrefix's answer): the
 * prefix at once, then the rest from `fetchFn` (Range: bytes=N-; a 200 answer is skipped to
 * byte N). Aborting the request aborts the rest.
 */
export function joinedResponse(prefix, request, fetchFn) {
  const body = new ReadableStream({
    async start(ctrl) {
      ctrl.enqueue(prefix.data);
      if (prefix.complete) { ctrl.close(); return; }
      try {
        const headers = new Headers(request.headers);
        headers.set('Range', `bytes=${prefix.data.length}-`);
        const r = await fetchFn(new Request(request, { headers }));
        if (r.status === 416) { ctrl.close(); return; } // nothing after the prefix
        if (r.status !== 206 && r.status !== 200) throw Object.assign(new Error(`${r.status} for the rest of ${request.url}`), { code: r.status });
        let skip = r.status === 200 ? prefix.data.length : 0;
        const reader = r.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (skip >= value.length) { skip -= value.length; continue; }
          ctrl.enqueue(skip ? value.subarray(skip) : value);
          skip = 0;
        }
        ctrl.close();
      } catch (e) {
        ctrl.error(e);
      }
    },
  });
  const response = new Response(body, { status: 200, headers: { 'Content-Type': 'video/mp2t' } });
  Object.defineProperty(response, 'url', { value: request.url });
  return response;
}

/**
 * A fragment loader (config.fLoader) over Base (hls.js's FetchLoader): a segment whose first
 * bytes early.js fetched is answered from them and the rest (joinedResponse), once; the load's
 * timing starts at the prefix's request, so that hls.js's bandwidth estimate counts the prefix's
 * time too. Any other segment, a retry, or a prefix that failed: Base as it is.
 */
export function segmentLoader(Base, prefixes) {
  return class PrefixSegmentLoader extends Base {
    load(context, config, callbacks) {
      const key = new URL(context.url, location.href).href;
      const prefix = prefixes.get(key);
      this.prefix = this.prefixTimes = null;
      if (prefix) {
        prefixes.delete(key);
        this.prefix = prefix;
        const onSuccess = callbacks.onSuccess;
        callbacks = { ...callbacks, onSuccess: (response, stats, ctx, details) => {
          if (this.prefixTimes) { stats.loading.start = this.prefixTimes.start; stats.loading.first = Math.min(stats.loading.first, this.prefixTimes.first); }
          onSuccess(response, stats, ctx, details);
        } };
      }
      super.load(context, config, callbacks);
    }

    loadInternal() {
      const prefix = this.prefix;
      this.prefix = null;
      if (!prefix) { super.loadInternal(); return; }
      // FetchLoader calls self.fetch(request) synchronously from loadInternal: for this one call
      // it gets the joined response (after the prefix, or the plain fetch if the prefix failed).
      const realFetch = self.fetch;
      self.fetch = request => prefix.then(p => {
        if (!p) return realFetch.call(self, request);
        this.prefixTimes = p;
        return joinedResponse(p, request, r => realFetch.call(self, r));
      }, () => realFetch.call(self, request));
      try { super.loadInternal(); } finally { self.fetch = realFetch; }
    }
  };
}

/** The fetches early.js started for this page, or new ones (early.js missing, blocked or late). */
export function takeFetches() {
  const early = window.lmsHlsStart;
  if (early && early.search === location.search) return early;
  return (window.lmsHlsStart = startFetches());
}

/**
 * A playlist loader for hls.js (config.pLoader) that answers from `playlists` (URL → Promise of
 * getText's answer) once per URL and otherwise loads as Base does. hls.js's loader contract
 * (docs/API.md, "Custom loader"): load(context, config, callbacks), callbacks.onSuccess(response,
 * stats, context, networkDetails) with stats.loading {start, first, end}, loaded and total.
 */
export function playlistLoader(Base, playlists) {
  return class EarlyPlaylistLoader extends Base {
    load(context, config, callbacks) {
      const key = new URL(context.url, location.href).href;
      const early = playlists.get(key);
      if (!early) return super.load(context, config, callbacks);
      playlists.delete(key);
      const start = performance.now();
      early.then(answer => {
        if (this.stats.aborted) return;
        if (!answer.ok) { super.load(context, config, callbacks); return; } // hls.js sees the real error
        const now = performance.now(), s = this.stats;
        s.loading.start = start; s.loading.first = now; s.loading.end = now;
        s.loaded = s.total = answer.text.length;
        this.context = context;
        callbacks.onSuccess({ url: answer.url, data: answer.text, code: answer.status }, s, context, null);
      }, () => { if (!this.stats.aborted) super.load(context, config, callbacks); });
    }
  };
}

/**
 * A fragment loader for progressive loading (config.fLoader): Base (hls.js's FetchLoader) hands
 * the demuxer a chunk every `chunkBytes` instead of hls.js's 128 KB, which is more than a whole
 * 6 s segment of the lowest rungs (84 KB at 234p, 54 KB of audio): with 128 KB chunks the first
 * frame would still wait for the whole segment.
 */
export function smallChunkLoader(Base, chunkBytes) {
  return class SmallChunkLoader extends Base {
    load(context, config, callbacks) {
      const finite = Number.isFinite(config.highWaterMark);
      super.load(context, finite ? { ...config, highWaterMark: Math.min(config.highWaterMark, chunkBytes) } : config, callbacks);
    }
  };
}
export const PROGRESSIVE_CHUNK_BYTES = 8 * 1024;

// ---- start-up -------------------------------------------------------------------------------
// The first segment: from the best rung whose segment arrives within START_WITHIN_S at the link's
// speed, else from the lowest; hls.js climbs from there once it has measured a segment. The speed
// is the page's own script, which came over the same link a moment earlier (its bytes over its
// transfer time, from Resource Timing), else navigator.connection's estimate, else a weak mobile
// link's 250 kb/s. Where even the lowest rung's segment takes longer than PROGRESSIVE_OVER_S,
// hls.js plays it while it downloads (progressive: fetch streams it into the demuxer in
// PROGRESSIVE_CHUNK_BYTES pieces), so the first frame does not wait for the whole segment.
export const START_WITHIN_S = 0.5;
export const PROGRESSIVE_OVER_S = 1.5;
const DEFAULT_BPS = 250_000;
const DEFAULT_SEGMENT_S = 6;
const MIN_SAMPLE_BYTES = 20_000;   // smaller transfers measure the round trip, not the link

/** The link's speed in bits/s: {bps, from}. `entry` is the script's PerformanceResourceTiming. */
export function linkEstimate(entry, connection) {
  if (entry && entry.encodedBodySize >= MIN_SAMPLE_BYTES && entry.transferSize > 0 && entry.responseEnd > entry.responseStart) {
    return { bps: Math.round(entry.encodedBodySize * 8 / ((entry.responseEnd - entry.responseStart) / 1000)), from: 'script' };
  }
  if (connection && connection.downlink > 0) return { bps: Math.round(connection.downlink * 1e6), from: 'connection' };
  return { bps: DEFAULT_BPS, from: 'default' };
}

/**
 * The start: {level, progressive} for levels [{bitrate}] in hls.js's order (ascending), the link's
 * bps and the segment duration. level is an index into levels.
 */
export function startPlan(levels, bps, segmentSeconds) {
  const seconds = i => levels[i].bitrate * segmentSeconds / bps;
  let level = 0;
  for (let i = 0; i < levels.length; i++) if (seconds(i) <= START_WITHIN_S) level = i;
  return { level, progressive: levels.length > 0 && seconds(level) > PROGRESSIVE_OVER_S };
}

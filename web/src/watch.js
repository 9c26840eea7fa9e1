// The watch page, watch.html?asset=<asset ID>: hls.js plays a lecture's master playlist in a
// <video> with the page's own controls (play, ±10 s, a timeline with seek previews, speed, captions,
// quality, mute, full screen), a transcript with search, a thumbnail strip, resume, keyboard
// shortcuts and the MP4 link.
//
// Where things are comes from lecture.json (assets/<id>/lecture.json, written by the converter
// next to the master; the same file locally and behind CloudFront). With an API (the local
// runtime) the job's status, progress and error come from there. Until a lecture has a
// lecture.json (one converted before the converter wrote it) the page falls back to the output
// layout and says so in the console. Trick-play images come from the master playlist
// (#EXT-X-IMAGE-STREAM-INF); without them the seek previews and the strip use the Thumbnails.
//
// Before the learner presses play, only the playlists, lecture.json, the poster and the
// thumbnails in view are fetched (hls.js starts loading segments on the first play).
//
// Progress for an embedding LMS: while playing, every 10 s, and on pause, seek and end, the page
// posts {type: "lms-hls:progress", version: 1, assetId, position, duration, ended} to
// window.parent (config.json's progressTargetOrigin, "*" by default). See web/README.md.
//
// window.player is the page's handle for embedders and for the browser check: {hls, video,
// lecture, state, images, transcript}. The page announces it with a "lms-hls:player" event on
// document when hls.js is created, before the manifest loads; the check's probes attach there.
import Hls, { FetchLoader } from 'hls.js';
import { mediaUrl, formatDuration, spokenDuration, renditionLabel, titleFromAssetId, el, logEvent, STATUS_TEXT, STORE, FINISHED_WITHIN_S, storage, resumePosition } from './common.js';
import { parseMaster, parseSegments, parseImagePlaylist, tileAt, parseVtt, mergeCues } from './playlists.js';
import { takeFetches, lecture, getText, playlistLoader, smallChunkLoader, segmentLoader, PROGRESSIVE_CHUNK_BYTES, linkEstimate, startPlan, scriptTiming, rate, smallestImageStream } from './start.js';

const $ = id => document.getElementById(id);
const video = $('video'), quality = $('quality'), playing = $('playing'), strip = $('strip'), subtitles = $('subtitles');
const seek = $('seek'), speed = $('speed'), captions = $('captions');
const POLL_MS = 2000;
const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const PROGRESS_EVERY_MS = 10_000; // progress messages while playing
const SAVE_EVERY_MS = 2_000;      // the stored position while playing
const ICON = {
  play: 'M8 5v14l11-7z', pause: 'M6 5h4v14H6zm8 0h4v14h-4z',
  sound: 'M3 9v6h4l5 5V4L7 9H3zm13.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4z',
  muted: 'M3 9v6h4l5 5V4L7 9H3zm13.6 3 2.7-2.7-1.4-1.4-2.7 2.7-2.7-2.7-1.4 1.4 2.7 2.7-2.7 2.7 1.4 1.4 2.7-2.7 2.7 2.7 1.4-1.4z',
};
const AUTOPLAY = new URLSearchParams(location.search).get('autoplay') === '1';

const player = window.player = {
  hls: null, video, lecture: null, state: 'loading', images: null, transcript: null, config: null,
  levels: null, subtitleTracks: null,
};

function setState(state, ...content) {
  player.state = state;
  document.body.dataset.state = state;
  $('state').replaceChildren(...content);
}

function panel(kind, heading, ...text) {
  return el('div', { class: `panel ${kind}`, role: kind === 'failed' || kind === 'notfound' ? 'alert' : null },
    el('h2', {}, heading), ...text.map(t => (t instanceof Node ? t : el('p', {}, t))));
}

function notFound(assetId) {
  $('title').textContent = 'Not found';
  document.title = 'Not found';
  $('layout').hidden = true;
  setState('notfound', panel('notfound', 'Not found', 'There is no such lecture here: it was never converted, or its outputs were removed.',
    el('p', {}, el('a', { href: './' }, 'Back to the library'))));
  logEvent('lecture_not_found', { assetId }, 'warn');
}

/** A learner's message; the details go to the console for operators. */
function failure(heading, text, details) {
  logEvent('playback_failed', { assetId: player.lecture && player.lecture.assetId, heading, ...details }, 'error');
  return panel('failed', heading, text);
}

// ---- the lecture ---------------------------------------------------------------------------

/** Thumbnail keys for a duration from lecture.json's pattern (numbered from 0, one per interval). */
function thumbnailKeys(l) {
  if (l.thumbnails) return l.thumbnails;
  const p = l.thumbnailPattern;
  if (!p || !l.duration) return [];
  // Less 0.1 s: the audio can outlast the last frame by a few ms.
  const n = Math.max(1, Math.floor((l.duration - 0.1) / l.thumbnailInterval) + 1);
  return Array.from({ length: n }, (_, i) => `${p.prefix}${String(i).padStart(p.digits || 7, '0')}${p.suffix || '.jpg'}`);
}

function showTitle(l) {
  $('title').textContent = l.title;
  document.title = `${l.title} · Lecture`;
  video.setAttribute('aria-label', `Lecture video: ${l.title}`);
}

function showMeta(config, l) {
  const parts = [];
  if (l.duration != null) parts.push(el('span', { class: 'duration' }, formatDuration(l.duration)));
  for (const r of l.renditions || []) parts.push(el('span', { class: 'chip', title: `${r.width}×${r.height}` }, renditionLabel(r)));
  if (l.status && !['READY', 'COMPLETE'].includes(l.status)) parts.push(el('span', { class: `badge ${l.status.toLowerCase()}` }, STATUS_TEXT[l.status] || l.status));
  $('meta').replaceChildren(...parts);
  if (l.mp4) {
    const a = $('mp4');
    a.href = mediaUrl(config, l.mp4);
    a.setAttribute('download', l.downloadName);
    a.textContent = 'Download MP4';
    a.setAttribute('aria-label', `Download MP4: “${l.downloadName}”`);
    a.hidden = false;
  }
}

async function main() {
  const fetches = player.fetches = takeFetches();
  const config = player.config = await fetches.config;
  const assetId = fetches.assetId;
  if (!assetId) {
    $('title').textContent = 'No lecture chosen';
    setState('notfound', panel('notfound', 'No lecture chosen', 'Open a lecture from the library.', el('p', {}, el('a', { href: './' }, 'The library'))));
    return;
  }
  let manifest, fromApi = null;
  try {
    ({ manifest, fromApi } = await fetches.lecture);
  } catch (e) {
    $('title').textContent = titleFromAssetId(assetId);
    setState('error', failure('The lecture cannot be loaded', 'Check your connection and reload the page.', { error: String(e.message || e) }));
    return;
  }
  if (config.api && !fromApi && !manifest.json) return notFound(assetId);
  if (!manifest.json) logEvent('lecture_json_missing', { assetId, status: manifest.status, fallback: config.api ? 'api' : 'output layout' }, 'warn');
  const l = player.lecture = lecture(config, assetId, manifest.json, fromApi);
  showTitle(l);
  showMeta(config, l);
  if (l.status === 'ERROR' && !l.playable) {
    logEvent('conversion_failed', { assetId, jobId: l.jobId, error: l.error }, 'error');
    setState('failed', panel('failed', 'This lecture could not be prepared for playback',
      'Its conversion failed. Your course team can upload the video again.',
      el('p', { class: 'muted' }, `Reference: job ${l.jobId || 'unknown'}.`)));
    return;
  }
  if (!l.playable) {
    const waiting = l.status === 'PROGRESSING' || l.status === 'SUBMITTED';
    setState('converting', panel('converting', waiting ? `Converting… ${l.progress || 0}%` : 'Not playable',
      waiting ? 'The page starts the lecture when its conversion finishes.' : 'This lecture has no complete stream.'));
    if (waiting) setTimeout(() => location.reload(), POLL_MS);
    return;
  }
  // The master decides: hls.js would fetch it anyway, and the page reads its captions and images.
  const masterUrl = mediaUrl(config, l.master);
  let master;
  try {
    const early = await fetches.master;
    const r = early && early.url === masterUrl ? early.answer : await getText(masterUrl);
    if (r.status === 403 || r.status === 404) {
      // On AWS S3 answers 403 for a key that is not there (yet): the same to a learner.
      if (manifest.json) {
        setState('converting', panel('converting', 'Not ready yet', 'This lecture is still being converted. The page tries again in a few seconds.'));
        logEvent('master_missing', { assetId, status: r.status, url: masterUrl }, 'warn');
        setTimeout(() => location.reload(), POLL_MS * 5);
        return;
      }
      return notFound(assetId);
    }
    if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
    master = parseMaster(r.text, r.url);
    // hls.js gets the same text (playlistLoader) instead of asking for it again.
    fetches.playlists.set(new URL(masterUrl).href, Promise.resolve(r));
  } catch (e) {
    setState('error', failure('The lecture cannot be loaded', 'Check your connection and reload the page.', { url: masterUrl, error: String(e.message || e) }));
    return;
  }
  if (l.status === 'ERROR') {
    setState('playing', panel('failed', 'The latest conversion failed', 'This is the previous version of the lecture.'));
    logEvent('conversion_failed', { assetId, jobId: l.jobId, error: l.error }, 'error');
  } else {
    setState('playing');
  }
  await play(config, l, masterUrl, master);
}

// ---- playback ------------------------------------------------------------------------------
let loadStarted = false;      // hls.js loads segments only from the first play
let pendingStart = 0;         // where playback starts, until it has
let everPlayed = false;

// The pictures (strip, poster) and the transcript share the learner's link with the first
// segments. Once play is asked for, they wait for the first frame (at most PICTURES_WAIT_MS); a
// page left paused gets them PICTURES_IDLE_MS after it is shown.
const PICTURES_IDLE_MS = 1000;
const PICTURES_WAIT_MS = 10_000;
let picturesGo;
const picturesMayLoad = new Promise(resolve => { picturesGo = resolve; });
video.addEventListener('playing', () => picturesGo(), { once: true });
let playRequested = AUTOPLAY;

async function play(config, l, masterUrl, master) {
  $('layout').hidden = false;
  setTimeout(() => { if (!playRequested) picturesGo(); }, PICTURES_IDLE_MS);
  if (AUTOPLAY) setTimeout(picturesGo, PICTURES_WAIT_MS);
  // With ?autoplay=1 the first frame comes within seconds: a poster would only take its bytes.
  if (l.poster && !AUTOPLAY) video.poster = mediaUrl(config, l.poster);
  setUpSpeed();
  setUpResume(l);
  if (l.duration == null) l.duration = await durationFromVariant(master);
  showDuration(l.duration);
  await setUpImages(config, l, master);
  setUpTranscript(master);
  if (!Hls.isSupported()) {
    if (video.canPlayType('application/vnd.apple.mpegurl')) { // Safari plays HLS natively
      video.preload = 'metadata';
      video.src = masterUrl;
      loadStarted = true;
    } else {
      setState('error', failure('This browser cannot play the lecture', 'Use the MP4 download below, or another browser.', { reason: 'no Media Source Extensions' }));
    }
    return;
  }
  // Start-up (issue 17; make bench's playback part measures it, start.js and web/README.md say
  // why): the link's speed from the page's own script, the first segment from the best rung that
  // arrives within half a second at that speed, progressive loading where even the lowest is slow.
  const link = player.link = linkEstimate(scriptTiming(), navigator.connection);
  const segmentSeconds = await targetDuration(master);
  const byRate = master.variants.map(v => ({ bitrate: rate(v) })).sort((a, b) => a.bitrate - b.bitrate);
  const { progressive } = startPlan(byRate, link.bps, segmentSeconds);
  const hls = player.hls = new Hls({
    enableWorker: true,
    autoStartLoad: false,         // nothing but playlists before play
    capLevelToPlayerSize: true,   // a phone does not pull 720p into a small box
    maxDevicePixelRatio: 2,
    subtitleDisplay: false,       // the page draws captions itself (readable size on phones)
    enableCEA708Captions: false,  // captions are WebVTT renditions; the build leaves the CEA-608 parser out
    renderTextTracksNatively: false,
    pLoader: playlistLoader(Hls.DefaultConfig.loader, player.fetches.playlists),
    // hls.js's estimate until it has measured a segment: the script's speed. Left unset, hls.js
    // starts from 500 kb/s and from the first variant the master lists, the mid rung (for Apple's
    // players), so a learner on 400 kb/s would wait for a 540p segment.
    abrEwmaDefaultEstimate: link.bps,
    // hls.js climbs when 0.7 of the measured speed covers the next rung (its default); 0.85 still
    // leaves 15 % headroom and lets an 8 Mb/s link reach the ~5 Mb/s 1080p rung.
    abrBandWidthUpFactor: 0.85,
    progressive,
    fLoader: fragmentLoader(progressive),
  });
  document.dispatchEvent(new CustomEvent('lms-hls:player', { detail: player }));
  hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, (_, data) => buildSubtitleMenu(data.subtitleTracks));
  hls.on(Hls.Events.SUBTITLE_TRACK_SWITCH, (_, data) => { subtitles.value = String(data.id); renderCaptions(); });
  hls.on(Hls.Events.CUES_PARSED, onCuesParsed);
  hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => {
    const plan = startPlan(data.levels.map(v => ({ bitrate: v.averageBitrate || v.bitrate })), link.bps, segmentSeconds);
    hls.startLevel = plan.level;
    logEvent('playback_start_plan', { linkKbps: Math.round(link.bps / 1000), from: link.from, startLevel: plan.level,
      height: data.levels[plan.level] && data.levels[plan.level].height, progressive });
    player.levels = data.levels.map(v => ({
      width: v.width, height: v.height, bitrate: v.bitrate,
      codecs: [v.videoCodec, v.audioCodec].filter(Boolean).join(','),
    }));
    buildQualityMenu();
    if (AUTOPLAY) playVideo();
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, showPlaying);
  hls.on(Hls.Events.LEVEL_LOADED, (_, data) => {
    if (l.duration == null && data.details && !data.details.live) { l.duration = data.details.totalduration; showDuration(l.duration); }
  });
  hls.on(Hls.Events.ERROR, onHlsError);
  hls.loadSource(masterUrl);
  hls.attachMedia(video);
}

/**
 * hls.js's fragment loader: 8 KB chunks when progressive; the first segments' first bytes from
 * early.js when it fetched them (start.js, segmentLoader); else hls.js's own.
 */
function fragmentLoader(progressive) {
  const base = progressive ? smallChunkLoader(FetchLoader, PROGRESSIVE_CHUNK_BYTES) : FetchLoader;
  if (player.fetches.prefixing) return segmentLoader(base, player.fetches.prefixes);
  return progressive ? base : undefined;
}

/**
 * A variant playlist: the one early.js fetched, else the lowest, fetched now and kept beside
 * early.js's answers, so that the page's second look and hls.js use the same answer; null on failure.
 */
async function aVariant(master) {
  const { playlists } = player.fetches;
  let v = master.variants.find(x => playlists.has(x.uri));
  if (!v) {
    v = master.variants.slice().sort((a, b) => rate(a) - rate(b))[0];
    if (!v) return null;
    playlists.set(v.uri, getText(v.uri));
  }
  const answer = await playlists.get(v.uri).catch(() => null);
  return answer && answer.ok ? answer : null;
}

/** Its EXT-X-TARGETDURATION, else 6 s. */
async function targetDuration(master) {
  const answer = await aVariant(master);
  const m = answer && /#EXT-X-TARGETDURATION:(\d+)/.exec(answer.text);
  return m ? Number(m[1]) : 6;
}

async function durationFromVariant(master) {
  // Only when neither lecture.json nor the API says: a variant playlist (a few KB) has it.
  const answer = await aVariant(master);
  const segs = answer ? parseSegments(answer.text, answer.url) : [];
  return segs.length ? segs[segs.length - 1].start + segs[segs.length - 1].duration : null;
}

// hls.js's "Fatal Error Recovery" (docs/API.md): media errors are recovered with
// recoverMediaError(), at most once every few seconds; if that does not hold, the audio codec is
// swapped once and recovery tried again; then the page gives up. Fatal network errors mean hls.js
// spent its retries: the learner gets a button to try again. Anything else ends the player.
const recovery = { lastMediaRecover: 0, swapped: false };
function onHlsError(_, data) {
  const hls = player.hls;
  const details = { type: data.type, details: data.details, fatal: !!data.fatal, url: data.url || (data.frag && data.frag.url) || undefined,
    status: data.response ? data.response.code : undefined };
  if (!data.fatal) { logEvent('hls_error', details, 'warn'); return; }
  if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
    const now = performance.now();
    if (now - recovery.lastMediaRecover > 3000) {
      recovery.lastMediaRecover = now;
      logEvent('media_error_recovering', details, 'warn');
      recover(hls);
      return;
    }
    if (!recovery.swapped) {
      recovery.swapped = true;
      recovery.lastMediaRecover = now;
      logEvent('media_error_swapping_audio_codec', details, 'warn');
      hls.swapAudioCodec();
      recover(hls);
      return;
    }
    setState('error', failure('The lecture stopped playing', 'Your browser could not decode it. Reload the page, or use the MP4 download.', details));
    hls.destroy();
    return;
  }
  if (data.type === Hls.ErrorTypes.NETWORK_ERROR) {
    const status = data.response && data.response.code;
    const missing = status === 403 || status === 404;
    setState('error', failure(missing ? 'Not found' : 'The connection was lost',
      missing ? 'Part of this lecture is not there. Reload the page later.' : 'Check your connection, then try again.', details),
    missing ? null : el('p', {}, el('button', { type: 'button', class: 'primary', onclick: () => { setState('playing'); hls.startLoad(video.currentTime); playVideo(); } }, 'Try again')));
    return;
  }
  setState('error', failure('The lecture stopped playing', 'Reload the page to try again.', details));
  hls.destroy();
}

// hls.js's error controller stops loading on a fatal error, after the page's handler has run, and
// recoverMediaError() restarts loading only if it was not stopped: without the startLoad once
// this ERROR event has reached every listener, the player would sit at 0 with nothing loading
// (seen with hls.js 1.7.4 built without interstitials).
function recover(hls) {
  const at = video.currentTime;
  hls.recoverMediaError();
  setTimeout(() => {
    if (player.hls === hls && player.state !== 'error' && loadStarted) hls.startLoad(at); // not if the page gave up meanwhile
  }, 0);
}

function ensureLoad() {
  if (loadStarted || !player.hls) return;
  loadStarted = true;
  player.hls.startLoad(pendingStart || 0);
}

function playVideo() {
  if (!playRequested) { playRequested = true; setTimeout(picturesGo, PICTURES_WAIT_MS); }
  ensureLoad();
  const p = video.play();
  if (p) p.catch(e => { if (e.name !== 'AbortError') logEvent('play_refused', { error: String(e) }, 'warn'); });
}

function togglePlay() {
  if (video.paused || video.ended) playVideo(); else video.pause();
}

function duration() {
  const d = video.duration;
  return isFinite(d) && d > 0 ? d : (player.lecture && player.lecture.duration) || 0;
}

function currentTime() {
  return loadStarted ? video.currentTime : pendingStart;
}

function seekTo(t, { play = false } = {}) {
  const d = duration();
  t = Math.max(0, d ? Math.min(t, d - 0.05) : t);
  if (!loadStarted) {
    pendingStart = t;
    $('resume').hidden = true;
    showTime();
  } else {
    video.currentTime = t;
  }
  if (play) playVideo();
  onTime();
}

function levelLabel(i) {
  const v = player.hls && player.hls.levels[i];
  return v ? `${v.height}p` : '';
}

function buildQualityMenu() {
  const levels = player.hls.levels;
  const options = [el('option', { value: '-1' }, 'Auto')];
  // Highest first, as menus usually list them; values are hls.js level indexes.
  for (let i = levels.length - 1; i >= 0; i--) {
    options.push(el('option', { value: String(i) }, `${levels[i].height}p`));
  }
  quality.replaceChildren(...options);
  quality.value = '-1';
  showPlaying();
}

/** What is true now: playing, paused, buffering or ended, and the rendition on screen. */
function showPlaying() {
  const h = player.hls;
  let what;
  if (!everPlayed && video.paused) what = 'Ready';
  else if (video.ended) what = 'Ended';
  else if (video.paused) what = 'Paused';
  else if (video.seeking || video.readyState < 3) what = 'Buffering…';
  else what = 'Playing';
  const now = h && loadStarted ? (h.currentLevel >= 0 ? h.currentLevel : -1) : -1;
  const auto = h ? h.autoLevelEnabled : true;
  if (h && h.levels.length) quality.options[0].textContent = auto && now >= 0 ? `Auto (${levelLabel(now)})` : 'Auto';
  playing.textContent = what + (now >= 0 && what !== 'Ready' ? ` · ${levelLabel(now)}${auto ? ' (auto)' : ''}` : '');
  playing.dataset.level = String(now);
  playing.dataset.state = what.replace('…', '').toLowerCase();
  document.body.dataset.playback = playing.dataset.state;
  const paused = video.paused || video.ended;
  $('play').querySelector('path').setAttribute('d', paused ? ICON.play : ICON.pause);
  $('play').setAttribute('aria-label', paused ? 'Play' : 'Pause');
  $('big-play').hidden = everPlayed || !paused;
}

quality.addEventListener('change', () => {
  const h = player.hls;
  if (!h) return;
  // currentLevel switches at once (flushes what is buffered); -1 hands the choice back to hls.js.
  h.currentLevel = Number(quality.value);
  showPlaying();
});

// ---- captions: drawn by the page over the video, from hls.js's (hidden) text tracks -----------

let captionsLanguage = null; // the hls.js subtitle track index last chosen, for `c`

function buildSubtitleMenu(tracks) {
  player.subtitleTracks = tracks.map(t => ({ id: t.id, lang: t.lang, name: t.name }));
  const options = [el('option', { value: '-1' }, 'Off')];
  tracks.forEach((t, i) => options.push(el('option', { value: String(i), lang: t.lang || null }, t.name || t.lang || `Track ${i + 1}`)));
  subtitles.replaceChildren(...options);
  subtitles.value = '-1';
  $('subtitles-label').hidden = tracks.length === 0;
}

function chooseSubtitles(i) {
  const h = player.hls;
  subtitles.value = String(i);
  if (i >= 0) captionsLanguage = i;
  if (h) h.subtitleTrack = i;
  renderCaptions();
  if (i >= 0 && player.subtitleTracks && player.subtitleTracks[i]) transcript.follow(player.subtitleTracks[i]);
}

subtitles.addEventListener('change', () => chooseSubtitles(Number(subtitles.value)));

// hls.js hands the cues over (renderTextTracksNatively: false) instead of adding <track>
// elements, whose data:,WEBVTT source a strict Content-Security-Policy (media-src without data:)
// would refuse. By hls.js subtitle track id: [{start, end, text}].
const parsedCues = new Map();

function onCuesParsed(_, d) {
  if (d.type !== 'subtitles') return;
  const id = d.subtitleTrack ? d.subtitleTrack.id : Number(String(d.track).replace(/\D/g, ''));
  const list = parsedCues.get(id) || [];
  const seen = new Set(list.map(c => `${c.start}|${c.text}`));
  for (const c of d.cues) {
    const k = `${c.startTime}|${c.text}`;
    if (seen.has(k)) continue; // a cue across a segment boundary comes in both segments
    seen.add(k);
    list.push({ start: c.startTime, end: c.endTime, text: c.text });
  }
  parsedCues.set(id, list);
  renderCaptions();
}

let captionsShown = '';
function renderCaptions() {
  const i = Number(subtitles.value);
  const track = i >= 0 && player.subtitleTracks ? player.subtitleTracks[i] : null;
  const t = video.currentTime;
  const texts = track ? (parsedCues.get(track.id) || []).filter(c => c.start <= t && t < c.end).map(c => c.text.replace(/<[^>]*>/g, '')) : [];
  const key = texts.join('\n');
  if (key === captionsShown) return;
  captionsShown = key;
  captions.replaceChildren(...texts.map(s => el('span', {}, s)));
  captions.hidden = texts.length === 0;
  captions.dataset.lang = track ? track.lang || '' : '';
}

// ---- speed ---------------------------------------------------------------------------------

function setUpSpeed() {
  speed.replaceChildren(...SPEEDS.map(s => el('option', { value: String(s) }, `${s}×`)));
  const saved = Number(storage(s => s.getItem(STORE.speed)));
  setSpeed(SPEEDS.includes(saved) ? saved : 1, false);
  speed.addEventListener('change', () => setSpeed(Number(speed.value)));
}

function setSpeed(s, remember = true) {
  video.preservesPitch = true; // the lecturer's voice stays at its pitch
  video.defaultPlaybackRate = s; // what a reload of the media element goes back to
  video.playbackRate = s;
  speed.value = String(s);
  if (remember) storage(st => st.setItem(STORE.speed, String(s)));
}

function stepSpeed(dir) {
  const i = SPEEDS.indexOf(Number(speed.value));
  setSpeed(SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? 2 : i) + dir))]);
  announce(`Speed ${speed.value}×`);
}

// ---- resume and progress -------------------------------------------------------------------

function setUpResume(l) {
  const position = resumePosition(l.assetId, l.duration);
  if (position === null) return;
  pendingStart = position;
  $('resume-at').textContent = `Resume at ${formatDuration(position)}`;
  $('resume-at').setAttribute('aria-label', `Resume at ${spokenDuration(position)}`);
  $('resume').hidden = false;
  $('resume-at').onclick = () => { $('resume').hidden = true; seekTo(position, { play: true }); };
  $('start-over').onclick = () => { $('resume').hidden = true; seekTo(0, { play: true }); };
}

let lastSaved = 0, lastPosted = 0;
function savePosition(force = false) {
  const l = player.lecture;
  if (!l || !loadStarted) return;
  const now = Date.now();
  if (!force && now - lastSaved < SAVE_EVERY_MS) return;
  lastSaved = now;
  const d = duration(), t = video.currentTime;
  const finished = video.ended || (d > 0 && t >= d - FINISHED_WITHIN_S);
  storage(s => s.setItem(STORE.position(l.assetId), JSON.stringify({ position: +t.toFixed(1), duration: +d.toFixed(1), finished, at: now })));
}

function postProgress(reason, force = false) {
  const l = player.lecture;
  if (!l || !loadStarted) return;
  const now = Date.now();
  if (!force && now - lastPosted < PROGRESS_EVERY_MS) return;
  lastPosted = now;
  const message = { type: 'lms-hls:progress', version: 1, assetId: l.assetId, reason,
    position: +video.currentTime.toFixed(1), duration: +duration().toFixed(1), ended: video.ended };
  try { window.parent.postMessage(message, player.config.progressTargetOrigin || '*'); } catch (e) { logEvent('progress_not_posted', { error: String(e) }, 'warn'); }
}

// ---- the timeline and seek previews ---------------------------------------------------------

function showDuration(d) {
  seek.max = String(d || 0);
  $('duration').textContent = formatDuration(d || 0);
  if (player.lecture && d && !$('meta').querySelector('.duration')) $('meta').prepend(el('span', { class: 'duration' }, formatDuration(d)));
  showTime();
}

function showTime() {
  const t = currentTime();
  $('time').textContent = formatDuration(t);
  if (!seeking) seek.value = String(t);
  seek.setAttribute('aria-valuetext', `${spokenDuration(t)} of ${spokenDuration(duration())}`);
}

let seeking = false; // the learner is dragging the timeline
seek.addEventListener('input', () => { seeking = true; showPreview(Number(seek.value)); $('time').textContent = formatDuration(Number(seek.value)); });
seek.addEventListener('change', () => { seeking = false; seekTo(Number(seek.value)); hidePreview(); });
const timeline = $('timeline');
timeline.addEventListener('pointermove', e => {
  const r = seek.getBoundingClientRect();
  showPreview(Math.max(0, Math.min(1, (e.clientX - r.left) / r.width)) * duration());
});
timeline.addEventListener('pointerleave', () => { if (!seeking) hidePreview(); });
seek.addEventListener('blur', hidePreview);

/** The picture for time t: a tile cell of the trick-play images, else the nearest thumbnail. */
function pictureAt(t) {
  const images = player.images;
  if (images && images.kind === 'tiles') {
    const at = tileAt(images, t);
    if (!at) return null;
    return { url: at.tile.uri, time: at.time, column: at.column, row: at.row, columns: at.tile.columns, rows: at.tile.rows };
  }
  if (images && images.kind === 'thumbnails' && images.urls.length) {
    const i = Math.max(0, Math.min(images.urls.length - 1, Math.floor(t / images.interval + 1e-6)));
    return { url: images.urls[i], time: i * images.interval, column: 0, row: 0, columns: 1, rows: 1 };
  }
  return null;
}

function paint(node, pic) {
  node.style.backgroundImage = `url("${pic.url}")`;
  node.style.backgroundSize = `${pic.columns * 100}% ${pic.rows * 100}%`;
  node.style.backgroundPosition = `${pic.columns > 1 ? (pic.column / (pic.columns - 1)) * 100 : 0}% ${pic.rows > 1 ? (pic.row / (pic.rows - 1)) * 100 : 0}%`;
  node.dataset.src = pic.url;
  node.dataset.cell = `${pic.column},${pic.row}`;
  node.dataset.time = String(pic.time);
}

function showPreview(t) {
  const box = $('preview'), r = seek.getBoundingClientRect(), d = duration();
  if (!d) return;
  const pic = pictureAt(t);
  const img = $('preview-image');
  img.hidden = !pic;
  if (pic) paint(img, pic);
  $('preview-time').textContent = formatDuration(t);
  box.dataset.at = String(t);
  box.hidden = false;
  const w = box.offsetWidth, x = (t / d) * r.width;
  box.style.left = `${Math.max(0, Math.min(r.width - w, x - w / 2))}px`;
}

function hidePreview() {
  $('preview').hidden = true;
}

// ---- images: trick play (tiles) or the thumbnails, for the previews and the strip ------------

async function setUpImages(config, l, master) {
  const stream = smallestImageStream(master);
  if (stream) {
    try {
      const early = player.fetches.playlists.get(stream.uri);
      player.fetches.playlists.delete(stream.uri);
      const r = await (early || getText(stream.uri));
      const images = r.ok ? parseImagePlaylist(r.text, r.url) : null;
      if (images && images.tiles.length) {
        player.images = { kind: 'tiles', ...images, stream };
        if (l.duration == null) { l.duration = images.duration; showDuration(l.duration); }
      } else {
        logEvent('image_playlist_unusable', { url: stream.uri, status: r.status }, 'warn');
      }
    } catch (e) {
      logEvent('image_playlist_unusable', { url: stream.uri, error: String(e) }, 'warn');
    }
  }
  if (!player.images) {
    const keys = thumbnailKeys(l);
    player.images = { kind: 'thumbnails', interval: l.thumbnailInterval, urls: keys.map(k => mediaUrl(config, k)) };
  }
  buildStrip();
}

const STRIP_EVERY_S = 5;
let stripObserver = null;

function buildStrip() {
  const images = player.images;
  const items = [];
  if (images.kind === 'tiles') {
    for (const tile of images.tiles) {
      const stride = Math.max(1, Math.round(STRIP_EVERY_S / tile.thumbDuration));
      for (let i = 0; i < tile.columns * tile.rows; i += stride) {
        const t = tile.start + i * tile.thumbDuration;
        if (t >= tile.start + tile.duration - 1e-3) break;
        items.push({ t, pic: { url: tile.uri, time: t, column: i % tile.columns, row: Math.floor(i / tile.columns), columns: tile.columns, rows: tile.rows } });
      }
    }
  } else {
    images.urls.forEach((url, i) => items.push({ t: i * images.interval, pic: { url, time: i * images.interval, column: 0, row: 0, columns: 1, rows: 1 } }));
  }
  $('strip-title').hidden = items.length === 0;
  // Pictures load when their item is in view: on the screen and not scrolled out of the strip
  // (an observer with no margin, not the browser's lazy loading, whose margin would fetch a dozen).
  if (stripObserver) stripObserver.disconnect();
  stripObserver = new IntersectionObserver(entries => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      const node = e.target;
      stripObserver.unobserve(node);
      picturesMayLoad.then(() => paint(node, node._pic));
    }
  }, { rootMargin: '0px' });
  strip.replaceChildren(...items.map(({ t, pic }) => {
    const img = el('span', { class: 'thumb-img', role: 'img', 'aria-hidden': 'true' });
    img._pic = pic;
    stripObserver.observe(img);
    return el('li', {}, el('button', {
      type: 'button', 'data-time': String(t), onclick: () => seekTo(t, { play: true }),
    }, img, el('span', { class: 'label' }, el('span', { class: 'visually-hidden' }, 'Jump to '), formatDuration(t))));
  }));
}

let lastStripIndex = -1;
function markStrip() {
  const buttons = strip.querySelectorAll('button');
  if (!buttons.length) return;
  const t = currentTime();
  let current = 0;
  for (let i = 0; i < buttons.length; i++) if (Number(buttons[i].dataset.time) <= t + 1e-3) current = i;
  if (current === lastStripIndex) return;
  if (lastStripIndex >= 0 && buttons[lastStripIndex]) { buttons[lastStripIndex].classList.remove('current'); buttons[lastStripIndex].removeAttribute('aria-current'); }
  const b = buttons[current];
  b.classList.add('current');
  b.setAttribute('aria-current', 'true');
  lastStripIndex = current;
  const li = b.parentElement;
  strip.scrollTo({ left: li.offsetLeft - strip.clientWidth / 2 + li.clientWidth / 2, behavior: 'smooth' });
}

// ---- transcript ----------------------------------------------------------------------------

const transcript = player.transcript = {
  tracks: [], language: null, cues: [], loaded: null, loading: null, matches: [], match: -1, current: -1, userScrolledAt: 0,

  setUp(master) {
    this.tracks = master.subtitles;
    if (!this.tracks.length) return;
    $('transcript').hidden = false;
    $('layout').classList.add('with-transcript');
    const sel = $('transcript-language');
    sel.replaceChildren(...this.tracks.map((t, i) => el('option', { value: String(i), lang: t.language || null }, t.name)));
    $('transcript-language-label').hidden = this.tracks.length < 2;
    const prefer = (navigator.language || 'en').slice(0, 2).toLowerCase();
    const i = Math.max(0, this.tracks.findIndex(t => t.language.toLowerCase().startsWith(prefer)));
    sel.value = String(i);
    this.language = i;
    $('transcript-status').textContent = 'The transcript loads when the lecture starts.';
    $('transcript-status').append(' ', el('button', { type: 'button', class: 'link', onclick: () => this.load() }, 'Load it now'));
    sel.addEventListener('change', () => { this.language = Number(sel.value); this.load(); });
    $('search').addEventListener('focus', () => this.load());
    $('search').addEventListener('input', () => this.search($('search').value));
    $('search').addEventListener('keydown', e => {
      if (e.key === 'Enter') { e.preventDefault(); this.jump(e.shiftKey ? -1 : 1); }
      else if (e.key === 'Escape') { $('search').value = ''; this.search(''); $('search').blur(); }
    });
    $('search-next').addEventListener('click', () => this.jump(1));
    $('search-prev').addEventListener('click', () => this.jump(-1));
    const list = $('cues');
    for (const ev of ['wheel', 'touchmove', 'keydown']) list.addEventListener(ev, () => { this.userScrolledAt = Date.now(); }, { passive: true });
  },

  /** Follows the captions' language when the learner picks one. */
  follow(track) {
    const i = this.tracks.findIndex(t => t.name === track.name || t.language === track.lang);
    if (i >= 0 && i !== this.language) { this.language = i; $('transcript-language').value = String(i); }
    if (i >= 0) this.load();
  },

  async load() {
    const track = this.tracks[this.language];
    if (!track || this.loaded === track.uri) return this.loading;
    if (this.loading && this.loadingUri === track.uri) return this.loading;
    this.loadingUri = track.uri;
    $('transcript-status').textContent = 'Loading the transcript…';
    this.loading = (async () => {
      try {
        const r = await fetch(track.uri, { cache: 'no-cache' });
        if (!r.ok) throw new Error(`${r.status} ${track.uri}`);
        const segments = parseSegments(await r.text(), r.url || track.uri);
        const texts = new Array(segments.length);
        let next = 0;
        const worker = async () => {
          while (next < segments.length) {
            const i = next++;
            const s = await fetch(segments[i].uri);
            if (!s.ok) throw new Error(`${s.status} ${segments[i].uri}`);
            texts[i] = await s.text();
          }
        };
        await Promise.all(Array.from({ length: Math.min(6, segments.length) }, worker));
        if (this.loadingUri !== track.uri) return;
        this.cues = mergeCues(texts.map(t => parseVtt(t)));
        this.loaded = track.uri;
        this.render();
      } catch (e) {
        logEvent('transcript_failed', { url: track.uri, error: String(e.message || e) }, 'error');
        $('transcript-status').textContent = 'The transcript could not be loaded.';
      } finally {
        if (this.loadingUri === track.uri) this.loading = null;
      }
    })();
    return this.loading;
  },

  render() {
    const list = $('cues');
    list.setAttribute('lang', this.tracks[this.language].language || '');
    list.replaceChildren(...this.cues.map((c, i) => el('li', { 'data-index': String(i) },
      el('button', { type: 'button', class: 'cue', 'data-start': String(c.start), onclick: () => seekTo(c.start + 0.1, { play: true }) },
        el('span', { class: 'cue-time', 'aria-label': spokenDuration(c.start) }, formatDuration(c.start)), ' ',
        el('span', { class: 'cue-text' }, c.text)))));
    $('transcript-status').textContent = this.cues.length ? '' : 'This transcript is empty.';
    this.current = -1;
    this.search($('search').value);
    this.highlight();
  },

  highlight() {
    if (!this.cues.length) return;
    const t = currentTime();
    let i = -1;
    for (let k = 0; k < this.cues.length; k++) {
      if (this.cues[k].start <= t + 0.05) { if (t < this.cues[k].end) i = k; } else break;
    }
    if (i === this.current) return;
    const list = $('cues');
    if (this.current >= 0 && list.children[this.current]) { list.children[this.current].classList.remove('current'); list.children[this.current].firstChild.removeAttribute('aria-current'); }
    this.current = i;
    if (i < 0) return;
    const li = list.children[i];
    li.classList.add('current');
    li.firstChild.setAttribute('aria-current', 'true');
    // Kept in view, unless the learner scrolled the list in the last few seconds.
    if (Date.now() - this.userScrolledAt > 4000) this.reveal(li);
  },

  reveal(li) {
    const list = $('cues');
    const top = li.offsetTop - list.offsetTop, bottom = top + li.offsetHeight;
    if (top < list.scrollTop || bottom > list.scrollTop + list.clientHeight) list.scrollTop = top - list.clientHeight / 3;
  },

  search(query) {
    const norm = s => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const words = norm(query).split(/\s+/).filter(Boolean);
    const list = $('cues');
    this.matches = [];
    this.cues.forEach((c, i) => {
      const hit = words.length > 0 && words.every(w => norm(c.text).includes(w));
      if (hit) this.matches.push(i);
      if (list.children[i]) list.children[i].classList.toggle('match', hit);
    });
    this.match = -1;
    list.querySelectorAll('.match-current').forEach(n => n.classList.remove('match-current'));
    $('search-status').textContent = !words.length ? '' : !this.cues.length ? 'Loading…'
      : this.matches.length ? `${this.matches.length} match${this.matches.length === 1 ? '' : 'es'}. Enter: next, Shift+Enter: previous.` : 'No match.';
  },

  async jump(dir) {
    if (!this.cues.length) { await this.load(); this.search($('search').value); }
    if (!this.matches.length) return;
    const list = $('cues');
    if (this.match >= 0 && list.children[this.matches[this.match]]) list.children[this.matches[this.match]].classList.remove('match-current');
    this.match = (this.match + dir + this.matches.length) % this.matches.length;
    const i = this.matches[this.match], c = this.cues[i];
    list.children[i].classList.add('match-current');
    this.userScrolledAt = 0;
    this.reveal(list.children[i]);
    $('search-status').textContent = `Match ${this.match + 1} of ${this.matches.length}, at ${formatDuration(c.start)}.`;
    seekTo(c.start + 0.1); // just inside the cue: hls.js may place it a frame or two later than the file says
  },
};

function setUpTranscript(master) {
  transcript.setUp(master);
}

// ---- other controls ------------------------------------------------------------------------

$('play').addEventListener('click', togglePlay);
$('big-play').addEventListener('click', playVideo);
video.addEventListener('click', togglePlay);
$('back10').addEventListener('click', () => seekTo(currentTime() - 10));
$('ahead10').addEventListener('click', () => seekTo(currentTime() + 10));
$('mute').addEventListener('click', toggleMute);
$('fullscreen').addEventListener('click', toggleFullscreen);
$('keys-button').addEventListener('click', () => toggleKeys(true));
$('keys-close').addEventListener('click', () => toggleKeys(false));

function toggleMute() {
  video.muted = !video.muted;
  $('mute').setAttribute('aria-pressed', String(video.muted));
  $('mute').setAttribute('aria-label', video.muted ? 'Unmute' : 'Mute');
  $('mute').querySelector('path').setAttribute('d', video.muted ? ICON.muted : ICON.sound);
}

function toggleFullscreen() {
  const box = $('player');
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  else if (box.requestFullscreen) box.requestFullscreen().catch(e => logEvent('fullscreen_refused', { error: String(e) }, 'warn'));
  else if (video.webkitEnterFullscreen) video.webkitEnterFullscreen(); // iPhone Safari: the video alone
}
document.addEventListener('fullscreenchange', () => {
  $('fullscreen').setAttribute('aria-label', document.fullscreenElement ? 'Leave full screen' : 'Full screen');
});

let keysReturnFocus = null;
function toggleKeys(open = $('keys').hidden) {
  const box = $('keys');
  if (open === !box.hidden) return;
  box.hidden = !open;
  if (open) { keysReturnFocus = document.activeElement; $('keys-close').focus(); }
  else if (keysReturnFocus && keysReturnFocus.focus) keysReturnFocus.focus();
}

let announceTimer = null;
function announce(text) {
  playing.textContent = text;
  clearTimeout(announceTimer);
  announceTimer = setTimeout(showPlaying, 1200);
}

function onTime() {
  showTime();
  renderCaptions();
  markStrip();
  transcript.highlight();
}

video.addEventListener('timeupdate', () => { onTime(); savePosition(); if (!video.paused) postProgress('playing'); });
video.addEventListener('play', () => { everPlayed = true; ensureLoad(); $('resume').hidden = true; showPlaying(); picturesMayLoad.then(() => transcript.load()); });
for (const ev of ['playing', 'waiting', 'seeking', 'canplay', 'stalled']) video.addEventListener(ev, showPlaying);
video.addEventListener('pause', () => { showPlaying(); savePosition(true); postProgress('pause', true); });
video.addEventListener('seeked', () => { showPlaying(); onTime(); savePosition(true); postProgress('seeked', true); });
video.addEventListener('ended', () => { showPlaying(); savePosition(true); postProgress('ended', true); });
video.addEventListener('ratechange', () => { if (Number(speed.value) !== video.playbackRate && SPEEDS.includes(video.playbackRate)) speed.value = String(video.playbackRate); });
video.addEventListener('error', () => {
  const e = video.error;
  logEvent('media_element_error', { code: e ? e.code : 0, message: e ? e.message : 'unknown' }, 'error');
});
window.addEventListener('pagehide', () => savePosition(true));
document.addEventListener('securitypolicyviolation', e => logEvent('csp_violation', { blocked: e.blockedURI, directive: e.violatedDirective }, 'error'));

// ---- keyboard ------------------------------------------------------------------------------
// On the window, in the capture phase, so they work wherever focus is (the video, a thumbnail,
// a button, the timeline), except in text fields, where keys are typing. Space on a focused
// button plays/pauses instead of pressing the button again (Enter still presses it).

function typing(t) {
  return t && (t.isContentEditable || t.tagName === 'TEXTAREA'
    || (t.tagName === 'INPUT' && !['range', 'button', 'checkbox', 'radio', 'submit'].includes(t.type)));
}

window.addEventListener('keydown', e => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
  const t = e.target;
  if (!$('keys').hidden) {
    if (e.key === 'Escape' || e.key === '?') { toggleKeys(false); e.preventDefault(); }
    return;
  }
  if (typing(t)) return;
  if (!player.lecture || $('layout').hidden) return;
  const inSelect = t && t.tagName === 'SELECT';
  const k = e.key;
  if (k === 'k' || k === ' ' || k === 'Spacebar') {
    if (inSelect && k === ' ') return; // opens the menu
    togglePlay();
  } else if (k === 'ArrowLeft' || k === 'ArrowRight') {
    if (inSelect) return;
    seekTo(currentTime() + (k === 'ArrowLeft' ? -5 : 5));
  } else if (k === 'j' || k === 'l') {
    seekTo(currentTime() + (k === 'j' ? -10 : 10));
  } else if (k === '>' || k === '<') {
    stepSpeed(k === '>' ? 1 : -1);
  } else if (k === 'c') {
    if ($('subtitles-label').hidden) return;
    chooseSubtitles(Number(subtitles.value) >= 0 ? -1 : (captionsLanguage ?? 0));
    announce(Number(subtitles.value) >= 0 ? `Captions: ${subtitles.selectedOptions[0].textContent}` : 'Captions off');
  } else if (k === 'f') {
    toggleFullscreen();
  } else if (k === 'm') {
    toggleMute();
  } else if (/^[0-9]$/.test(k)) {
    seekTo(duration() * Number(k) / 10);
  } else if (k === '?') {
    toggleKeys(true);
  } else if (k === '/') {
    if ($('transcript').hidden) return;
    $('search').focus();
  } else if (k === 'Home' || k === 'End') {
    if (inSelect) return;
    seekTo(k === 'Home' ? 0 : duration());
  } else {
    return;
  }
  e.preventDefault();
  e.stopPropagation();
}, true);

// Touch screens get no keyboard hint.
if (matchMedia('(hover: none), (pointer: coarse)').matches || navigator.maxTouchPoints > 0) document.documentElement.classList.add('touch');

main().catch(e => {
  setState('error', failure('The lecture cannot be shown', 'Reload the page to try again.', { error: String(e && e.stack || e) }));
});

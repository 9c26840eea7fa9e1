// The watch page: hls.js plays a lecture's master playlist in a <video> with native controls, a
// quality menu (Auto and each rendition, showing the one playing), a subtitles menu (Off, then each
// language the master lists, by its name; off by default), a thumbnail strip that seeks, and the
// MP4 link. ?asset=<asset ID> names the lecture. With an API (the local runtime) its
// title, status, thumbnails and MP4 come from there; without one (behind CloudFront) they follow
// from the asset path (assets/<id>/{HLS,MP4,Thumbnails}/<name>...).
//
// window.player records what happened (levels, fragments, errors) for the browser check.
import Hls from 'hls.js';
import { loadConfig, api, mediaUrl, formatDuration, renditionLabel, el, STATUS_TEXT } from './common.js';

const $ = id => document.getElementById(id);
const video = $('video'), quality = $('quality'), playing = $('playing'), strip = $('strip'), subtitles = $('subtitles');
const POLL_MS = 2000;

const player = window.player = {
  hls: null, video, lecture: null,
  levels: null,          // [{width, height, bitrate, codecs}] as hls.js parsed the master
  bufferCodecs: null,    // {audio, video} codec strings of the SourceBuffers hls.js created
  fragsLoaded: [],       // [{level, sn, start, duration}]
  levelSwitched: [],     // levels that became the playing level, in order
  hlsErrors: [],         // [{type, details, fatal}]
  subtitleTracks: null,  // [{id, lang, name}] as hls.js parsed the master
  cueChanges: [],        // [{t, lang, texts}] each time the showing text track's active cues change
  mediaErrors: [],       // video 'error' events
  ended: false,
  state: 'loading',      // loading | notfound | failed | converting | playing | error
};

// What ends the browser check at once: a media error, a fatal hls.js error, or one meaning the
// stream itself is broken. Stalls while a switch or a seek refills the buffer are expected, and so
// is bufferAppendNoProgress: a fragment appended again over a range already buffered (hls.js
// reloads the start at the level it switched to), a warning, not a failed append.
player.problems = function () {
  const bad = player.hlsErrors.filter(e => e.fatal || /Load|Parsing|Timeout|Decrypt|Append(ing)?Error|Incompatible/i.test(e.details));
  const list = player.mediaErrors.map(e => `media error ${e.code} ${e.message}`)
    .concat(bad.map(e => `hls.js ${e.fatal ? 'fatal ' : ''}${e.type} ${e.details}`));
  return list.length ? list.join('; ') : null;
};

// A frame of the video drawn into a canvas: size and how colourful it is (0 for a blank frame).
player.frameStats = function () {
  const w = video.videoWidth, h = video.videoHeight;
  if (!w || !h) return { width: w, height: h, colours: 0, meanLuma: 0 };
  const c = document.createElement('canvas');
  c.width = 160; c.height = 90;
  const g = c.getContext('2d', { willReadFrequently: true });
  g.drawImage(video, 0, 0, c.width, c.height);
  const px = g.getImageData(0, 0, c.width, c.height).data;
  const seen = new Set();
  let luma = 0;
  for (let i = 0; i < px.length; i += 4) {
    seen.add((px[i] >> 5) << 6 | (px[i + 1] >> 5) << 3 | (px[i + 2] >> 5)); // 3 bits per channel
    luma += 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2];
  }
  return { width: w, height: h, colours: seen.size, meanLuma: luma / (px.length / 4) };
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

function showTitle(l) {
  $('title').textContent = l.title;
  document.title = `${l.title} · Lecture`;
}

function showMeta(config, l) {
  const parts = [];
  if (l.duration != null) parts.push(el('span', { class: 'duration' }, formatDuration(l.duration)));
  for (const r of l.renditions || []) parts.push(el('span', { class: 'chip', title: `${r.width}×${r.height}` }, renditionLabel(r)));
  if (l.status && l.status !== 'READY') parts.push(el('span', { class: `badge ${l.status.toLowerCase()}` }, STATUS_TEXT[l.status] || l.status));
  $('meta').replaceChildren(...parts);
  if (l.mp4) {
    const a = $('mp4');
    a.href = mediaUrl(config, l.mp4);
    a.setAttribute('download', '');
    a.hidden = false;
  }
}

// ---- the lecture ---------------------------------------------------------------------------
async function lectureFromApi(config, assetId) {
  try {
    return await api(config, 'lecture?asset=' + encodeURIComponent(assetId));
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

// Without an API: the asset path convention, as the converter writes it.
function lectureFromPath(config, assetId) {
  const name = assetId.slice(assetId.lastIndexOf('/') + 1);
  const base = `assets/${assetId}`;
  return {
    assetId, title: assetId, status: 'READY', playable: true, derived: true,
    master: `${base}/HLS/${name}.m3u8`, mp4: `${base}/MP4/${name}.mp4`,
    thumbnailBase: `${base}/Thumbnails/${name}`, thumbnails: null, thumbnailInterval: config.thumbnailInterval,
    duration: null, renditions: [],
  };
}

async function main() {
  const config = await loadConfig();
  const assetId = new URLSearchParams(location.search).get('asset');
  if (!assetId) {
    $('title').textContent = 'No lecture chosen';
    setState('notfound', panel('notfound', 'No lecture chosen', 'Open a lecture from the library.', el('p', {}, el('a', { href: './' }, 'The library'))));
    return;
  }
  let l;
  try {
    l = config.api ? await lectureFromApi(config, assetId) : lectureFromPath(config, assetId);
  } catch (e) {
    $('title').textContent = assetId;
    setState('error', panel('failed', 'The library is not reachable', e.message));
    return;
  }
  if (!l) {
    $('title').textContent = 'Not found';
    document.title = 'Not found';
    setState('notfound', panel('notfound', 'Not found', `There is no lecture “${assetId}” in the library.`,
      el('p', {}, el('a', { href: './' }, 'Back to the library'))));
    return;
  }
  player.lecture = l;
  showTitle(l);
  showMeta(config, l);
  if (l.status === 'ERROR' && !l.playable) {
    setState('failed', panel('failed', 'The conversion failed', l.error || 'The job ended with an error.',
      el('p', { class: 'muted' }, `Job ${l.jobId || '?'}. Upload the video again to retry.`)));
    return;
  }
  if (!l.playable) {
    const waiting = l.status === 'PROGRESSING' || l.status === 'SUBMITTED';
    setState('converting', panel('converting', waiting ? `Converting… ${l.progress || 0}%` : 'Not playable',
      waiting ? 'The page starts the lecture when its conversion finishes.' : 'This lecture has no complete HLS stream.'));
    if (waiting) setTimeout(() => location.reload(), POLL_MS);
    return;
  }
  if (l.status === 'ERROR') {
    setState('playing', panel('failed', 'The latest conversion failed', l.error || '', 'This is the previous conversion.'));
  } else {
    setState('playing');
  }
  play(config, l);
}

// ---- playback ------------------------------------------------------------------------------
function play(config, l) {
  $('player').hidden = false;
  if (l.thumbnails) buildStrip(config, l.thumbnails, l.thumbnailInterval || config.thumbnailInterval);
  if (!Hls.isSupported()) {
    player.mediaErrors.push({ code: -1, message: 'hls.js is not supported in this browser (no Media Source Extensions)' });
    if (video.canPlayType('application/vnd.apple.mpegurl')) video.src = mediaUrl(config, l.master); // Safari plays HLS natively
    else setState('error', panel('failed', 'This browser cannot play HLS', 'Use the MP4 link below instead.'));
    return;
  }
  // Subtitles are off until the viewer picks a language (the master marks none DEFAULT either).
  const hls = player.hls = new Hls({
    enableWorker: true, subtitleDisplay: false,
    // Start-up (issue 17, measured by make bench): start from a weak-network guess, so the first
    // segment comes from the lowest rung that fits it (416x234, ~190 kb/s). Left unset, hls.js
    // takes the first variant's BANDWIDTH as its guess, and the master lists the mid rung first
    // (for Apple's players), so a learner on 400 kb/s would wait for a 540p segment. Once the
    // first segment is in, hls.js measures the link and climbs.
    abrEwmaDefaultEstimate: 250_000,
  });
  hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, (_, data) => buildSubtitleMenu(data.subtitleTracks));
  hls.on(Hls.Events.SUBTITLE_TRACK_SWITCH, (_, data) => { subtitles.value = String(data.id); });
  hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => {
    player.levels = data.levels.map(v => ({
      width: v.width, height: v.height, bitrate: v.bitrate,
      codecs: [v.videoCodec, v.audioCodec].filter(Boolean).join(','),
    }));
    buildQualityMenu();
    const autoplay = new URLSearchParams(location.search).get('autoplay');
    if (autoplay === '1') video.play().catch(e => player.mediaErrors.push({ code: -2, message: 'play(): ' + e }));
  });
  hls.on(Hls.Events.BUFFER_CODECS, (_, data) => {
    player.bufferCodecs = { audio: data.audio ? data.audio.codec : null, video: data.video ? data.video.codec : null };
  });
  hls.on(Hls.Events.FRAG_LOADED, (_, data) => {
    const f = data.frag;
    player.fragsLoaded.push({ level: f.level, sn: f.sn, start: f.start, duration: f.duration });
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => {
    player.levelSwitched.push(data.level);
    showPlaying();
  });
  hls.on(Hls.Events.LEVEL_LOADED, (_, data) => {
    if (l.derived && l.thumbnails === null && data.details && data.details.live === false) {
      // No API: the thumbnails are numbered from 0, one per interval while there is a picture, so
      // the duration gives them (less 0.1 s: the audio can outlast the last frame by a few ms).
      const interval = l.thumbnailInterval;
      const n = Math.max(1, Math.floor((data.details.totalduration - 0.1) / interval) + 1);
      l.thumbnails = Array.from({ length: n }, (_, i) => `${l.thumbnailBase}.${String(i).padStart(7, '0')}.jpg`);
      buildStrip(config, l.thumbnails, interval);
      $('meta').prepend(el('span', { class: 'duration' }, formatDuration(data.details.totalduration)));
    }
  });
  hls.on(Hls.Events.ERROR, (_, data) => {
    player.hlsErrors.push({ type: data.type, details: data.details, fatal: !!data.fatal });
    if (data.fatal) {
      const notFound = data.response && data.response.code === 404;
      setState('error', panel('failed', notFound ? 'Not found' : 'The stream stopped',
        notFound ? 'The lecture’s playlist is not there.' : `hls.js: ${data.details}`));
      hls.destroy();
    }
  });
  hls.loadSource(mediaUrl(config, l.master));
  hls.attachMedia(video);
}

function levelLabel(i) {
  const v = player.hls.levels[i];
  return v ? `${v.height}p` : '';
}

function buildQualityMenu() {
  const levels = player.hls.levels;
  const options = [el('option', { value: '-1' }, 'Auto')];
  // Highest first, as menus usually list them; values are hls.js level indexes.
  for (let i = levels.length - 1; i >= 0; i--) {
    options.push(el('option', { value: String(i) }, `${levels[i].height}p (${levels[i].width}×${levels[i].height})`));
  }
  quality.replaceChildren(...options);
  quality.value = '-1';
  showPlaying();
}

function showPlaying() {
  const h = player.hls;
  if (!h) return;
  const now = h.currentLevel >= 0 ? h.currentLevel : h.loadLevel;
  const auto = h.autoLevelEnabled;
  quality.options[0].textContent = auto && now >= 0 ? `Auto (${levelLabel(now)})` : 'Auto';
  playing.textContent = now >= 0 ? `Playing ${levelLabel(now)}${auto ? ', chosen automatically' : ''}` : '';
  playing.dataset.level = String(now);
}

quality.addEventListener('change', () => {
  const h = player.hls;
  if (!h) return;
  // currentLevel switches at once (flushes what is buffered); -1 hands the choice back to hls.js.
  h.currentLevel = Number(quality.value);
  showPlaying();
});

function buildSubtitleMenu(tracks) {
  player.subtitleTracks = tracks.map(t => ({ id: t.id, lang: t.lang, name: t.name }));
  const options = [el('option', { value: '-1' }, 'Off')];
  tracks.forEach((t, i) => options.push(el('option', { value: String(i), lang: t.lang || null }, t.name || t.lang || `Track ${i + 1}`)));
  subtitles.replaceChildren(...options);
  subtitles.value = '-1';
  const none = tracks.length === 0;
  subtitles.hidden = none;
  document.querySelector('label[for=subtitles]').hidden = none;
}

subtitles.addEventListener('change', () => {
  const h = player.hls;
  if (!h) return;
  const i = Number(subtitles.value);
  h.subtitleTrack = i;
  h.subtitleDisplay = i >= 0;
});

// What the viewer sees: the active cues of the text track that is showing.
video.textTracks.addEventListener('addtrack', e => {
  e.track.addEventListener('cuechange', () => {
    if (e.track.mode !== 'showing') return;
    const texts = [...(e.track.activeCues || [])].map(c => c.text);
    player.cueChanges.push({ t: video.currentTime, lang: e.track.language, texts });
  });
});

function buildStrip(config, keys, interval) {
  strip.replaceChildren(...keys.map((key, i) => {
    const t = i * interval;
    return el('li', {}, el('button', {
      type: 'button', 'data-time': String(t), 'aria-label': `Jump to ${formatDuration(t)}`,
      onclick: () => { video.currentTime = t; video.play().catch(() => {}); },
    }, el('img', {
      src: mediaUrl(config, key), alt: '', loading: i < 12 ? 'eager' : 'lazy', width: 160, height: 90,
      onerror: e => e.target.closest('li').remove(), // a thumbnail the convention guessed wrong
    }),
    el('span', {}, formatDuration(t))));
  }));
  strip.dataset.interval = String(interval);
}

function markStrip() {
  const interval = Number(strip.dataset.interval || 0);
  if (!interval) return;
  const current = Math.floor(video.currentTime / interval + 1e-6);
  strip.querySelectorAll('button').forEach((b, i) => {
    const on = i === current;
    if (on && !b.classList.contains('current')) {
      const li = b.parentElement;
      strip.scrollTo({ left: li.offsetLeft - strip.clientWidth / 2 + li.clientWidth / 2, behavior: 'smooth' });
    }
    b.classList.toggle('current', on);
    if (on) b.setAttribute('aria-current', 'true'); else b.removeAttribute('aria-current');
  });
}

video.addEventListener('error', () => {
  const e = video.error;
  player.mediaErrors.push({ code: e ? e.code : 0, message: e ? e.message : 'unknown' });
});
video.addEventListener('ended', () => { player.ended = true; });
video.addEventListener('play', () => { player.ended = false; });
video.addEventListener('timeupdate', markStrip);

// Keys, unless typing in a control or the video (whose native controls have their own).
document.addEventListener('keydown', e => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t !== document.body && t !== document.documentElement) return;
  if (e.key === 'k' || e.key === ' ') {
    if (video.paused) video.play().catch(() => {}); else video.pause();
  } else if (e.key === 'ArrowLeft') {
    video.currentTime = Math.max(0, video.currentTime - 5);
  } else if (e.key === 'ArrowRight') {
    video.currentTime = Math.min(video.duration || 0, video.currentTime + 5);
  } else if (e.key === 'm') {
    video.muted = !video.muted;
  } else if (e.key === 'q') {
    quality.focus();
  } else if (e.key === 'c' && !subtitles.hidden) {
    subtitles.focus();
  } else {
    return;
  }
  e.preventDefault();
});

main();

// Shared by the library and the watch page: where the API and the media are, URLs, titles, formatting.
//
// config.json (next to the page) says where things are, relative to the page:
//   api    the local runtime's JSON API ("api/"), or null where there is none (behind CloudFront)
//   media  the base URL that object keys of the output bucket are appended to ("media/" locally;
//          behind CloudFront the distribution's root, e.g. "../" when the page sits under /player/)
//   thumbnailInterval  seconds between thumbnails when neither lecture.json nor the API says (5)
//   allowQueryOverrides  false on AWS (Terraform writes it): ?media= and ?api= are then ignored, so
//          a link cannot point the public page at someone else's media. Locally (true, the
//          default) ?media=https://example.org/&api= (empty: no API) override the two for development.
//   progressTargetOrigin  the origin the progress messages are posted to (default "*", see watch.js)

export async function loadConfig() {
  let config = { api: 'api/', media: 'media/', thumbnailInterval: 5, allowQueryOverrides: true, progressTargetOrigin: '*' };
  try {
    const r = await fetch('config.json', { cache: 'no-cache' });
    if (r.ok) config = { ...config, ...(await r.json()) };
  } catch { /* the defaults */ }
  if (config.allowQueryOverrides !== false) {
    const q = new URLSearchParams(location.search);
    for (const k of ['api', 'media']) if (q.has(k)) config[k] = q.get(k) || null;
  }
  return config;
}

// RFC 3986 pchar = unreserved / pct-encoded / sub-delims / ":" / "@". encodeURIComponent escapes
// some of them; these are put back, so a segment differs from the object key only in bytes that
// are not pchar (the rule SignedCookies uses for the cookie Path and the policy resource).
const PCHAR_KEPT = /%(24|26|2B|2C|3B|3D|3A|40)/g;

/** One path segment, every byte outside RFC 3986 pchar percent-encoded (= and @ stay raw). */
export function encodePathSegment(s) {
  return encodeURIComponent(s).replace(PCHAR_KEPT, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/** An object key as a URL path: each segment by encodePathSegment, the slashes kept. */
export function encodeKeyPath(key) {
  return key.split('/').map(encodePathSegment).join('/');
}

/** The URL of an object key of the output bucket, under the media base. */
export function mediaUrl(config, key) {
  return new URL(encodeKeyPath(key), new URL(config.media, location.href)).href;
}

export async function api(config, path) {
  const r = await fetch(new URL(path, new URL(config.api, location.href)), { cache: 'no-cache' });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    const e = new Error(body.message || `${r.status} ${r.statusText}`);
    e.status = r.status;
    throw e;
  }
  return body;
}

// ---- what the watch page keeps in localStorage ---------------------------------------------
export const STORE = { position: id => `lms-hls:position:${id}`, speed: 'lms-hls:speed' };
export const FINISHED_WITHIN_S = 5; // a position this close to the end counts as finished

/** fn(localStorage), or `fallback` where storage is off (private mode, policy). */
export function storage(fn, fallback = null) {
  try { return fn(localStorage); } catch { return fallback; }
}

/**
 * The saved position of a lecture to resume at, or null: over 3 s, not finished, and (when the
 * duration is known) not within FINISHED_WITHIN_S of the end.
 */
export function resumePosition(assetId, duration = null) {
  const saved = storage(s => JSON.parse(s.getItem(STORE.position(assetId)) || 'null'));
  if (!saved || !(saved.position > 3) || saved.finished || (duration && saved.position >= duration - FINISHED_WITHIN_S)) return null;
  return saved.position;
}

export function watchHref(assetId) {
  return 'watch.html?asset=' + encodeURIComponent(assetId).replace(/%2F/g, '/');
}

const VIDEO_KEY = /\.(mp4|m4v|mov|mkv|webm|avi|mpe?g)$/i;

/** A readable title from an upload key: its last segment without the video extension. */
export function titleFromKey(key) {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return name.replace(VIDEO_KEY, '') || name;
}

/**
 * A readable title from an asset id (AssetPath's rule; the extension is already gone): the last
 * segment, its =XX escapes decoded when they form UTF-8; a hashed id (name@hash) keeps its name.
 */
export function titleFromAssetId(id) {
  let name = id.slice(id.lastIndexOf('/') + 1);
  const hashed = /^(.*)@[A-Z2-7]{16}$/.exec(name);
  if (hashed) return hashed[1].replace(/_+/g, ' ').trim() || name;
  if (/=[0-9A-F]{2}/.test(name)) {
    try {
      const bytes = [];
      for (let i = 0; i < name.length; i++) {
        if (name[i] === '=' && /^[0-9A-F]{2}$/.test(name.slice(i + 1, i + 3))) { bytes.push(parseInt(name.slice(i + 1, i + 3), 16)); i += 2; }
        else bytes.push(name.charCodeAt(i));
      }
      name = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    } catch { /* not UTF-8: keep the id as it is */ }
  }
  return name;
}

/** The API's title: an upload key (folder and extension) made readable; an author's title as it is. */
export function titleFromApi(title, assetId) {
  if (!title) return titleFromAssetId(assetId);
  return VIDEO_KEY.test(title) || title.includes('/') ? titleFromKey(title) : title;
}

export function formatDuration(s) {
  if (s == null || !isFinite(s)) return '';
  const t = Math.max(0, Math.floor(s + 1e-6));
  const h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, sec = t % 60;
  return (h ? `${h}:${String(m).padStart(2, '0')}` : `${m}`) + ':' + String(sec).padStart(2, '0');
}

/** "23 minutes 14 seconds": for screen readers, where 23:14 reads badly. */
export function spokenDuration(s) {
  const t = Math.max(0, Math.floor(s || 0));
  const h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, sec = t % 60;
  const part = (n, w) => (n ? `${n} ${w}${n === 1 ? '' : 's'}` : null);
  return [part(h, 'hour'), part(m, 'minute'), part(sec, 'second')].filter(Boolean).join(' ') || '0 seconds';
}

export function renditionLabel(r) {
  return `${r.height}p`;
}

/** Creates an element: el('a', { href: 'x', class: 'y' }, 'text', child…). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c != null && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

/** Operators' details go to the console as one JSON line: {"event": "snake_case_name", ...}. */
export function logEvent(event, fields = {}, level = 'info') {
  const line = JSON.stringify({ event, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v != null)) });
  (level === 'error' ? console.error : level === 'warn' ? console.warn : console.info)(line);
}

// MediaConvert's JobStatus (SUBMITTED, PROGRESSING, COMPLETE, CANCELED, ERROR), plus what the
// library says of outputs with no job (READY: complete, INCOMPLETE: no readable stream).
export const STATUS_TEXT = {
  READY: 'Ready', COMPLETE: 'Ready', SUBMITTED: 'Queued', PROGRESSING: 'Converting', ERROR: 'Failed', CANCELED: 'Canceled', INCOMPLETE: 'Incomplete',
};

// Shared by the library and the watch page: where the API and the media are, and formatting.
//
// config.json (next to the page) says where things are, relative to the page:
//   api    the local runtime's JSON API ("api/"), or null where there is none (behind CloudFront)
//   media  the base URL that object keys of the output bucket are appended to ("media/" locally;
//          behind CloudFront the distribution's root, e.g. "../" when the page sits under /player/)
//   thumbnailInterval  seconds between thumbnails when the API does not say (the job template's 5)
// The query string overrides any of them: ?media=https://example.org/&api= (empty: no API).

export async function loadConfig() {
  let config = { api: 'api/', media: 'media/', thumbnailInterval: 5 };
  try {
    const r = await fetch('config.json', { cache: 'no-cache' });
    if (r.ok) config = { ...config, ...(await r.json()) };
  } catch { /* the defaults */ }
  const q = new URLSearchParams(location.search);
  for (const k of ['api', 'media']) if (q.has(k)) config[k] = q.get(k) || null;
  return config;
}

/** The URL of an object key of the output bucket: each path segment encoded, under the media base. */
export function mediaUrl(config, key) {
  return new URL(key.split('/').map(encodeURIComponent).join('/'), new URL(config.media, location.href)).href;
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

export function watchHref(assetId) {
  return 'watch.html?asset=' + encodeURIComponent(assetId).replace(/%2F/g, '/');
}

export function formatDuration(s) {
  if (s == null || !isFinite(s)) return '';
  const t = Math.round(s);
  const h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, sec = t % 60;
  return (h ? `${h}:${String(m).padStart(2, '0')}` : `${m}`) + ':' + String(sec).padStart(2, '0');
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

export const STATUS_TEXT = {
  READY: 'Ready', SUBMITTED: 'Queued', PROGRESSING: 'Converting', ERROR: 'Failed', CANCELED: 'Canceled', INCOMPLETE: 'Incomplete',
};

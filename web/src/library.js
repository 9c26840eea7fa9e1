// The library: every converted lecture with its first thumbnail, duration and renditions; jobs
// still running show their progress (refreshed every 2 s, the list every 10 s), failed ones their
// error message.
import { loadConfig, api, mediaUrl, watchHref, formatDuration, renditionLabel, titleFromApi, el, STATUS_TEXT } from './common.js';

const list = document.getElementById('lectures');
const summary = document.getElementById('summary');
const POLL_MS = 2000;

function card(config, l) {
  const thumb = l.thumbnails && l.thumbnails.length
    ? el('img', { src: mediaUrl(config, l.thumbnails[0]), alt: '', width: 320, height: 180, loading: 'lazy' })
    : el('div', { class: 'nothumb', 'aria-hidden': 'true' }, l.status === 'ERROR' ? '!' : '…');
  const badge = !['READY', 'COMPLETE'].includes(l.status) ? el('span', { class: `badge ${l.status.toLowerCase()}` }, STATUS_TEXT[l.status] || l.status) : null;
  const meta = el('p', { class: 'meta' },
    l.duration != null ? el('span', { class: 'duration' }, formatDuration(l.duration)) : null,
    (l.renditions || []).map(r => el('span', { class: 'chip', title: `${r.width}×${r.height}, ${Math.round(r.bandwidth / 1000)} kb/s` }, renditionLabel(r))));
  const progress = l.progress != null
    ? el('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': l.progress, 'aria-label': 'Conversion progress' },
      el('div', { class: 'fill' }), el('span', {}, `${l.progress}%`))
    : null;
  if (progress) progress.firstChild.style.width = `${l.progress}%`;
  const error = l.error ? el('p', { class: 'error' }, l.error) : null;
  const name = titleFromApi(l.title, l.assetId);
  const title = el('h2', { class: 'title' }, l.playable
    ? el('a', { href: watchHref(l.assetId) }, name)
    : el('span', {}, name));
  return el('li', { class: `card ${l.playable ? 'playable' : ''}`, 'data-asset': l.assetId },
    el('div', { class: 'thumb' }, thumb, l.duration != null ? el('span', { class: 'time' }, formatDuration(l.duration)) : null),
    el('div', { class: 'body' }, title, badge, meta, progress, error));
}

async function refresh(config) {
  let lectures;
  try {
    lectures = await api(config, 'lectures');
  } catch (e) {
    summary.textContent = `The library cannot be listed: ${e.message}`;
    summary.className = 'error';
    setTimeout(() => refresh(config), POLL_MS * 5);
    return;
  }
  const running = lectures.filter(l => l.status === 'PROGRESSING' || l.status === 'SUBMITTED').length;
  const failed = lectures.filter(l => l.status === 'ERROR').length;
  summary.className = 'muted';
  summary.textContent = lectures.length === 0
    ? 'No lectures yet. Upload a video (.mp4) to the input bucket; it appears here while it converts.'
    : `${lectures.length} lecture${lectures.length === 1 ? '' : 's'}` + (running ? `, ${running} converting` : '') + (failed ? `, ${failed} failed` : '');
  const focused = document.activeElement && document.activeElement.closest('.card');
  const focusedAsset = focused && focused.dataset.asset;
  list.replaceChildren(...lectures.map(l => card(config, l)));
  if (focusedAsset) {
    const again = [...list.children].find(c => c.dataset.asset === focusedAsset);
    const link = again && again.querySelector('a');
    if (link) link.focus();
  }
  document.body.dataset.loaded = 'true';
  // New uploads appear by themselves; running jobs are followed more closely.
  setTimeout(() => refresh(config), running ? POLL_MS : POLL_MS * 5);
}

(async () => {
  const config = await loadConfig();
  if (!config.api) {
    summary.textContent = 'This deployment has no listing. Open a lecture with watch.html?asset=<asset ID>.';
    document.body.dataset.loaded = 'true';
    return;
  }
  refresh(config);
})();

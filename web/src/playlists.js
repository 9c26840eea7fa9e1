// The few playlist and WebVTT facts the page reads itself (hls.js reads the rest): the master's
// subtitle renditions and image streams, an image media playlist's tiles, a media playlist's
// segments, and the cues of WebVTT segments. Pure functions over text, no I/O.

// ATTRIBUTE-LIST (RFC 8216 §4.2): NAME=value pairs, values quoted or not, commas inside quotes.
const ATTR = /([A-Z0-9-]+)=("[^"]*"|[^",]*)/g;

export function attributes(list) {
  const out = {};
  for (const m of list.matchAll(ATTR)) out[m[1]] = m[2].startsWith('"') ? m[2].slice(1, -1) : m[2];
  return out;
}

export function resolution(value) {
  const m = /^(\d+)x(\d+)$/.exec(value || '');
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

function lines(text) {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/).map(l => l.trim()).filter(Boolean);
}

/**
 * A master playlist: {subtitles: [{language, name, uri}], imageStreams: [{uri, width, height,
 * bandwidth, codecs}], variants: [{uri, bandwidth, averageBandwidth, width, height, audio}],
 * audio: [{group, name, language, isDefault, uri}]}. Image streams are #EXT-X-IMAGE-STREAM-INF
 * (Roku's Image Media Playlist v0.4, what MediaConvert's image-based trick play writes); variants
 * are #EXT-X-STREAM-INF (not the I-frame ones). URIs resolved against baseUrl.
 */
export function parseMaster(text, baseUrl) {
  const subtitles = [], imageStreams = [], variants = [], audio = [];
  let variant = null;
  for (const l of lines(text)) {
    if (l.startsWith('#EXT-X-MEDIA:')) {
      const a = attributes(l.slice(13));
      if (a.TYPE === 'SUBTITLES' && a.URI) {
        subtitles.push({ language: a.LANGUAGE || '', name: a.NAME || a.LANGUAGE || '', uri: new URL(a.URI, baseUrl).href });
      } else if (a.TYPE === 'AUDIO' && a.URI) {
        audio.push({ group: a['GROUP-ID'] || '', name: a.NAME || '', language: a.LANGUAGE || '', isDefault: a.DEFAULT === 'YES', uri: new URL(a.URI, baseUrl).href });
      }
    } else if (l.startsWith('#EXT-X-IMAGE-STREAM-INF:')) {
      const a = attributes(l.slice(24));
      const r = resolution(a.RESOLUTION);
      if (a.URI) {
        imageStreams.push({ uri: new URL(a.URI, baseUrl).href, width: r ? r.width : null, height: r ? r.height : null,
          bandwidth: Number(a.BANDWIDTH) || null, codecs: a.CODECS || null });
      }
    } else if (l.startsWith('#EXT-X-STREAM-INF:')) {
      const a = attributes(l.slice(18));
      const r = resolution(a.RESOLUTION);
      variant = { bandwidth: Number(a.BANDWIDTH) || null, averageBandwidth: Number(a['AVERAGE-BANDWIDTH']) || null,
        width: r ? r.width : null, height: r ? r.height : null, audio: a.AUDIO || null };
    } else if (!l.startsWith('#') && variant) {
      variants.push({ uri: new URL(l, baseUrl).href, ...variant });
      variant = null;
    }
  }
  return { subtitles, imageStreams, variants, audio };
}

/** A media playlist's segments: [{uri, start, duration}] (URIs resolved against baseUrl). */
export function parseSegments(text, baseUrl) {
  const out = [];
  let t = 0, duration = null;
  for (const l of lines(text)) {
    if (l.startsWith('#EXTINF:')) duration = parseFloat(l.slice(8));
    else if (!l.startsWith('#') && duration != null) {
      out.push({ uri: new URL(l, baseUrl).href, start: t, duration });
      t += duration;
      duration = null;
    }
  }
  return out;
}

/**
 * An image media playlist: {tiles: [{uri, start, duration, width, height, columns, rows,
 * thumbDuration}]} for each tile image, or null when the text is not one (#EXT-X-IMAGES-ONLY).
 * #EXT-X-TILES: RESOLUTION is one thumbnail's size, LAYOUT columns x rows, DURATION each
 * thumbnail's seconds; it applies to the segment that follows it.
 */
export function parseImagePlaylist(text, baseUrl) {
  const ls = lines(text);
  if (!ls.includes('#EXT-X-IMAGES-ONLY')) return null;
  const tiles = [];
  let t = 0, duration = null, tile = null;
  for (const l of ls) {
    if (l.startsWith('#EXT-X-TILES:')) {
      const a = attributes(l.slice(13));
      const r = resolution(a.RESOLUTION), layout = /^(\d+)x(\d+)$/.exec(a.LAYOUT || '1x1');
      tile = { width: r ? r.width : null, height: r ? r.height : null,
        columns: layout ? Number(layout[1]) : 1, rows: layout ? Number(layout[2]) : 1, thumbDuration: parseFloat(a.DURATION) || null };
    } else if (l.startsWith('#EXTINF:')) {
      duration = parseFloat(l.slice(8));
    } else if (!l.startsWith('#') && duration != null) {
      const tl = tile || { width: null, height: null, columns: 1, rows: 1, thumbDuration: null };
      tiles.push({ uri: new URL(l, baseUrl).href, start: t, duration, ...tl,
        thumbDuration: tl.thumbDuration || duration / (tl.columns * tl.rows) });
      t += duration;
      duration = null;
    }
  }
  return { tiles, duration: t };
}

/** Where time t is in an image playlist: {tile, index, column, row} or null. */
export function tileAt(images, t) {
  if (!images || !images.tiles.length) return null;
  const tiles = images.tiles;
  let tile = tiles[tiles.length - 1];
  for (const x of tiles) if (t < x.start + x.duration) { tile = x; break; }
  const count = tile.columns * tile.rows;
  const index = Math.min(count - 1, Math.max(0, Math.floor((t - tile.start) / tile.thumbDuration + 1e-6)));
  return { tile, index, column: index % tile.columns, row: Math.floor(index / tile.columns), time: tile.start + index * tile.thumbDuration };
}

// ---- WebVTT --------------------------------------------------------------------------------

const TIMING = /^((?:\d+:)?\d{1,2}:\d{2}[.,]\d{3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{3})/;

function seconds(stamp) {
  const p = stamp.replace(',', '.').split(':').map(Number);
  return p.length === 3 ? p[0] * 3600 + p[1] * 60 + p[2] : p[0] * 60 + p[1];
}

/** Cue text as plain text: tags (<v Name>, <c>, <b>, timestamps) dropped, entities decoded. */
function plain(text) {
  return text.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, ' ')
    .replace(/&lrm;|&rlm;/g, '').replace(/&amp;/g, '&');
}

/**
 * The cues of one WebVTT file (a segment of an HLS subtitle rendition): [{start, end, text}], in
 * the stream's time. X-TIMESTAMP-MAP=MPEGTS:m,LOCAL:l says that cue time l is at the MPEG-2 TS
 * time m, and m is the video's first PTS in what the local engine and MediaConvert write (what
 * RFC 8216 §3.5 intends), so media time = cue time - l. videoStartPts (90 kHz), when a caller knows
 * the video's first PTS, adds the difference m - videoStartPts.
 */
export function parseVtt(text, videoStartPts = null) {
  const blocks = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split(/\n{2,}/);
  let offset = 0;
  const header = blocks[0] || '';
  const map = /X-TIMESTAMP-MAP=([^\n]*)/.exec(header);
  if (map) {
    const mpegts = /MPEGTS:(\d+)/.exec(map[1]), local = /LOCAL:([\d:.]+)/.exec(map[1]);
    const base = videoStartPts != null && mpegts ? (Number(mpegts[1]) - videoStartPts) / 90000 : 0;
    offset = base - (local ? seconds(local[1]) : 0);
  }
  const cues = [];
  for (const b of blocks) {
    const ls = b.split('\n');
    const i = ls.findIndex(l => TIMING.test(l));
    if (i < 0) continue;
    const m = TIMING.exec(ls[i]);
    const body = plain(ls.slice(i + 1).join('\n')).trim();
    if (!body) continue;
    cues.push({ start: +(seconds(m[1]) + offset).toFixed(3), end: +(seconds(m[2]) + offset).toFixed(3), text: body });
  }
  return cues;
}

/** Cues of all segments, in order, each once (a cue across a segment boundary is in both). */
export function mergeCues(lists) {
  const seen = new Set(), out = [];
  for (const c of lists.flat()) {
    const k = `${c.start}|${c.end}|${c.text}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(c);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

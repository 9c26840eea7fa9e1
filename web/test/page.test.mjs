// The page's pure parts, with Node's test runner (node --test web/test; make player runs it first):
// the URL encoding rule (C3), titles, the image media playlist and tile arithmetic, WebVTT times.
import test from 'node:test';
import assert from 'node:assert/strict';
import { encodePathSegment, encodeKeyPath, titleFromKey, titleFromAssetId, titleFromApi, formatDuration } from '../src/common.js';
import { parseMaster, parseImagePlaylist, tileAt, parseSegments, parseVtt, mergeCues } from '../src/playlists.js';

test('asset ids go into paths with = and @ raw, every byte outside pchar encoded', () => {
  assert.equal(encodeKeyPath('assets/Vorlesung=203=20=E2=80=93/HLS/x.m3u8'), 'assets/Vorlesung=203=20=E2=80=93/HLS/x.m3u8');
  assert.equal(encodeKeyPath('assets/_bung_1_s@nq5ystxxsxidledz/MP4/a.mp4'), 'assets/_bung_1_s@nq5ystxxsxidledz/MP4/a.mp4');
  assert.equal(encodePathSegment("a b%c?d#e\u00fc"), 'a%20b%25c%3Fd%23e%C3%BC');
  // The rest of pchar stays too: sub-delims and ':'.
  assert.equal(encodePathSegment("!$&'()*+,;=:@-._~"), "!$&'()*+,;=:@-._~");
});

test('titles: an upload key without folder and extension, an asset id decoded, an author title as it is', () => {
  assert.equal(titleFromKey('kurs-1/Vorlesung 3 – Über Räder.mp4'), 'Vorlesung 3 – Über Räder');
  assert.equal(titleFromKey('Übung – 1 s.MP4'), 'Übung – 1 s');
  assert.equal(titleFromAssetId('kurs-1/Vorlesung=203=20=E2=80=93=20=C3=9Cber=20R=C3=A4der'), 'Vorlesung 3 – Über Räder');
  assert.equal(titleFromAssetId('talk.v2'), 'talk.v2');
  assert.equal(titleFromAssetId('_bung_1_s@NQ5YSTXXSXIDLEDZ'), 'bung 1 s');
  assert.equal(titleFromApi('Intro to Node.js', 'x'), 'Intro to Node.js');
  assert.equal(titleFromApi('course/intro.mp4', 'x'), 'intro');
  assert.equal(formatDuration(23 * 60 + 14.9), '23:14');
  assert.equal(formatDuration(3723), '1:02:03');
});

const MASTER = `#EXTM3U
#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en",NAME="English",URI="x_subtitles_en.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"
x_360.m3u8
#EXT-X-IMAGE-STREAM-INF:BANDWIDTH=3864,RESOLUTION=160x90,CODECS="jpeg",URI="x_thumbnails_160x90.m3u8"
`;
const IMAGES = `#EXTM3U
#EXT-X-IMAGES-ONLY
#EXTINF:125.0,
#EXT-X-TILES:RESOLUTION=160x90,LAYOUT=5x5,DURATION=5.0
x_thumbnails_00001.jpg
#EXT-X-TILES:RESOLUTION=160x90,LAYOUT=5x5,DURATION=5.0
#EXTINF:20.0,
x_thumbnails_00002.jpg
#EXT-X-ENDLIST
`;

test('the master names its captions and its image stream; the image playlist its tiles', () => {
  const m = parseMaster(MASTER, 'https://cdn.example/assets/a/HLS/x.m3u8');
  assert.deepEqual(m.subtitles, [{ language: 'en', name: 'English', uri: 'https://cdn.example/assets/a/HLS/x_subtitles_en.m3u8' }]);
  assert.equal(m.imageStreams.length, 1);
  assert.equal(m.imageStreams[0].width, 160);
  const images = parseImagePlaylist(IMAGES, m.imageStreams[0].uri);
  assert.equal(images.tiles.length, 2);
  assert.equal(images.duration, 145);
  assert.equal(parseImagePlaylist('#EXTM3U\n#EXTINF:6,\na.ts\n', 'https://x/'), null);
  // 12.5 s: tile 1, thumbnail 2 (10 s), column 2 of row 0; 131 s: tile 2, thumbnail 1 (130 s).
  assert.deepEqual((({ index, column, row, time }) => ({ index, column, row, time }))(tileAt(images, 12.5)), { index: 2, column: 2, row: 0, time: 10 });
  const late = tileAt(images, 131);
  assert.equal(late.tile.uri, 'https://cdn.example/assets/a/HLS/x_thumbnails_00002.jpg');
  assert.deepEqual([late.index, late.time], [1, 130]);
  assert.deepEqual(tileAt(images, 62).column, 2); // thumbnail 12: row 2, column 2
  assert.deepEqual(tileAt(images, 62).row, 2);
});

test('WebVTT segments: X-TIMESTAMP-MAP LOCAL offsets the cues, duplicates across segments merge', () => {
  const a = 'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n00:00:12.000 --> 00:00:14.500\n<v Anna>Second &amp; last</v>\n';
  const b = 'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:10.000\n\n00:00:22.000 --> 00:00:24.500\nSecond &amp; last\n\n1:00:00.000 --> 1:00:01.000\nan hour in\n';
  assert.deepEqual(parseVtt(a), [{ start: 12, end: 14.5, text: 'Second & last' }]);
  const cues = mergeCues([parseVtt(a), parseVtt(b)]);
  assert.deepEqual(cues.map(c => [c.start, c.text]), [[12, 'Second & last'], [3590, 'an hour in']]);
  // A caller that knows the video's first PTS shifts by the difference to MPEGTS.
  assert.equal(parseVtt(a, 900000 - 90000)[0].start, 13);
  assert.deepEqual(parseSegments('#EXTM3U\n#EXTINF:6.0,\ns1.vtt\n#EXTINF:4.5,\ns2.vtt\n', 'https://x/HLS/p.m3u8').map(s => [s.uri, s.start]), [['https://x/HLS/s1.vtt', 0], ['https://x/HLS/s2.vtt', 6]]);
});

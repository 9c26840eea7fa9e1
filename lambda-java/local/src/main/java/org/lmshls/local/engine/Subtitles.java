package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes one WebVTT subtitle rendition: a segment for each of the video's segments (same
 * boundaries, as MediaConvert's {@code CaptionSegmentLengthControl MATCH_VIDEO}), each holding
 * the cues that overlap it, and a playlist with the video's segment durations.
 *
 * <p>Done here rather than by FFmpeg: FFmpeg's segment muxer cuts a subtitle stream at cue
 * boundaries (three cues at 1 s, 12.5 s and 25 s of a 30 s video become segments of 3, 1.5 and
 * 2 s), so its playlist neither covers the video nor lines up with its segments.
 *
 * <p>Each segment carries {@code X-TIMESTAMP-MAP=MPEGTS:<first PTS of the video>,LOCAL:00:00:00.000}
 * (RFC 8216 3.5), so a player maps cue time 0 to the start of the transport stream, which
 * FFmpeg's muxer offsets by 1.4 s.
 */
final class Subtitles {
    private Subtitles() {}

    /** Returns the rendition's duration in ms. */
    static long write(
            List<CaptionCues.Cue> cues,
            List<Double> durations,
            long firstPts,
            boolean integerDurations,
            String name,
            Path out,
            String scratchPrefix,
            String bucket,
            String folder,
            List<StagedFile> uploads)
            throws IOException {
        MediaPlaylist playlist = new MediaPlaylist(integerDurations);
        double at = 0;
        for (int i = 0; i < durations.size(); i++) {
            double d = durations.get(i);
            long from = Math.round(at * 1000), to = Math.round((at + d) * 1000);
            StringBuilder seg = new StringBuilder("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:")
                    .append(firstPts)
                    .append(",LOCAL:00:00:00.000\n");
            for (CaptionCues.Cue c : cues) {
                if (c.startMs() < to && c.endMs() > from) {
                    seg.append('\n')
                            .append(CaptionCues.timestamp(c.startMs()))
                            .append(" --> ")
                            .append(CaptionCues.timestamp(c.endMs()))
                            .append('\n')
                            .append(c.text())
                            .append('\n');
                }
            }
            String segName = name + String.format(Locale.ROOT, "_%05d.vtt", i + 1);
            Path file = out.resolve(scratchPrefix + "-" + i + ".vtt");
            Files.writeString(file, seg.toString());
            uploads.add(new StagedFile(file, new ObjectLocation(bucket, folder + segName), "text/vtt; charset=utf-8"));
            playlist.add(segName, d);
            at += d;
        }
        playlist.stage(
                out.resolve(scratchPrefix + "-subtitles.m3u8"),
                new ObjectLocation(bucket, folder + name + ".m3u8"),
                uploads);
        return Math.round(at * 1000);
    }

    /**
     * The smallest PTS among the first PES packets of each stream in a transport stream segment
     * (90 kHz units), or 0 if there is none.
     */
    static long firstPts(Path segment) throws IOException {
        byte[] b = Files.readAllBytes(segment);
        long min = Long.MAX_VALUE;
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int p = 0; p + 188 <= b.length; p += 188) {
            if (b[p] != 0x47 || (b[p + 1] & 0x40) == 0) continue; // not a payload unit start
            int pid = ((b[p + 1] & 0x1f) << 8) | (b[p + 2] & 0xff);
            int afc = (b[p + 3] >> 4) & 3;
            if ((afc & 1) == 0) continue; // no payload
            int off = p + 4 + ((afc & 2) != 0 ? 1 + (b[p + 4] & 0xff) : 0);
            if (off + 14 > p + 188 || b[off] != 0 || b[off + 1] != 0 || b[off + 2] != 1) continue; // not PES (PAT/PMT)
            int streamId = b[off + 3] & 0xff;
            if (streamId < 0xC0 || streamId > 0xEF || !seen.add(pid)) continue;
            if (((b[off + 7] >> 6) & 2) == 0) continue; // no PTS
            long pts = ((long) (b[off + 9] >> 1) & 0x07) << 30
                    | (long) (b[off + 10] & 0xff) << 22
                    | (long) ((b[off + 11] & 0xff) >> 1) << 15
                    | (long) (b[off + 12] & 0xff) << 7
                    | (b[off + 13] & 0xff) >> 1;
            min = Math.min(min, pts);
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }
}

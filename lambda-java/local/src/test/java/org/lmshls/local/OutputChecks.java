package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.lmshls.local.engine.Ffmpeg;

/** Checks on the files a job wrote, with ffprobe and ffmpeg rather than by names alone. */
final class OutputChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STREAM_INF = Pattern.compile("#EXT-X-STREAM-INF:(.*)\\n(.*)");

    private OutputChecks() {}

    /**
     * The master (issue 17's contract): every variant has BANDWIDTH, AVERAGE-BANDWIDTH, RFC 6381
     * CODECS with High profile video and AAC-LC audio, RESOLUTION, FRAME-RATE and an AUDIO group that
     * an {@code EXT-X-MEDIA:TYPE=AUDIO} rendition has; one I-frame playlist per variant; one image
     * stream for trick play. Returns each variant's URI with its RESOLUTION, in the master's order.
     */
    static java.util.LinkedHashMap<String, String> checkMaster(Path master) throws IOException {
        String text = Files.readString(master);
        assertTrue(text.startsWith("#EXTM3U"), "master playlist starts with #EXTM3U");
        Matcher m = STREAM_INF.matcher(text);
        java.util.LinkedHashMap<String, String> variants = new java.util.LinkedHashMap<>();
        Matcher audio = Pattern.compile("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"([^\"]+)\".*URI=\"([^\"]+)\"")
                .matcher(text);
        assertTrue(audio.find(), "an EXT-X-MEDIA audio rendition in\n" + text);
        String group = audio.group(1);
        assertTrue(Files.isRegularFile(master.resolveSibling(audio.group(2))), "audio rendition " + audio.group(2));
        while (m.find()) {
            String attrs = m.group(1);
            assertTrue(attrs.matches(".*BANDWIDTH=[1-9][0-9]*.*"), "BANDWIDTH in " + attrs);
            assertTrue(attrs.matches(".*AVERAGE-BANDWIDTH=[1-9][0-9]*.*"), "AVERAGE-BANDWIDTH in " + attrs);
            assertTrue(attrs.matches(".*CODECS=\"avc1\\.64[0-9a-f]{4},mp4a\\.40\\.2\".*"), "CODECS in " + attrs);
            assertTrue(attrs.matches(".*FRAME-RATE=[0-9]+\\.[0-9]{3}.*"), "FRAME-RATE in " + attrs);
            assertTrue(attrs.contains("AUDIO=\"" + group + "\""), "AUDIO group in " + attrs);
            Matcher r = Pattern.compile("RESOLUTION=(\\d+x\\d+)").matcher(attrs);
            assertTrue(r.find(), "RESOLUTION in " + attrs);
            variants.put(m.group(2).strip(), r.group(1));
        }
        assertTrue(!variants.isEmpty(), "variants in\n" + text);
        assertEquals(
                variants.size(),
                text.lines()
                        .filter(l -> l.startsWith("#EXT-X-I-FRAME-STREAM-INF:"))
                        .count(),
                "one I-frame playlist per variant in\n" + text);
        assertEquals(
                1,
                text.lines()
                        .filter(l -> l.startsWith("#EXT-X-IMAGE-STREAM-INF:"))
                        .count(),
                "a trick-play image stream in\n" + text);
        return variants;
    }

    /** The template's ladder, in the master's order (the mid rung first). */
    static final List<String> LADDER = List.of("960x540", "640x360", "1280x720", "416x234", "1920x1080");

    /**
     * The variants are the template's rungs in its order, less any the source-aware ladder dropped
     * (C6: none taller than the source), or one rendition at the source's own size.
     */
    static void checkLadder(java.util.Collection<String> resolutions, String sourceSize) {
        List<String> got = List.copyOf(resolutions);
        if (got.equals(List.of(sourceSize))) return;
        List<String> kept = LADDER.stream().filter(got::contains).toList();
        assertEquals(kept, got, "the template's rungs in its order");
    }

    /** Every segment of the video variant exists, is at most ~6 s by ffprobe, and is H.264 alone at {@code size}. */
    static int checkVariant(Ffmpeg ffmpeg, Path variant, String size) throws Exception {
        return checkSegments(ffmpeg, variant, Set.of("h264"), size);
    }

    /** The audio rendition: AAC segments of at most ~6 s. */
    static int checkAudio(Ffmpeg ffmpeg, Path rendition) throws Exception {
        return checkSegments(ffmpeg, rendition, Set.of("aac"), null);
    }

    private static int checkSegments(Ffmpeg ffmpeg, Path variant, Set<String> codecs, String size) throws Exception {
        List<String> lines = Files.readAllLines(variant);
        int target = Integer.parseInt(lines.stream()
                .filter(l -> l.startsWith("#EXT-X-TARGETDURATION:"))
                .findFirst()
                .orElseThrow()
                .substring(22));
        assertTrue(target <= 6, "target duration " + target);
        assertTrue(lines.contains("#EXT-X-ENDLIST"), "VOD playlist ends with ENDLIST");
        int segments = 0;
        for (String l : lines) {
            if (l.startsWith("#EXTINF:")) assertTrue(l.matches("#EXTINF:[0-9]+\\.[0-9]+,"), "decimal " + l);
            if (l.isBlank() || l.startsWith("#")) continue;
            Path seg = variant.resolveSibling(l);
            assertTrue(Files.isRegularFile(seg), "segment " + l);
            JsonNode probe = probe(ffmpeg, seg);
            double duration = probe.path("format").path("duration").asDouble();
            assertTrue(duration > 0 && duration <= 6.5, l + " lasts " + duration + " s");
            assertEquals(codecs, codecs(probe), l);
            if (size != null) assertEquals(size, videoSize(probe), l);
            segments++;
        }
        assertTrue(segments > 0, "segments in " + variant);
        return segments;
    }

    /** The whole stream decodes with no error output. */
    static void checkDecodes(Ffmpeg ffmpeg, Path media) throws Exception {
        var r = Pipeline.runAllowingFailure(
                ffmpeg.ffmpeg(List.of("-v", "error", "-i", media.toString(), "-map", "0", "-f", "null", "-")));
        assertEquals(0, r.exit(), () -> "decoding " + media + ": " + r.err());
        assertEquals("", r.err().strip(), () -> "decoding " + media + " printed errors");
    }

    /** H.264 + AAC, 1280x720, and the moov box comes before mdat (progressive download). */
    static void checkMp4(Ffmpeg ffmpeg, Path mp4) throws Exception {
        checkMp4(ffmpeg, mp4, "1280x720");
    }

    /** H.264 + AAC at {@code size} (WxH), and the moov box comes before mdat (progressive download). */
    static void checkMp4(Ffmpeg ffmpeg, Path mp4, String size) throws Exception {
        JsonNode probe = probe(ffmpeg, mp4);
        assertEquals(Set.of("h264", "aac"), codecs(probe));
        assertEquals(size, videoSize(probe));
        List<String> boxes = topLevelBoxes(mp4);
        assertTrue(boxes.contains("moov") && boxes.contains("mdat"), "boxes " + boxes);
        assertTrue(boxes.indexOf("moov") < boxes.indexOf("mdat"), "moov before mdat: " + boxes);
    }

    /** {@code expected} JPEGs named name.NNNNNNN.jpg (0-based), each 1280x720. */
    static void checkThumbnails(Ffmpeg ffmpeg, Path folder, String name, int expected) throws Exception {
        checkThumbnails(ffmpeg, folder, name, expected, "1280x720");
    }

    /** {@code expected} JPEGs named name.NNNNNNN.jpg (0-based), each {@code size} (WxH). */
    static void checkThumbnails(Ffmpeg ffmpeg, Path folder, String name, int expected, String size) throws Exception {
        List<Path> jpgs;
        try (Stream<Path> s = Files.list(folder)) {
            jpgs = s.sorted().toList();
        }
        assertEquals(expected, jpgs.size(), "thumbnails " + jpgs);
        for (int i = 0; i < jpgs.size(); i++) {
            assertEquals(
                    name + String.format(".%07d.jpg", i),
                    jpgs.get(i).getFileName().toString());
            JsonNode probe = probe(ffmpeg, jpgs.get(i));
            assertEquals(
                    "mjpeg", probe.path("streams").path(0).path("codec_name").asText());
            assertEquals(size, videoSize(probe));
        }
    }

    static JsonNode probe(Ffmpeg ffmpeg, Path file) throws Exception {
        var r = Pipeline.run(ffmpeg.ffprobe(
                List.of("-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.toString())));
        return JSON.readTree(r.out());
    }

    static Set<String> codecs(JsonNode probe) {
        Set<String> out = new TreeSet<>();
        probe.path("streams").forEach(s -> out.add(s.path("codec_name").asText()));
        return out;
    }

    static String videoSize(JsonNode probe) {
        for (JsonNode s : probe.path("streams")) {
            if (s.path("codec_type").asText().equals("video"))
                return s.path("width").asInt() + "x" + s.path("height").asInt();
        }
        return "none";
    }

    static List<String> topLevelBoxes(Path mp4) throws IOException {
        byte[] b = Files.readAllBytes(mp4);
        ByteBuffer buf = ByteBuffer.wrap(b);
        List<String> boxes = new ArrayList<>();
        int pos = 0;
        while (pos + 8 <= b.length) {
            long size = Integer.toUnsignedLong(buf.getInt(pos));
            String type = new String(b, pos + 4, 4, StandardCharsets.US_ASCII);
            if (size == 1) size = buf.getLong(pos + 8);
            if (size == 0) size = b.length - pos;
            boxes.add(type);
            if (size < 8) break;
            pos += (int) size;
        }
        return boxes;
    }
}

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

    /** The master lists exactly 640x360, 960x540, 1280x720 with BANDWIDTH and CODECS; returns the variant URIs. */
    static List<String> checkMaster(Path master) throws IOException {
        String text = Files.readString(master);
        assertTrue(text.startsWith("#EXTM3U"), "master playlist starts with #EXTM3U");
        Matcher m = STREAM_INF.matcher(text);
        Set<String> resolutions = new TreeSet<>();
        List<String> variants = new ArrayList<>();
        while (m.find()) {
            String attrs = m.group(1);
            assertTrue(attrs.matches(".*BANDWIDTH=[1-9][0-9]*.*"), "BANDWIDTH in " + attrs);
            assertTrue(attrs.matches(".*CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\".*"), "CODECS in " + attrs);
            Matcher r = Pattern.compile("RESOLUTION=(\\d+x\\d+)").matcher(attrs);
            assertTrue(r.find(), "RESOLUTION in " + attrs);
            resolutions.add(r.group(1));
            variants.add(m.group(2).strip());
        }
        assertEquals(3, variants.size(), "variants in\n" + text);
        assertEquals(new TreeSet<>(Set.of("640x360", "960x540", "1280x720")), resolutions);
        return variants;
    }

    /** Every segment of the variant exists, is at most ~10 s by ffprobe, and is H.264 + AAC at {@code size}. */
    static int checkVariant(Ffmpeg ffmpeg, Path variant, String size) throws Exception {
        List<String> lines = Files.readAllLines(variant);
        int target = Integer.parseInt(lines.stream()
                .filter(l -> l.startsWith("#EXT-X-TARGETDURATION:"))
                .findFirst()
                .orElseThrow()
                .substring(22));
        assertTrue(target <= 10, "target duration " + target);
        assertTrue(lines.contains("#EXT-X-ENDLIST"), "VOD playlist ends with ENDLIST");
        int segments = 0;
        for (String l : lines) {
            if (l.isBlank() || l.startsWith("#")) continue;
            Path seg = variant.resolveSibling(l);
            assertTrue(Files.isRegularFile(seg), "segment " + l);
            JsonNode probe = probe(ffmpeg, seg);
            double duration = probe.path("format").path("duration").asDouble();
            assertTrue(duration > 0 && duration <= 10.5, l + " lasts " + duration + " s");
            assertEquals(Set.of("h264", "aac"), codecs(probe), l);
            assertEquals(size, videoSize(probe), l);
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
        JsonNode probe = probe(ffmpeg, mp4);
        assertEquals(Set.of("h264", "aac"), codecs(probe));
        assertEquals("1280x720", videoSize(probe));
        List<String> boxes = topLevelBoxes(mp4);
        assertTrue(boxes.contains("moov") && boxes.contains("mdat"), "boxes " + boxes);
        assertTrue(boxes.indexOf("moov") < boxes.indexOf("mdat"), "moov before mdat: " + boxes);
    }

    /** {@code expected} JPEGs named name.NNNNNNN.jpg (0-based), each 1280x720. */
    static void checkThumbnails(Ffmpeg ffmpeg, Path folder, String name, int expected) throws Exception {
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
            assertEquals("1280x720", videoSize(probe));
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

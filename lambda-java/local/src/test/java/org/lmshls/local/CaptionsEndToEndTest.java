package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lmshls.local.engine.CaptionCues;
import org.lmshls.local.engine.EnginePlan.CaptionFormat;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/**
 * Caption files through the whole local pipeline: uploads to the embedded S3 in any order,
 * the converter's caption selectors, the engine's WebVTT renditions, read back through S3 and
 * checked as a player would read them.
 */
class CaptionsEndToEndTest extends SharedPipeline {
    static final double SECONDS = 23;

    static void put(String key, byte[] bytes) {
        pipeline.runtime.s3().putObject(r -> r.bucket(pipeline.input()).key(key), RequestBody.fromBytes(bytes));
    }

    /** Every finished job of the key's asset, oldest first, once there are {@code count} of them. */
    static List<Job> finishedJobs(String key, int count) throws InterruptedException {
        String asset = Pipeline.assetId(key);
        Instant deadline = Instant.now().plus(Pipeline.JOB_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            List<Job> jobs = new ArrayList<>();
            for (Job j : pipeline.mediaConvert
                    .listJobsPaginator(r -> r.maxResults(20))
                    .jobs()) {
                if (asset.equals(j.userMetadata().get("assetID"))) jobs.add(j);
            }
            if (jobs.size() >= count
                    && jobs.stream().allMatch(j -> j.status() == JobStatus.COMPLETE || j.status() == JobStatus.ERROR)) {
                jobs.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
                return jobs;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("fewer than " + count + " finished jobs for " + key);
    }

    static final String EN = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWelcome\n\n"
            + "00:00:03.000 --> 00:00:05.000\nOverlapping\n\n"
            + "00:00:09.000 --> 00:00:12.000\nAcross a segment boundary\n\n"
            + "00:00:21.000 --> 00:00:30.000\nPast the end\n\n"
            + "00:00:40.000 --> 00:00:41.000\nAfter the end\n";

    @Test
    void captionsBeforeAndAfterTheVideoBecomeValidSubtitlePlaylists() throws Exception {
        String key = "course/talk.mp4";
        // Before the video: German SRT with a byte-order mark and CRLF line ends. No job yet.
        byte[] de = ("\uFEFF1\r\n00:00:02,000 --> 00:00:06,000\r\nGr\u00fc\u00dfe & <i>Willkommen</i>\r\n\r\n"
                        + "2\r\n00:00:15,500 --> 00:00:17,000\r\nZweiter Teil\r\n")
                .getBytes(StandardCharsets.UTF_8);
        put("course/talk.de.srt", de);
        put("course/talk.en.vtt", EN.getBytes(StandardCharsets.UTF_8));
        pipeline.runtime.lambda().drain(10_000); // both caption uploads' invocations are done

        assertEquals(
                0,
                pipeline.mediaConvert.listJobs(r -> r.maxResults(20)).jobs().stream()
                        .filter(j ->
                                Pipeline.assetId(key).equals(j.userMetadata().get("assetID")))
                        .count(),
                "no job for captions without their video");

        pipeline.upload(pipeline.clip("talk.mp4", SECONDS, 320, 180, 25, true), key);
        Job first = finishedJobs(key, 1).get(0);
        assertEquals(JobStatus.COMPLETE, first.status(), first.errorMessage());
        Map<String, String> names = check(key, 2);
        assertEquals(Map.of("de", "Deutsch", "en", "English"), names);
        Path out = dir.resolve("first");
        Map<String, List<String>> texts = cueTexts(out);
        assertEquals(List.of("Grüße &amp; <i>Willkommen</i>", "Zweiter Teil"), texts.get("de"));
        assertEquals(List.of("Welcome", "Overlapping", "Across a segment boundary", "Past the end"), texts.get("en"));

        // After the video: a third language starts a new job with all three.
        put(
                "course/talk.fr.vtt",
                "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBonjour\n".getBytes(StandardCharsets.UTF_8));
        List<Job> jobs = finishedJobs(key, 2);
        assertEquals(JobStatus.COMPLETE, jobs.get(1).status(), jobs.get(1).errorMessage());
        assertEquals(Map.of("de", "Deutsch", "en", "English", "fr", "Français"), check(key, 3));
    }

    /** Checks the master and every subtitle playlist; returns language → name. */
    Map<String, String> check(String key, int languages) throws Exception {
        Path out = pipeline.download("assets/" + Pipeline.assetId(key) + "/", Files.createTempDirectory(dir, "out"));
        copyTree(out, dir.resolve(languages == 2 ? "first" : "second"));
        Path master = out.resolve("HLS/talk.m3u8");
        String text = Files.readString(master);
        List<String> variants = List.copyOf(OutputChecks.checkMaster(master).keySet());
        for (String line : text.split("\n")) {
            if (line.startsWith("#EXT-X-STREAM-INF:")) assertTrue(line.contains(",SUBTITLES=\"subs\""), line);
        }
        Matcher m = Pattern.compile(
                        "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=\"([^\"]+)\",NAME=\"([^\"]+)\",[^\n]*URI=\"([^\"]+)\"")
                .matcher(text);
        Map<String, String> names = new TreeMap<>();
        List<String> videoDurations = extinf(master.resolveSibling(variants.get(0)));
        JsonNode probe = OutputChecks.probe(
                pipeline.ffmpeg(), master.resolveSibling(firstSegment(master.resolveSibling(variants.get(0)))));
        double start = probe.path("format").path("start_time").asDouble();
        while (m.find()) {
            names.put(m.group(1), m.group(2));
            Path playlist = master.resolveSibling(m.group(3));
            List<String> lines = Files.readAllLines(playlist);
            assertTrue(
                    lines.contains("#EXT-X-ENDLIST") && lines.contains("#EXT-X-PLAYLIST-TYPE:VOD"),
                    playlist.toString());
            assertEquals(videoDurations, extinf(playlist), "subtitle segments follow the video's");
            int n = 0;
            for (String l : lines) {
                if (l.isBlank() || l.startsWith("#")) continue;
                Path seg = playlist.resolveSibling(l);
                String vtt = Files.readString(seg);
                Matcher map = Pattern.compile("X-TIMESTAMP-MAP=MPEGTS:(\\d+),LOCAL:00:00:00.000")
                        .matcher(vtt);
                assertTrue(vtt.startsWith("WEBVTT\n") && map.find(), vtt);
                assertEquals(start, Long.parseLong(map.group(1)) / 90000.0, 0.05, "cue time 0 is the stream's start");
                double from = 6.0 * n, to = Math.min(6.0 * (n + 1), SECONDS + 0.1); // 6 s segments
                n++;
                if (!vtt.contains("-->")) continue; // a segment without cues is a header only, which is valid
                for (CaptionCues.Cue c :
                        CaptionCues.parse(vtt.getBytes(StandardCharsets.UTF_8), CaptionFormat.WEBVTT, seg.toString())) {
                    assertTrue(c.endMs() <= (SECONDS + 0.1) * 1000, "cue within the video: " + c);
                    assertTrue(
                            c.startMs() < to * 1000 && c.endMs() > from * 1000,
                            "cue overlaps its segment " + n + ": " + c);
                }
            }
            assertEquals(videoDurations.size(), n);
        }
        assertEquals(languages, names.size(), text);
        return names;
    }

    static Map<String, List<String>> cueTexts(Path out) throws Exception {
        Map<String, List<String>> texts = new TreeMap<>();
        for (String lang : List.of("de", "en")) {
            List<String> seen = new ArrayList<>();
            Path playlist = out.resolve("HLS/talk_subtitles_" + lang + ".m3u8");
            for (String l : Files.readAllLines(playlist)) {
                if (l.isBlank() || l.startsWith("#")) continue;
                if (!Files.readString(playlist.resolveSibling(l)).contains("-->")) continue;
                for (CaptionCues.Cue c :
                        CaptionCues.parse(Files.readAllBytes(playlist.resolveSibling(l)), CaptionFormat.WEBVTT, l)) {
                    if (!seen.contains(c.text())) seen.add(c.text());
                }
            }
            texts.put(lang, seen);
        }
        return texts;
    }

    static List<String> extinf(Path playlist) throws Exception {
        return Files.readAllLines(playlist).stream()
                .filter(l -> l.startsWith("#EXTINF:"))
                .toList();
    }

    static String firstSegment(Path playlist) throws Exception {
        return Files.readAllLines(playlist).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .findFirst()
                .orElseThrow();
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (var all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void aMalformedOrNonUtf8CaptionFailsTheJobNamingFileAndLineAndPublishesNothing() throws Exception {
        String key = "broken/lecture.mp4";
        put(
                "broken/lecture.en.vtt",
                "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:03,000 --> 00:00:04,000\nSRT time\n"
                        .getBytes(StandardCharsets.UTF_8));
        pipeline.upload(pipeline.clip("lecture.mp4", 4, 320, 180, 25, true), key);
        Job job = finishedJobs(key, 1).get(0);
        assertEquals(JobStatus.ERROR, job.status());
        assertTrue(job.errorMessage().contains("broken/lecture.en.vtt, line 6"), job.errorMessage());
        assertEquals(List.of(), pipeline.engineOutputs("assets/" + Pipeline.assetId(key) + "/"), "nothing published");

        String other = "latin/lecture.mp4";
        put(
                "latin/lecture.de.srt",
                "1\n00:00:01,000 --> 00:00:02,000\nStra\u00dfe\n".getBytes(Charset.forName("windows-1252")));
        pipeline.upload(pipeline.clip("lecture2.mp4", 4, 320, 180, 25, true), other);
        job = finishedJobs(other, 1).get(0);
        assertEquals(JobStatus.ERROR, job.status());
        assertTrue(
                job.errorMessage().contains("latin/lecture.de.srt, line 3")
                        && job.errorMessage().contains("not UTF-8"),
                job.errorMessage());
        assertEquals(List.of(), pipeline.engineOutputs("assets/" + Pipeline.assetId(other) + "/"), "nothing published");
    }
}

package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmshls.local.web.Lecture;
import org.lmshls.local.web.Library;
import org.lmshls.local.web.LocalWeb;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/**
 * The library/watch server against a running local pipeline: real uploads converted by the
 * engine, the listing through the S3 API, titles, progress and errors through the MediaConvert
 * API, media streamed from S3 with Range, and request paths that try to leave the output bucket.
 */
class WebEndToEndTest extends SharedPipeline {
    static LocalWeb web;
    static URI base;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();
    /** A 1 s lecture with no audio, under a folder, with characters that the asset path escapes. */
    static final String SHORT = "course 1/Intro (v2) & more.mp4";

    static final String BROKEN = "broken upload.mp4";
    static final String LONG = "long.mp4";
    static final byte[] SECRET = "secret outside assets/".getBytes(StandardCharsets.UTF_8);
    static Job shortJob, brokenJob;
    static final List<String> progressSeen = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void convertAndServe() throws Exception {
        Path pages = Files.createDirectories(dir.resolve("pages"));
        Files.writeString(pages.resolve("index.html"), "<!doctype html><title>library</title>");
        Files.writeString(pages.resolve("watch.html"), "<!doctype html><title>watch</title>");
        Files.writeString(pages.resolve("404.html"), "<!doctype html><title>Not found</title><h1>Not found</h1>");
        web = LocalWeb.start(pipeline.runtime, 0, pages);
        base = web.server().url();

        pipeline.upload(pipeline.clip("short.mp4", 1, 320, 180, 30, false), SHORT);
        Path garbage = dir.resolve("garbage.mp4");
        Files.write(garbage, "this is not a video".repeat(100).getBytes(StandardCharsets.UTF_8));
        pipeline.upload(garbage, BROKEN);
        pipeline.runtime
                .s3()
                .putObject(r -> r.bucket(pipeline.output()).key("secret.txt"), RequestBody.fromBytes(SECRET));
        pipeline.runtime
                .s3()
                .putObject(r -> r.bucket(pipeline.input()).key("secret.txt"), RequestBody.fromBytes(SECRET));
        shortJob = pipeline.finishedJobFor(SHORT);
        brokenJob = pipeline.finishedJobFor(BROKEN);

        // A longer job, watched through the page's API while it runs.
        pipeline.upload(pipeline.clip("long.mp4", 20, 640, 360, 30, true), LONG);
        String api = "api/lecture?asset=" + Pipeline.assetId(LONG);
        Instant deadline = Instant.now().plus(Pipeline.JOB_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = get(api);
            if (r.statusCode() == 200) {
                JsonNode l = JSON.readTree(r.body());
                progressSeen.add(
                        l.path("status").asText() + " " + l.path("progress").asText());
                if (l.path("status").asText().equals("COMPLETE")) break;
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        if (web != null) web.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> bytes(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode lecture(String key) throws Exception {
        HttpResponse<String> r = get(
                "api/lecture?asset=" + Pipeline.assetId(key).replace(" ", "%20").replace("&", "%26"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        return JSON.readTree(r.body());
    }

    static byte[] s3(String key) {
        return pipeline.runtime
                .s3()
                .getObjectAsBytes(r -> r.bucket(pipeline.output()).key(key))
                .asByteArray();
    }

    static String media(String key) {
        return "media/" + org.lmshls.local.web.MediaKey.encode(key);
    }

    @Test
    void aOneSecondLectureWithoutAudioIsListedByItsUploadKeyWithDurationRenditionsThumbnailsAndMp4() throws Exception {
        assertEquals(JobStatus.COMPLETE, shortJob.status(), shortJob.errorMessage());
        JsonNode all = JSON.readTree(get("api/lectures").body());
        JsonNode l = null;
        for (JsonNode n : all) if (n.path("assetId").asText().equals(Pipeline.assetId(SHORT))) l = n;
        assertNotNull(l, all::toString);
        assertEquals(SHORT, l.path("title").asText(), "the title is the original key, not the escaped asset id");
        assertEquals("COMPLETE", l.path("status").asText());
        assertTrue(l.path("playable").asBoolean());
        assertEquals(1.0, l.path("duration").asDouble(), 0.1);
        List<Integer> heights = new ArrayList<>();
        for (JsonNode r : l.path("renditions")) heights.add(r.path("height").asInt());
        // The one second 320x180 source is smaller than the lowest rung: one rendition at its own size (C6).
        assertEquals(List.of(180), heights);
        assertTrue(l.path("renditions").get(0).path("codecs").asText().startsWith("avc1."), l::toString);
        // The engine, like MediaConvert, fills a missing audio track with silence: the stream still has AAC.
        assertTrue(l.path("renditions").get(0).path("codecs").asText().endsWith(",mp4a.40.2"), l::toString);
        assertEquals(1, l.path("thumbnails").size(), l::toString);
        assertEquals(5.0, l.path("thumbnailInterval").asDouble());
        assertTrue(l.path("mp4").asText().startsWith("assets/" + Pipeline.assetId(SHORT) + "/MP4/"));
        assertTrue(l.path("master").asText().endsWith(".m3u8"));
        assertEquals(shortJob.id(), l.path("jobId").asText());
    }

    @Test
    void aFailedJobShowsItsErrorMessageAndIsNotPlayable() throws Exception {
        assertEquals(JobStatus.ERROR, brokenJob.status());
        JsonNode l = lecture(BROKEN);
        assertEquals(BROKEN, l.path("title").asText());
        assertEquals("ERROR", l.path("status").asText());
        assertFalse(l.path("playable").asBoolean());
        assertEquals(brokenJob.errorMessage(), l.path("error").asText());
        assertTrue(l.path("master").isNull());
    }

    @Test
    void aRunningJobShowsItsProgressThenBecomesReady() {
        assertTrue(
                progressSeen.stream().anyMatch(s -> s.matches("(PROGRESSING|SUBMITTED) \\d+")), progressSeen::toString);
        assertEquals("COMPLETE null", progressSeen.get(progressSeen.size() - 1), progressSeen::toString);
    }

    @Test
    void withoutTheJobTheTitleStillComesFromTheInputBucketThroughTheConvertersRule() {
        Library noJobs = new Library(pipeline.runtime.s3(), pipeline.output(), pipeline.input(), null);
        Lecture l = noJobs.get(Pipeline.assetId(SHORT)).orElseThrow();
        assertEquals(SHORT, l.title());
        assertEquals("COMPLETE", l.status());
        Library nothingElse = new Library(pipeline.runtime.s3(), pipeline.output(), null, null);
        assertEquals(
                Pipeline.assetId(SHORT),
                nothingElse.get(Pipeline.assetId(SHORT)).orElseThrow().title(),
                "last resort: the asset id");
    }

    @Test
    void aMissingLectureIsA404PageAndA404InTheApi() throws Exception {
        HttpResponse<String> page = get("watch.html?asset=no/such/lecture");
        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains("Not found"));
        assertEquals(
                "text/html; charset=utf-8",
                page.headers().firstValue("content-type").orElse(""));
        assertEquals(404, get("api/lecture?asset=no-such").statusCode());
        assertEquals(404, get("api/lecture").statusCode());
        assertEquals(404, get("media/assets/no-such/HLS/x.m3u8").statusCode());
        assertEquals(404, get("no-such-page.html").statusCode());
        assertEquals(
                200,
                get("watch.html?asset="
                                + Pipeline.assetId(SHORT).replace(" ", "%20").replace("&", "%26"))
                        .statusCode());
    }

    @Test
    void mediaHasItsContentTypeCachingAndTheObjectsBytes() throws Exception {
        JsonNode l = lecture(SHORT);
        String master = l.path("master").asText();
        String variant = l.path("renditions").get(0).path("playlist").asText();
        String segment = variant.replace(".m3u8", "_00001.ts");
        String[][] cases = {
            {master, "application/vnd.apple.mpegurl", "no-cache"},
            {segment, "video/mp2t", "public, max-age=86400"},
            {l.path("mp4").asText(), "video/mp4", "public, max-age=86400"},
            {l.path("thumbnails").get(0).asText(), "image/jpeg", "public, max-age=86400"},
        };
        for (String[] c : cases) {
            HttpResponse<byte[]> r = bytes(media(c[0]));
            assertEquals(200, r.statusCode(), c[0]);
            assertEquals(c[1], r.headers().firstValue("content-type").orElse(""), c[0]);
            assertEquals(c[2], r.headers().firstValue("cache-control").orElse(""), c[0]);
            assertEquals("bytes", r.headers().firstValue("accept-ranges").orElse(""));
            assertTrue(r.headers().firstValue("etag").isPresent());
            assertArrayEquals(s3(c[0]), r.body(), c[0]);
            assertEquals(
                    String.valueOf(r.body().length),
                    r.headers().firstValue("content-length").orElse(""));
        }
    }

    @Test
    void rangeRequestsGet206WithTheRightBytes() throws Exception {
        String mp4 = lecture(SHORT).path("mp4").asText();
        byte[] whole = s3(mp4);
        int n = whole.length;
        HttpResponse<byte[]> r = bytes(media(mp4), "Range", "bytes=100-1123");
        assertEquals(206, r.statusCode());
        assertEquals(
                "bytes 100-1123/" + n, r.headers().firstValue("content-range").orElse(""));
        assertEquals("video/mp4", r.headers().firstValue("content-type").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(whole, 100, 1124), r.body());

        r = bytes(media(mp4), "Range", "bytes=-10");
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole, n - 10, n), r.body());

        r = bytes(media(mp4), "Range", "bytes=" + (n - 5) + "-");
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole, n - 5, n), r.body());

        r = bytes(media(mp4), "Range", "bytes=" + n + "-");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */" + n, r.headers().firstValue("content-range").orElse(""));

        String etag = r.headers().firstValue("etag").orElseThrow();
        assertEquals(304, bytes(media(mp4), "If-None-Match", etag).statusCode());
        r = bytes(media(mp4), "Range", "bytes=0-9", "If-Range", "\"another-version\"");
        assertEquals(200, r.statusCode(), "If-Range for another version: the whole object");
        assertEquals(n, r.body().length);

        HttpResponse<Void> head = HTTP.send(
                HttpRequest.newBuilder(base.resolve(media(mp4)))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertEquals(
                String.valueOf(n), head.headers().firstValue("content-length").orElse(""));
    }

    /** Raw request lines, so that no client normalises the path before the server sees it. */
    static String raw(String target) throws IOException {
        return raw(target, "127.0.0.1");
    }

    static String raw(String target, String host) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void noRequestPathLeavesTheOutputBucketsAssets() throws Exception {
        String asset = org.lmshls.local.web.MediaKey.encode(Pipeline.assetId(SHORT));
        String[] attempts = {
            "/media/secret.txt",
            "/media/assets/../secret.txt",
            "/media/assets/%2e%2e/secret.txt",
            "/media/assets/%2E%2E/secret.txt",
            "/media/assets%2F..%2Fsecret.txt",
            "/media/assets/x%2F..%2F..%2Fsecret.txt",
            "/media/assets/..%5Csecret.txt",
            "/media/assets/%C0%AE%C0%AE/secret.txt",
            "/media/assets/./../secret.txt",
            "/media//secret.txt",
            "/media/%2Fsecret.txt",
            "/media/assets/" + asset + "/../../../secret.txt",
            "/media/assets/" + asset + "/%2e%2e/%2e%2e/%2e%2e/secret.txt",
            "/media/../" + pipeline.input() + "/secret.txt",
            "/media/assets/../../" + pipeline.input() + "/secret.txt",
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/..%2Fsecret.txt",
            "/media/assets/%00/secret.txt",
            "/..%2F..%2F..%2Fetc%2Fpasswd",
            "/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/index.html/../../../../etc/passwd",
        };
        for (String a : attempts) {
            String response = raw(a);
            String status = response.substring(0, response.indexOf("\r\n"));
            assertTrue(status.matches("HTTP/1\\.1 (400|404).*"), a + " → " + status);
            assertFalse(response.contains("secret outside"), a + " leaked the object outside assets/");
            assertFalse(response.contains("root:"), a + " leaked a file");
        }
        // The same object through a legitimate path is served, so the refusals above are not an accident.
        assertTrue(raw("/media/" + media(lecture(SHORT).path("master").asText()).substring("media/".length()))
                .startsWith("HTTP/1.1 200"));
    }

    @Test
    void itListensOnLoopbackOnly() throws Exception {
        assertEquals("127.0.0.1", base.getHost());
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof Inet4Address) others.add(a);
            }
        }
        for (InetAddress a : others) {
            try (Socket s = new Socket()) {
                assertThrows(
                        ConnectException.class,
                        () -> s.connect(new InetSocketAddress(a, base.getPort()), 2000),
                        a.toString());
            }
        }
        // Another name pointed at 127.0.0.1 (DNS rebinding) gets nothing; loopback names do.
        for (String host : new String[] {
            "evil.example",
            "evil.example:" + base.getPort(),
            "127.0.0.1.evil.example",
            "localhost.evil.example:80",
            "[::2]:80"
        }) {
            assertTrue(raw("/api/lectures", host).startsWith("HTTP/1.1 403"), host);
        }
        for (String host : new String[] {
            "127.0.0.1:" + base.getPort(), "localhost:" + base.getPort(), "LOCALHOST", "[::1]:" + base.getPort()
        }) {
            assertTrue(raw("/api/lectures", host).startsWith("HTTP/1.1 200"), host);
        }
        assertEquals(
                405,
                HTTP.send(
                                HttpRequest.newBuilder(base.resolve("api/lectures"))
                                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode());
    }
}

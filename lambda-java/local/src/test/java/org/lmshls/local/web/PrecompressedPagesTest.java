package org.lmshls.local.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmshls.local.s3.LocalS3;
import org.lmshls.local.s3.S3Credentials;
import org.lmshls.local.s3.S3Storage;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The web server sends the page build's precompressed copies ({@code name.br}, {@code name.gz}
 * next to {@code name}, as {@code make web} writes them) to a client whose Accept-Encoding admits
 * them, with the original's Content-Type, {@code Content-Encoding}, the copy's length and
 * {@code Vary: Accept-Encoding}; the file as it is otherwise, and for Range requests. Media from the
 * output bucket is never encoded. A real server on loopback, a real S3 (S3Proxy), the JDK's HTTP
 * client, which sends and decodes nothing by itself.
 */
class PrecompressedPagesTest {
    @TempDir
    static Path dir;

    static final String OUTPUT = "output-bucket";
    static final String JS_TYPE = "text/javascript; charset=utf-8";
    static LocalS3 localS3;
    static S3Client s3;
    static WebServer web;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static byte[] js, jsBr, jsGz, html, htmlGz;

    @BeforeAll
    static void start() throws Exception {
        Path pages = Files.createDirectories(dir.resolve("pages"));
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 2000; i++)
            script.append("console.log('line ").append(i).append("');\n");
        js = script.toString().getBytes(StandardCharsets.UTF_8);
        jsGz = gzip(js);
        // Not real brotli (the JDK has no encoder): the server sends the copy's bytes as they are, which is
        // what this shows; that make web's copies decode to the file is checked by make player.
        jsBr = "brotli copy of watch.js".getBytes(StandardCharsets.UTF_8);
        html = "<!doctype html><title>library</title><h1>Lectures</h1>".getBytes(StandardCharsets.UTF_8);
        htmlGz = gzip(html);
        Files.write(pages.resolve("watch.js"), js);
        Files.write(pages.resolve("watch.js.br"), jsBr);
        Files.write(pages.resolve("watch.js.gz"), jsGz);
        Files.write(pages.resolve("index.html"), html);
        Files.write(pages.resolve("index.html.gz"), htmlGz); // gzip only: br must not be invented
        Files.writeString(pages.resolve("404.html"), "<!doctype html><title>Not found</title>");
        Files.write(pages.resolve("404.html.gz"), gzip("<!doctype html><title>Not found</title>".getBytes()));
        Files.writeString(pages.resolve("plain.js"), "console.log('no copies');\n");
        Files.write(pages.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.createSymbolicLink(pages.resolve("plain.js.br"), pages.resolve("watch.js.br"));

        localS3 = LocalS3.start(dir.resolve("data"), 0, S3Credentials.LOCAL, o -> {});
        s3 = S3Storage.client(localS3.endpoint(), "us-east-1", S3Credentials.LOCAL.provider());
        s3.createBucket(r -> r.bucket(OUTPUT));
        put("assets/lecture/HLS/lecture.m3u8", "#EXTM3U\n#EXT-X-VERSION:3\n".repeat(50));
        put("assets/lecture/HLS/lecture_540_00001.ts", "G".repeat(188 * 20));
        put("assets/lecture/HLS/lecture_subtitles_en_00001.vtt", "WEBVTT\n\n".repeat(40));
        web = WebServer.start(0, pages, new Library(s3, OUTPUT, null, null), s3, OUTPUT);
    }

    static void put(String key, String body) {
        s3.putObject(r -> r.bucket(OUTPUT).key(key), RequestBody.fromString(body));
    }

    @AfterAll
    static void stop() throws Exception {
        if (web != null) web.close();
        if (s3 != null) s3.close();
        if (localS3 != null) localS3.close();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    /** {@code headers}: name, value, … */
    static HttpResponse<byte[]> request(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.url() + path.substring(1)))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return request("GET", path, headers);
    }

    static Optional<String> header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name);
    }

    static void assertSent(HttpResponse<byte[]> r, int status, String type, String encoding, byte[] body) {
        assertEquals(status, r.statusCode(), r.uri().toString());
        assertEquals(Optional.of(type), header(r, "Content-Type"));
        assertEquals(Optional.ofNullable(encoding), header(r, "Content-Encoding"), "Content-Encoding");
        assertEquals(Optional.of(Integer.toString(body.length)), header(r, "Content-Length"));
        assertArrayEquals(body, r.body());
    }

    @Test
    void aClientThatAcceptsBrotliGetsTheBrotliCopyUnderTheScriptsOwnType() throws Exception {
        HttpResponse<byte[]> r = get("/watch.js", "Accept-Encoding", "gzip, deflate, br, zstd");
        assertSent(r, 200, JS_TYPE, "br", jsBr);
        assertEquals(Optional.of("Accept-Encoding"), header(r, "Vary"));
        assertEquals(Optional.empty(), header(r, "Accept-Ranges"), "no ranges of the copy's bytes");
    }

    @Test
    void aClientThatAcceptsOnlyGzipGetsTheGzipCopyWhichDecodesToTheScript() throws Exception {
        for (String accept : new String[] {"gzip, deflate", "GZIP;Q=1.0", "br;q=0, gzip;q=0.5", "gzip, br;q=0.5"}) {
            HttpResponse<byte[]> r = get("/watch.js", "Accept-Encoding", accept);
            assertSent(r, 200, JS_TYPE, "gzip", jsGz);
            assertArrayEquals(js, gunzip(r.body()), accept);
            assertEquals(Optional.of("Accept-Encoding"), header(r, "Vary"), accept);
        }
        // two header lines are one list (RFC 9110 §5.3)
        HttpResponse<byte[]> r = get("/watch.js", "Accept-Encoding", "br;q=0", "Accept-Encoding", "gzip");
        assertSent(r, 200, JS_TYPE, "gzip", jsGz);
    }

    @Test
    void withoutAcceptEncodingOrWhenItRefusesBothTheScriptIsSentAsItIsStillWithVary() throws Exception {
        for (String[] h : new String[][] {
            {},
            {"Accept-Encoding", ""},
            {"Accept-Encoding", "identity"},
            {"Accept-Encoding", "br;q=0, gzip;q=0"},
            {"Accept-Encoding", "*;q=0, identity"},
            {"Accept-Encoding", "deflate, zstd"},
            {"Accept-Encoding", "br;q=2"}
        }) {
            HttpResponse<byte[]> r = get("/watch.js", h);
            assertSent(r, 200, JS_TYPE, null, js);
            assertEquals(Optional.of("Accept-Encoding"), header(r, "Vary"), Arrays.toString(h));
            assertEquals(Optional.of("bytes"), header(r, "Accept-Ranges"));
        }
    }

    @Test
    void theLibraryPageAndTheNotFoundPageAreSentCompressedToo() throws Exception {
        HttpResponse<byte[]> r = get("/", "Accept-Encoding", "br, gzip");
        assertSent(r, 200, "text/html; charset=utf-8", "gzip", htmlGz); // it has no .br: gzip, never a made-up br
        assertTrue(header(r, "Content-Security-Policy").isPresent(), "the page keeps its CSP");
        r = get("/index.html", "Accept-Encoding", "br");
        assertSent(r, 200, "text/html; charset=utf-8", null, html);
        assertEquals(Optional.of("Accept-Encoding"), header(r, "Vary"));
        r = get("/nothing-here.js", "Accept-Encoding", "gzip");
        assertEquals(404, r.statusCode());
        assertEquals(Optional.of("gzip"), header(r, "Content-Encoding"));
        assertEquals("<!doctype html><title>Not found</title>", new String(gunzip(r.body()), StandardCharsets.UTF_8));
    }

    @Test
    void headAnswersWithTheHeadersAGetWouldHaveAndNoBody() throws Exception {
        HttpResponse<byte[]> r = request("HEAD", "/watch.js", "Accept-Encoding", "br, gzip");
        assertEquals(200, r.statusCode());
        assertEquals(Optional.of("br"), header(r, "Content-Encoding"));
        assertEquals(Optional.of(JS_TYPE), header(r, "Content-Type"));
        assertEquals(Optional.of(Integer.toString(jsBr.length)), header(r, "Content-Length"));
        assertEquals(Optional.of("Accept-Encoding"), header(r, "Vary"));
        assertEquals(0, r.body().length);
        r = request("HEAD", "/watch.js", "Accept-Encoding", "gzip");
        assertEquals(Optional.of(Integer.toString(jsGz.length)), header(r, "Content-Length"));
        r = request("HEAD", "/watch.js");
        assertEquals(Optional.empty(), header(r, "Content-Encoding"));
        assertEquals(Optional.of(Integer.toString(js.length)), header(r, "Content-Length"));
    }

    @Test
    void aRangeRequestGetsBytesOfTheFileAsItIsNeverOfACopy() throws Exception {
        HttpResponse<byte[]> r = get("/watch.js", "Accept-Encoding", "br, gzip", "Range", "bytes=100-1123");
        assertSent(r, 206, JS_TYPE, null, Arrays.copyOfRange(js, 100, 1124));
        assertEquals(Optional.of("bytes 100-1123/" + js.length), header(r, "Content-Range"));
        assertEquals(Optional.of("Accept-Encoding"), header(r, "Vary"));
        r = get("/watch.js", "Accept-Encoding", "gzip", "Range", "bytes=-10");
        assertSent(r, 206, JS_TYPE, null, Arrays.copyOfRange(js, js.length - 10, js.length));
        r = get("/watch.js", "Accept-Encoding", "gzip", "Range", "bytes=" + js.length + "-");
        assertEquals(416, r.statusCode());
        assertEquals(Optional.of("bytes */" + js.length), header(r, "Content-Range"));
        assertEquals(Optional.empty(), header(r, "Content-Encoding"));
        r = get("/watch.js", "Accept-Encoding", "gzip", "Range", "bytes=0-9", "If-Range", "\"some-version\"");
        assertSent(r, 200, JS_TYPE, null, js); // no validator to compare: the whole file
        r = get("/watch.js", "Accept-Encoding", "gzip", "Range", "bytes=0-1,5-9");
        assertSent(r, 200, JS_TYPE, null, js); // several ranges: the whole file
        r = request("HEAD", "/watch.js", "Accept-Encoding", "br", "Range", "bytes=0-99");
        assertEquals(206, r.statusCode());
        assertEquals(Optional.of("100"), header(r, "Content-Length"));
        assertEquals(Optional.empty(), header(r, "Content-Encoding"));
    }

    @Test
    void aFileWithoutCopiesIsSentAsItIsWithoutVary() throws Exception {
        HttpResponse<byte[]> r = get("/logo.png", "Accept-Encoding", "br, gzip");
        assertSent(r, 200, "image/png", null, Files.readAllBytes(dir.resolve("pages/logo.png")));
        assertEquals(Optional.empty(), header(r, "Vary"));
        // a copy that is a symbolic link (to anything) is not used, as no link is served
        r = get("/plain.js", "Accept-Encoding", "br");
        assertSent(r, 200, JS_TYPE, null, "console.log('no copies');\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCopyAskedForByItsOwnNameIsOpaqueBytesNotAPage() throws Exception {
        HttpResponse<byte[]> r = get("/watch.js.br", "Accept-Encoding", "br, gzip");
        assertSent(r, 200, "application/octet-stream", null, jsBr);
        r = get("/watch.js.gz", "Accept-Encoding", "gzip");
        assertSent(r, 200, "application/octet-stream", null, jsGz);
        assertEquals(Optional.empty(), header(r, "Vary"));
    }

    @Test
    void playlistsSegmentsAndCaptionsKeepTheirTypesAndAreNeverEncoded() throws Exception {
        String[][] media = {
            {"/assets/lecture/HLS/lecture.m3u8", "application/vnd.apple.mpegurl", "no-cache"},
            {"/media/assets/lecture/HLS/lecture.m3u8", "application/vnd.apple.mpegurl", "no-cache"},
            {"/assets/lecture/HLS/lecture_540_00001.ts", "video/mp2t", "public, max-age=86400"},
            {"/assets/lecture/HLS/lecture_subtitles_en_00001.vtt", "text/vtt; charset=utf-8", "public, max-age=86400"},
        };
        for (String[] m : media) {
            HttpResponse<byte[]> r = get(m[0], "Accept-Encoding", "br, gzip, *");
            assertEquals(200, r.statusCode(), m[0]);
            assertEquals(Optional.of(m[1]), header(r, "Content-Type"), m[0]);
            assertEquals(Optional.of(m[2]), header(r, "Cache-Control"), m[0]);
            assertEquals(Optional.empty(), header(r, "Content-Encoding"), m[0]);
            assertEquals(Optional.empty(), header(r, "Vary"), m[0]);
            assertEquals(Optional.of(Integer.toString(r.body().length)), header(r, "Content-Length"), m[0]);
            assertEquals(Optional.of("bytes"), header(r, "Accept-Ranges"), m[0]);
        }
    }
}

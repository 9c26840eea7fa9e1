package org.lmshls.local.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lmshls.converter.log.Log;
import org.lmshls.local.http.LoopbackServer;
import org.lmshls.local.http.Query;
import org.lmshls.local.logging.Slf4jSink;
import org.lmshls.signedaccess.SignedCookies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The library and watch pages on 127.0.0.1: the built static files ({@code web/dist}), a small
 * JSON API over {@link Library}, and the output bucket's {@code assets/} streamed from S3 with
 * Range support.
 *
 * <pre>
 *   GET /                       the library (index.html)
 *   GET /watch.html?asset=ID    the watch page; 404 page when the lecture does not exist
 *   GET /api/lectures           every lecture (JSON)
 *   GET /api/lecture?asset=ID   one lecture (JSON), 404 when it does not exist
 *   GET /media/assets/…         an object of the output bucket (200/206/304/416)
 *   GET /assets/…               the same, at the paths CloudFront serves them under
 *   GET /_local/signed-cookies?asset=ID[&amp;seconds=N]
 *                               (only with an issuer key) CloudFront signed cookies for one asset
 * </pre>
 *
 * <p>The pages' files are sent as {@code make web} left them, or as its precompressed copy
 * ({@code name.br}, {@code name.gz}) to a client whose {@code Accept-Encoding} admits it ({@link
 * AcceptEncoding}; see {@code sendFile}); media is never encoded.
 *
 * <p>With {@link SignedAccess}, every media request must carry CloudFront signed cookies that
 * admit it ({@link SignedCookieCheck}), else 403, as CloudFront answers with signed access on.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("web");
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /**
     * The pages load only from this origin; hls.js runs its transmuxer in a blob: worker and feeds MSE through blob: URLs,
     * and gives each subtitle {@code <track>} it creates the empty {@code data:,WEBVTT} as its source (it adds the cues itself).
     */
    private static final String CSP =
            "default-src 'self'; img-src 'self' data:; media-src 'self' blob: data:; worker-src 'self' blob:;"
                    + " connect-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static final int BUFFER = 64 * 1024;

    /** A precompressed copy {@code make web} writes next to a page's file: its coding and its name's suffix. */
    private record Copy(String coding, String suffix) {}

    /** In the order preferred when the request weighs them the same. */
    private static final List<Copy> COPIES = List.of(new Copy("br", ".br"), new Copy("gzip", ".gz"));

    /**
     * Signed-cookie enforcement: {@code check} verifies the cookies; {@code issuer}, when not null, is the
     * private key the loopback-only {@code /_local/signed-cookies} endpoint signs test cookies with.
     */
    public record SignedAccess(SignedCookieCheck check, PrivateKey issuer) {}

    private final LoopbackServer server;
    private final Library library;
    private final SignedAccess signed;
    private final S3Client s3;
    private final String bucket;
    private final Path webDir;
    private final URI url;

    private WebServer(int port, Library library, S3Client s3, String bucket, Path webDir, SignedAccess signed)
            throws IOException {
        this.library = library;
        this.s3 = s3;
        this.bucket = bucket;
        this.webDir = webDir;
        this.signed = signed;
        this.server = LoopbackServer.start("web", port, 16, this::handle);
        this.url = URI.create(server.url() + "/");
    }

    /**
     * Listens on {@code 127.0.0.1:port} (0: any free port). {@code webDir}: the built pages
     * (null or missing: a short page saying how to build them; the API and media still work).
     */
    public static WebServer start(int port, Path webDir, Library library, S3Client s3, String outputBucket)
            throws IOException {
        return start(port, webDir, library, s3, outputBucket, null);
    }

    /** {@code signed}: enforce CloudFront signed cookies on media (null: open, as without signed access). */
    public static WebServer start(
            int port, Path webDir, Library library, S3Client s3, String outputBucket, SignedAccess signed)
            throws IOException {
        Path dir = webDir != null && Files.isRegularFile(webDir.resolve("index.html"))
                ? webDir.toAbsolutePath().normalize()
                : null;
        WebServer s = new WebServer(port, library, s3, outputBucket, dir, signed);
        Log.info("web_started")
                .with("url", s.url)
                .with("pages", dir == null ? "not built" : dir)
                .with(
                        "signed_cookies",
                        signed == null
                                ? "off"
                                : "enforced, key pair " + signed.check().keyPairId())
                .to(Slf4jSink.of(LOG));
        return s;
    }

    /** {@code http://127.0.0.1:PORT/} */
    public URI url() {
        return url;
    }

    public boolean pagesBuilt() {
        return webDir != null;
    }

    /** The watch page's path for an asset, relative to {@link #url()}. */
    public static String watchPath(String assetId) {
        return "watch.html?asset=" + MediaKey.encode(assetId);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            ex.getRequestBody().readAllBytes();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                text(ex, 405, "method not allowed\n");
                return;
            }
            if (!loopbackHost(ex.getRequestHeaders().getFirst("Host"))) {
                // A page elsewhere that re-points its own name at 127.0.0.1 (DNS rebinding) must not read the library.
                Log.info("host_refused")
                        .with("host", ex.getRequestHeaders().getFirst("Host"))
                        .to(Slf4jSink.of(LOG));
                text(ex, 403, "this server answers only to 127.0.0.1, localhost or [::1]\n");
                return;
            }
            String raw = ex.getRequestURI().getRawPath();
            Query q = Query.parse(ex.getRequestURI().getRawQuery());
            if (raw.startsWith("/media/") || raw.startsWith("/" + MediaKey.ROOT)) {
                String rawKey = raw.startsWith("/media/") ? raw.substring("/media/".length()) : raw.substring(1);
                if (signed != null && !admitted(ex, rawKey)) return;
                media(ex, rawKey);
            } else if (raw.equals("/_local/signed-cookies") && signed != null && signed.issuer() != null) {
                issueCookies(ex, q);
            } else if (raw.equals("/api/lectures")) {
                json(ex, 200, library.list());
            } else if (raw.equals("/api/lecture")) {
                Optional<Lecture> l = library.get(q.get("asset"));
                if (l.isPresent()) json(ex, 200, l.get());
                else
                    json(
                            ex,
                            404,
                            Map.of(
                                    "message",
                                    "no lecture " + q.first("asset").orElse("(no ?asset=)") + " in s3://" + bucket));
            } else if (raw.equals("/watch.html")
                    && q.has("asset")
                    && library.get(q.get("asset")).isEmpty()) {
                page(ex, "404.html", 404);
            } else if (raw.equals("/")) {
                page(ex, "index.html", 200);
            } else {
                staticFile(ex, raw);
            }
        } catch (IOException e) {
            // the browser went away mid-response (hls.js aborts loads on seeks and level switches)
            if (LOG.isDebugEnabled())
                Log.debug("client_gone")
                        .with("path", ex.getRequestURI().getRawPath())
                        .with("error", e.getMessage())
                        .to(Slf4jSink.of(LOG));
        } catch (RuntimeException e) {
            Log.warn("request_failed")
                    .with("path", ex.getRequestURI().getRawPath())
                    .with("error", e.getMessage())
                    .to(Slf4jSink.of(LOG));
            try {
                text(ex, 502, "upstream error: " + e.getMessage() + "\n");
            } catch (IOException | RuntimeException ignored) {
                // headers already sent
            }
        }
    }

    /** The Host header names this machine's loopback (any port: a proxy on loopback may forward). */
    static boolean loopbackHost(String host) {
        if (host == null) return false;
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0
                    && h.substring(1, end).equals("::1")
                    && (end == h.length() - 1 || h.substring(end + 1).matches(":\\d{1,5}"));
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        if (colon >= 0 && !h.substring(colon + 1).matches("\\d{1,5}")) return false;
        return name.equals("127.0.0.1") || name.equals("localhost");
    }

    // ---- signed cookies ------------------------------------------------------------------------

    /** CloudFront's check on the URL it would see ({@code https://<host>/assets/…}); a refusal is answered 403 here. */
    private boolean admitted(HttpExchange ex, String rawKey) throws IOException {
        String cloudFrontUrl = SignedCookieCheck.cloudFrontUrl(
                ex.getRequestHeaders().getFirst("Host"),
                "/" + rawKey,
                ex.getRequestURI().getRawQuery());
        Optional<String> refusal = signed.check()
                .refusal(
                        cloudFrontUrl,
                        String.join("; ", ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())),
                        ex.getRemoteAddress().getAddress());
        if (refusal.isEmpty()) return true;
        Log.info("media_forbidden")
                .with("url", cloudFrontUrl)
                .with("reason", refusal.get())
                .to(Slf4jSink.of(LOG));
        text(ex, 403, "forbidden: " + refusal.get() + "\n");
        return false;
    }

    /**
     * Test cookies for one asset, signed by the converter module's own issuer ({@link SignedCookies}) for this
     * host, as an LMS backend would issue them: {@code Set-Cookie} headers, and the same as JSON.
     */
    private void issueCookies(HttpExchange ex, Query q) throws IOException {
        String host = SignedCookieCheck.cloudFrontUrl(ex.getRequestHeaders().getFirst("Host"), "", null)
                .substring("https://".length());
        long seconds = Long.parseLong(q.first("seconds").orElse("3600"));
        SignedCookies issuer;
        java.util.List<String> headers;
        try {
            issuer = new SignedCookies(
                    host,
                    signed.check().keyPairId(),
                    signed.issuer(),
                    java.time.Duration.ofSeconds(seconds),
                    null,
                    java.time.Clock.systemUTC());
            headers = issuer.setCookieHeaders(q.first("asset").orElse(""));
        } catch (IllegalArgumentException e) {
            text(ex, 400, e.getMessage() + "\n");
            return;
        }
        for (String h : headers) ex.getResponseHeaders().add("Set-Cookie", h);
        json(ex, 200, Map.of("setCookie", headers));
    }

    // ---- media ---------------------------------------------------------------------------------

    private void media(HttpExchange ex, String rawKey) throws IOException {
        Optional<String> key = MediaKey.fromRawPath(rawKey);
        if (key.isEmpty()) {
            Log.info("media_refused").with("path", rawKey).to(Slf4jSink.of(LOG));
            text(ex, 404, "not found\n");
            return;
        }
        String k = key.get();
        HeadObjectResponse head;
        try {
            head = s3.headObject(r -> r.bucket(bucket).key(k));
        } catch (NoSuchKeyException e) {
            text(ex, 404, "not found\n");
            return;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                text(ex, 404, "not found\n");
                return;
            }
            throw e;
        }
        long total = head.contentLength();
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", MediaTypes.of(k));
        h.set("Cache-Control", MediaTypes.cacheControl(k));
        h.set("Accept-Ranges", "bytes");
        h.set("X-Content-Type-Options", "nosniff");
        if (head.eTag() != null) h.set("ETag", head.eTag());
        if (head.lastModified() != null) h.set("Last-Modified", HTTP_DATE.format(head.lastModified()));
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        if (inm != null && head.eTag() != null && (inm.equals("*") || inm.contains(head.eTag()))) {
            ex.sendResponseHeaders(304, -1);
            return;
        }
        Optional<ByteRange> range;
        try {
            String ifRange = ex.getRequestHeaders().getFirst("If-Range");
            range = ifRange != null && !ifRange.equals(head.eTag())
                    ? Optional.empty()
                    : ByteRange.parse(ex.getRequestHeaders().getFirst("Range"), total);
        } catch (ByteRange.Unsatisfiable e) {
            h.set("Content-Range", "bytes */" + total);
            h.set("Content-Type", "text/plain; charset=utf-8");
            byte[] body = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(416, body.length);
            ex.getResponseBody().write(body);
            return;
        }
        int status = range.isPresent() ? 206 : 200;
        long length = range.map(ByteRange::length).orElse(total);
        range.ifPresent(r -> h.set("Content-Range", r.contentRange()));
        if (ex.getRequestMethod().equals("HEAD") || length == 0) {
            h.set("Content-Length", Long.toString(length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        // Streamed: S3's response body is copied in 64 KB pieces, never held whole.
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> {
            r.bucket(bucket).key(k);
            if (head.eTag() != null) r.ifMatch(head.eTag());
            range.ifPresent(b -> r.range("bytes=" + b.first() + "-" + b.last()));
        })) {
            ex.sendResponseHeaders(status, length);
            try {
                copy(in, ex.getResponseBody(), length);
            } catch (IOException e) {
                in.abort(); // do not drain the rest of the object from S3 for a client that left
                throw e;
            }
        } catch (SdkException e) {
            throw new IllegalStateException("reading s3://" + bucket + "/" + k + ": " + e.getMessage(), e);
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[BUFFER];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new IOException("object ended " + left + " bytes early");
            out.write(buf, 0, n);
            left -= n;
        }
    }

    // ---- pages ---------------------------------------------------------------------------------

    private void staticFile(HttpExchange ex, String rawPath) throws IOException {
        Path file = resolveStatic(rawPath);
        if (file == null) {
            page(ex, "404.html", 404);
            return;
        }
        sendFile(ex, 200, MediaTypes.of(file.getFileName().toString()), file);
    }

    /**
     * A built file, or its precompressed copy ({@code name.br}, {@code name.gz}, written by {@code make web}
     * next to it) when the request's {@code Accept-Encoding} admits that coding: brotli before gzip at equal
     * weight, the original's Content-Type, {@code Content-Encoding}, and the copy's length. A file that has a
     * copy is always sent with {@code Vary: Accept-Encoding}, whichever form this response takes. A request with
     * a {@code Range} header gets the file as it is (byte ranges count the original's bytes: 206 for one
     * satisfiable range, 416 for one outside it, the whole file for several, a malformed header or any
     * {@code If-Range}, since pages carry no validator to compare). {@code Accept-Ranges: bytes} comes with the
     * file as it is only, never with a compressed copy, so no client asks for a range of the copy's bytes.
     */
    private void sendFile(HttpExchange ex, int status, String type, Path file) throws IOException {
        Headers h = ex.getResponseHeaders();
        Map<String, Path> copies = new LinkedHashMap<>();
        for (Copy c : COPIES) {
            Path copy = file.resolveSibling(file.getFileName() + c.suffix());
            if (Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) copies.put(c.coding(), copy);
        }
        if (!copies.isEmpty()) h.set("Vary", "Accept-Encoding");
        String rangeHeader = ex.getRequestHeaders().getFirst("Range");
        if (rangeHeader == null) {
            List<String> accept = ex.getRequestHeaders().get("Accept-Encoding"); // several lines: one list
            Optional<String> coding = AcceptEncoding.parse(accept == null ? null : String.join(",", accept))
                    .choose(List.copyOf(copies.keySet()));
            if (coding.isPresent()) {
                h.set("Content-Encoding", coding.get());
                send(ex, status, type, Files.readAllBytes(copies.get(coding.get())), true);
                return;
            }
            h.set("Accept-Ranges", "bytes");
            send(ex, status, type, Files.readAllBytes(file), true);
            return;
        }
        byte[] whole = Files.readAllBytes(file);
        h.set("Accept-Ranges", "bytes");
        Optional<ByteRange> range;
        try {
            range = status != 200 || ex.getRequestHeaders().getFirst("If-Range") != null
                    ? Optional.empty()
                    : ByteRange.parse(rangeHeader, whole.length);
        } catch (ByteRange.Unsatisfiable e) {
            h.set("Content-Range", "bytes */" + whole.length);
            text(ex, 416, e.getMessage() + "\n");
            return;
        }
        if (range.isEmpty()) {
            send(ex, status, type, whole, true);
            return;
        }
        ByteRange r = range.get();
        h.set("Content-Range", r.contentRange());
        send(ex, 206, type, Arrays.copyOfRange(whole, (int) r.first(), (int) r.last() + 1), true);
    }

    /** A file of the built folder for a request path, or null: one plain segment, no dot files, no links out. */
    private Path resolveStatic(String rawPath) throws IOException {
        if (webDir == null) return null;
        String name = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) return null;
        Path file = webDir.resolve(name);
        if (!file.normalize().getParent().equals(webDir) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
            return null;
        return file;
    }

    private void page(HttpExchange ex, String name, int status) throws IOException {
        Path file = resolveStatic("/" + name);
        if (file != null) {
            sendFile(ex, status, "text/html; charset=utf-8", file);
            return;
        }
        String body = status == 404
                ? "<!doctype html><title>Not found</title><h1>Not found</h1><p>Nothing here. <a href=\"/\">The library</a></p>\n"
                : "<!doctype html><title>lms-hls library</title><h1>The library page is not built</h1>"
                        + "<p>It needs Node.js 20+ with npm: install them, then run <code>make web</code> (or <code>make serve</code>) in the repository."
                        + " The lectures are listed as JSON at <a href=\"/api/lectures\">/api/lectures</a>.</p>\n";
        send(ex, status, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), true);
    }

    private static void json(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(value), false);
    }

    private static void text(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), false);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean page) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-cache");
        h.set("X-Content-Type-Options", "nosniff");
        if (page) {
            h.set("Content-Security-Policy", CSP);
            h.set("Referrer-Policy", "no-referrer");
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            h.set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.close();
    }
}

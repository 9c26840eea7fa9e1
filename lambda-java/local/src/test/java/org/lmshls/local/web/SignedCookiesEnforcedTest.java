package org.lmshls.local.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmshls.converter.AssetLayout;
import org.lmshls.converter.VideoSuffixes;
import org.lmshls.local.s3.LocalS3;
import org.lmshls.local.s3.S3Credentials;
import org.lmshls.local.s3.S3Storage;
import org.lmshls.signedaccess.SignedCookies;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * With a public key, the web server enforces CloudFront's signed-cookie rules on media: cookies
 * issued by {@code lambda-java/signed-access} for lecture A open A's folder (under {@code /assets/}
 * as behind CloudFront, and {@code /media/assets/}), and nothing else: lecture B, a lecture whose
 * id merely starts with A's, a tampered signature, expired cookies, no cookies, all 403. A's
 * name has a space, an umlaut and a {@code .MP4} suffix, so its asset id holds {@code =} and
 * {@code @}, which must stay raw in the URL, the cookie path and the policy alike.
 */
class SignedCookiesEnforcedTest {
    @TempDir
    static Path dir;

    static final String OUTPUT = "output-bucket";
    static final String KEY_PAIR = "K2JCJMDEHXQW5F";
    static LocalS3 localS3;
    static S3Client s3;
    static WebServer web;
    static KeyPair keys;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String a, upper, b, aPrefixed;

    static String assetOf(String key) {
        return AssetLayout.forKey(key, VideoSuffixes.bundled().match(key).orElseThrow())
                .assetId();
    }

    @BeforeAll
    static void start() throws Exception {
        localS3 = LocalS3.start(dir.resolve("data"), 0, S3Credentials.LOCAL, o -> {});
        s3 = S3Storage.client(localS3.endpoint(), "us-east-1", S3Credentials.LOCAL.provider());
        s3.createBucket(r -> r.bucket(OUTPUT));
        a = assetOf("kurs 1/Vorlesung Über Räder.mp4");
        upper = assetOf("kurs 1/Vorlesung Über Räder.MP4");
        b = assetOf("kurs-1/other.mp4");
        aPrefixed = a + "x";
        assertTrue(a.contains("="), a);
        assertTrue(upper.contains("@"), upper);
        for (String id : List.of(a, upper, b, aPrefixed)) {
            s3.putObject(
                    r -> r.bucket(OUTPUT)
                            .key("assets/" + id + "/HLS/lecture.m3u8")
                            .contentType("application/vnd.apple.mpegurl"),
                    RequestBody.fromString("#EXTM3U\n"));
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
        SignedCookieCheck check = new SignedCookieCheck(keys.getPublic(), KEY_PAIR, Clock.systemUTC());
        web = WebServer.start(
                0,
                null,
                new Library(s3, OUTPUT, null, null),
                s3,
                OUTPUT,
                new WebServer.SignedAccess(check, keys.getPrivate()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (web != null) web.close();
        if (s3 != null) s3.close();
        if (localS3 != null) localS3.close();
    }

    /** The Cookie header a browser would send back for these Set-Cookie values. */
    static String cookieHeader(List<String> setCookies) {
        return setCookies.stream().map(c -> c.substring(0, c.indexOf(';'))).collect(Collectors.joining("; "));
    }

    static String issued(String assetId) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(web.url()
                                .resolve("_local/signed-cookies?asset="
                                        + URLEncoder.encode(assetId, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        List<String> set = r.headers().allValues("Set-Cookie");
        assertEquals(3, set.size(), set.toString());
        for (String c : set) assertTrue(c.contains("; Path=/assets/" + assetId + "/"), c);
        return cookieHeader(set);
    }

    static int get(String rawPath, String cookies) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(web.url() + rawPath.substring(1)));
        if (cookies != null) r.header("Cookie", cookies);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void cookiesForALectureOpenItsFolderUnderAssetsAndMedia() throws Exception {
        String cookies = issued(a);
        assertEquals(200, get("/assets/" + a + "/HLS/lecture.m3u8", cookies));
        assertEquals(200, get("/media/assets/" + a + "/HLS/lecture.m3u8", cookies));
        assertEquals(404, get("/assets/" + a + "/HLS/missing.m3u8", cookies), "admitted, then not found");
    }

    @Test
    void cookiesForAnUpperCaseMp4LectureWithAnAtInItsIdOpenItsFolder() throws Exception {
        String cookies = issued(upper);
        assertEquals(200, get("/assets/" + upper + "/HLS/lecture.m3u8", cookies));
        assertEquals(403, get("/assets/" + a + "/HLS/lecture.m3u8", cookies));
    }

    @Test
    void cookiesForALectureDoNotOpenAnotherNorOneWhoseIdStartsTheSame() throws Exception {
        String cookies = issued(a);
        assertEquals(403, get("/assets/" + b + "/HLS/lecture.m3u8", cookies));
        assertEquals(403, get("/assets/" + aPrefixed + "/HLS/lecture.m3u8", cookies));
        assertEquals(200, get("/assets/" + b + "/HLS/lecture.m3u8", issued(b)));
    }

    @Test
    void withoutCookiesMediaIsForbidden() throws Exception {
        assertEquals(403, get("/assets/" + a + "/HLS/lecture.m3u8", null));
        assertEquals(403, get("/media/assets/" + a + "/HLS/lecture.m3u8", null));
    }

    @Test
    void aTamperedSignatureIsForbidden() throws Exception {
        String cookies = issued(a);
        int at = cookies.indexOf("CloudFront-Signature=") + "CloudFront-Signature=".length() + 10;
        char c = cookies.charAt(at);
        String tampered = cookies.substring(0, at) + (c == 'A' ? 'B' : 'A') + cookies.substring(at + 1);
        assertEquals(403, get("/assets/" + a + "/HLS/lecture.m3u8", tampered));
    }

    @Test
    void expiredCookiesAreForbidden() throws Exception {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        SignedCookies old =
                new SignedCookies("127.0.0.1", KEY_PAIR, keys.getPrivate(), Duration.ofMinutes(5), null, anHourAgo);
        assertEquals(403, get("/assets/" + a + "/HLS/lecture.m3u8", cookieHeader(old.setCookieHeaders(a))));
    }

    @Test
    void cookiesSignedWithAnotherKeyAreForbidden() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        SignedCookies other = new SignedCookies(
                "127.0.0.1",
                KEY_PAIR,
                g.generateKeyPair().getPrivate(),
                Duration.ofMinutes(5),
                null,
                Clock.systemUTC());
        assertEquals(403, get("/assets/" + a + "/HLS/lecture.m3u8", cookieHeader(other.setCookieHeaders(a))));
    }

    @Test
    void theWildcardsAreCloudFronts() {
        assertTrue(SignedCookieCheck.matches("https://d/assets/a/*", "https://d/assets/a/HLS/x.m3u8?v=1"));
        assertTrue(SignedCookieCheck.matches("https://d/assets/a/*", "https://d/assets/a/"));
        assertTrue(!SignedCookieCheck.matches("https://d/assets/a/*", "https://d/assets/ab/x"));
        assertTrue(SignedCookieCheck.matches("https://d/assets/?/*", "https://d/assets/a/x"));
        assertTrue(!SignedCookieCheck.matches("https://d/assets/a/*", "https://D/assets/a/x"), "case-sensitive");
    }
}

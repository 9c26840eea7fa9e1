package org.lmshls.signedaccess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real RSA keys and signatures: what CloudFront checks at the edge, checked here with the public key. */
class SignedCookiesTest {

    private static final String DOMAIN = "media.lms.example.com";
    private static final String KEY_PAIR_ID = "K2JCJMDEHXQW5F";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static KeyPair keys;
    private static KeyPair otherKeys;

    @BeforeAll
    static void generateKeyPairs() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        otherKeys = generator.generateKeyPair();
    }

    private static SignedCookies issuer() {
        return new SignedCookies(
                DOMAIN,
                KEY_PAIR_ID,
                keys.getPrivate(),
                Duration.ofHours(3),
                "lms.example.com",
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** CloudFront's URL-safe Base64: '+' '=' '/' become '-' '_' '~'. */
    private static byte[] cloudFrontBase64(String value) {
        return Base64.getDecoder()
                .decode(value.replace('-', '+').replace('_', '=').replace('~', '/'));
    }

    private static boolean verifies(PublicKey publicKey, byte[] policy, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA1withRSA");
        verifier.initVerify(publicKey);
        verifier.update(policy);
        return verifier.verify(signature);
    }

    /** name -> value of each Set-Cookie header. */
    private static Map<String, String> cookieValues(List<String> headers) {
        return headers.stream()
                .map(h -> h.substring(0, h.indexOf(';')).split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }

    @Test
    void cookiePolicyForAnAssetFolderIsSignedByTheKeyPairAndVerifiesWithItsPublicKey() throws Exception {
        Map<String, String> cookies = cookieValues(issuer().setCookieHeaders("course-1/intro"));

        assertEquals(KEY_PAIR_ID, cookies.get("CloudFront-Key-Pair-Id"));
        byte[] policy = cloudFrontBase64(cookies.get("CloudFront-Policy"));
        byte[] signature = cloudFrontBase64(cookies.get("CloudFront-Signature"));
        String policyJson = new String(policy, StandardCharsets.UTF_8);

        Matcher resource = Pattern.compile("\"Resource\"\\s*:\\s*\"([^\"]+)\"").matcher(policyJson);
        assertTrue(resource.find(), policyJson);
        assertEquals("https://media.lms.example.com/assets/course-1/intro/*", resource.group(1));
        Matcher expiry = Pattern.compile("\"AWS:EpochTime\"\\s*:\\s*(\\d+)").matcher(policyJson);
        assertTrue(expiry.find(), policyJson);
        assertEquals(NOW.plus(Duration.ofHours(3)).getEpochSecond(), Long.parseLong(expiry.group(1)));

        assertTrue(
                verifies(keys.getPublic(), policy, signature),
                "signature does not verify with the key pair's public key");
        assertFalse(
                verifies(otherKeys.getPublic(), policy, signature), "signature verifies with an unrelated public key");
    }

    @Test
    void signatureDoesNotCoverAnotherAssetsFolder() throws Exception {
        Map<String, String> cookies = cookieValues(issuer().setCookieHeaders("course-1/intro"));
        byte[] signature = cloudFrontBase64(cookies.get("CloudFront-Signature"));
        String widened = new String(cloudFrontBase64(cookies.get("CloudFront-Policy")), StandardCharsets.UTF_8)
                .replace("/assets/course-1/intro/*", "/assets/*");

        assertFalse(
                verifies(keys.getPublic(), widened.getBytes(StandardCharsets.UTF_8), signature),
                "a learner could widen the policy to every asset without breaking the signature");
    }

    @Test
    void cookiesAreScopedToTheAssetFolderAndSentOnlyOverTls() {
        List<String> headers = issuer().setCookieHeaders("course-1/intro");

        assertEquals(3, headers.size());
        for (String header : headers) {
            assertTrue(header.contains("; Path=/assets/course-1/intro/;"), header);
            assertTrue(header.contains("; Secure"), header);
            assertTrue(header.contains("; HttpOnly"), header);
            assertTrue(header.contains("; Domain=lms.example.com"), header);
        }
        assertEquals(
                "https://media.lms.example.com/assets/course-1/intro/HLS/intro.m3u8",
                issuer().playbackUrl("course-1/intro"));
    }

    @Test
    void privateKeyReadFromPkcs8PemSignsTheSameWay() throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        SignedCookies fromPem = new SignedCookies(
                DOMAIN,
                KEY_PAIR_ID,
                SignedCookies.privateKeyFromPem(pem),
                Duration.ofMinutes(5),
                null,
                Clock.fixed(NOW, ZoneOffset.UTC));

        Map<String, String> cookies = cookieValues(fromPem.setCookieHeaders("course-2/week-1/lecture"));
        assertTrue(verifies(
                keys.getPublic(),
                cloudFrontBase64(cookies.get("CloudFront-Policy")),
                cloudFrontBase64(cookies.get("CloudFront-Signature"))));
        assertFalse(
                fromPem.setCookieHeaders("x").get(0).contains("Domain="),
                "no Domain attribute without a cookie domain");
    }

    @Test
    void assetIdsThatWouldWidenTheFolderAreRefused() {
        for (String bad : new String[] {
            "", "../other", "course-1/*", "/course-1", "course-1/", "course-1?x=1", "a b", "a%3Db", "a;b", "ü"
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> issuer().setCookieHeaders(bad), bad);
            assertTrue(e.getMessage().contains("asset id"), e.getMessage());
        }
    }

    @Test
    void badKeysAndSettingsAreRefusedWithTheReason() {
        IllegalArgumentException pkcs1 = assertThrows(
                IllegalArgumentException.class,
                () -> SignedCookies.privateKeyFromPem(
                        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"));
        assertTrue(pkcs1.getMessage().contains("PKCS#8"), pkcs1.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new SignedCookies(
                        "https://" + DOMAIN,
                        KEY_PAIR_ID,
                        keys.getPrivate(),
                        Duration.ofHours(1),
                        null,
                        Clock.systemUTC()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SignedCookies(
                        DOMAIN, KEY_PAIR_ID, keys.getPrivate(), Duration.ZERO, null, Clock.systemUTC()));
    }

    /** What a page does under the one rule: every byte outside RFC 3986 pchar (and '/') is percent-encoded. */
    static String pathAsSent(String key) {
        StringBuilder out = new StringBuilder("/");
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean pchar = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
            out.append(pchar ? String.valueOf((char) c) : "%%%02X".formatted(c));
        }
        return out.toString();
    }

    @Test
    void idsWithEqualsAndAtSignsGetARawPathAndResourceThatMatchTheUrlThePageRequests() throws Exception {
        // "Vorlesung 3 – Über Räder.mp4" escapes to '='; "intro.MP4" takes the hashed form with '@'.
        for (String key : List.of("Vorlesung 3 – Über Räder.mp4", "intro.MP4")) {
            String assetId = org.lmshls.converter.AssetLayout.forKey(key, key.substring(key.length() - 4))
                    .assetId();
            assertTrue(assetId.contains("=") || assetId.contains("@"), assetId);
            List<String> headers = issuer().setCookieHeaders(assetId);
            String path = "/assets/" + assetId + "/";
            for (String h : headers) {
                assertTrue(h.contains("; Path=" + path + ";"), h);
            }
            String policy = new String(
                    cloudFrontBase64(cookieValues(headers).get("CloudFront-Policy")), StandardCharsets.UTF_8);
            assertTrue(policy.contains("\"https://" + DOMAIN + path + "*\""), policy);
            // RFC 6265 5.1.4: the cookie path must be a byte prefix of the request path as sent.
            String master = issuer().playbackUrl(assetId);
            String requested = pathAsSent(master.substring(("https://" + DOMAIN + "/").length()));
            assertEquals("https://" + DOMAIN + requested, master, "the URL needs no escaping");
            assertTrue(requested.startsWith(path), requested + " vs " + path);
        }
    }
}

package org.lmshls.local.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.lmshls.signedaccess.Pem;

/**
 * CloudFront's signed-cookie check, for the local web server: a request for media passes only with
 * {@code CloudFront-Policy}, {@code CloudFront-Signature} and {@code CloudFront-Key-Pair-Id}
 * cookies whose key pair id is the configured one, whose signature (RSA with SHA-1 over the policy
 * JSON, as CloudFront signs) verifies with the configured public key, and whose custom policy's
 * one statement admits the request: its {@code Resource} matches the URL CloudFront would see
 * ({@code https://<host>/<path>[?query]}, with {@code *} for any run of characters and {@code ?}
 * for one), {@code DateLessThan} is in the future, {@code DateGreaterThan} (if given) in the past,
 * {@code IpAddress} (if given) contains the client. Anything else is refused, as CloudFront
 * answers 403. Rules: CloudFront developer guide, "Creating a signed cookie using a custom policy"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html).
 */
public final class SignedCookieCheck {
    public static final String POLICY = "CloudFront-Policy";
    public static final String SIGNATURE = "CloudFront-Signature";
    public static final String KEY_PAIR_ID = "CloudFront-Key-Pair-Id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublicKey publicKey;
    private final String keyPairId;
    private final Clock clock;

    public SignedCookieCheck(PublicKey publicKey, String keyPairId, Clock clock) {
        if (keyPairId == null || keyPairId.isBlank()) throw new IllegalArgumentException("a key pair id is required");
        this.publicKey = publicKey;
        this.keyPairId = keyPairId;
        this.clock = clock;
    }

    /** From a public key PEM file ({@code -----BEGIN PUBLIC KEY-----}, what the CloudFront key group holds). */
    public static SignedCookieCheck fromPem(Path pem, String keyPairId) throws IOException {
        return new SignedCookieCheck(Pem.rsaPublicKey(Files.readString(pem)), keyPairId, Clock.systemUTC());
    }

    public String keyPairId() {
        return keyPairId;
    }

    /**
     * Why the request is refused, or empty when the cookies admit it.
     *
     * @param url the URL as CloudFront would see it: {@code https://<host><raw path>[?<raw query>]}
     * @param cookieHeader the request's {@code Cookie} header (may be null)
     * @param client the client's address
     */
    public Optional<String> refusal(String url, String cookieHeader, InetAddress client) {
        Map<String, String> cookies = cookies(cookieHeader);
        String policy64 = cookies.get(POLICY), signature64 = cookies.get(SIGNATURE), id = cookies.get(KEY_PAIR_ID);
        if (policy64 == null || signature64 == null || id == null) return Optional.of("signed cookies missing");
        if (!id.equals(keyPairId)) return Optional.of("unknown key pair id " + id);
        byte[] policy;
        byte[] signature;
        try {
            policy = cloudFrontBase64(policy64);
            signature = cloudFrontBase64(signature64);
        } catch (IllegalArgumentException e) {
            return Optional.of("malformed cookie: " + e.getMessage());
        }
        try {
            Signature v = Signature.getInstance("SHA1withRSA");
            v.initVerify(publicKey);
            v.update(policy);
            if (!v.verify(signature)) return Optional.of("signature does not verify");
        } catch (GeneralSecurityException e) {
            return Optional.of("signature does not verify: " + e.getMessage());
        }
        JsonNode statements;
        try {
            statements = JSON.readTree(policy).path("Statement");
        } catch (IOException e) {
            return Optional.of("policy is not JSON");
        }
        if (!statements.isArray() || statements.size() != 1) return Optional.of("policy must have one statement");
        JsonNode statement = statements.get(0);
        String resource = statement.path("Resource").asText(null);
        if (resource == null) return Optional.of("policy has no Resource");
        if (!matches(resource, url)) return Optional.of("policy resource " + resource + " does not match " + url);
        JsonNode condition = statement.path("Condition");
        long now = clock.instant().getEpochSecond();
        JsonNode lessThan = condition.path("DateLessThan").path("AWS:EpochTime");
        if (!lessThan.canConvertToLong()) return Optional.of("policy has no DateLessThan");
        if (now >= lessThan.asLong()) return Optional.of("expired at " + Instant.ofEpochSecond(lessThan.asLong()));
        JsonNode greaterThan = condition.path("DateGreaterThan").path("AWS:EpochTime");
        if (greaterThan.canConvertToLong() && now <= greaterThan.asLong())
            return Optional.of("not valid before " + Instant.ofEpochSecond(greaterThan.asLong()));
        JsonNode ip = condition.path("IpAddress").path("AWS:SourceIp");
        if (!ip.isMissingNode() && !inCidr(client, ip.asText()))
            return Optional.of("client address not in " + ip.asText());
        return Optional.empty();
    }

    /** CloudFront's policy wildcards: {@code *} any run of characters (none too), {@code ?} exactly one; case-sensitive. */
    static boolean matches(String pattern, String s) {
        int p = 0, i = 0, star = -1, mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    /** CloudFront's URL-safe base64: {@code -} for {@code +}, {@code _} for {@code =}, {@code ~} for {@code /}. */
    static byte[] cloudFrontBase64(String s) {
        return Base64.getDecoder().decode(s.replace('-', '+').replace('_', '=').replace('~', '/'));
    }

    static Map<String, String> cookies(String header) {
        Map<String, String> out = new HashMap<>();
        if (header == null) return out;
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) continue;
            out.putIfAbsent(
                    part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        return out;
    }

    static boolean inCidr(InetAddress client, String cidr) {
        try {
            String[] parts = cidr.split("/", 2);
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            byte[] addr = client.getAddress();
            if (net.length != addr.length) return false;
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
            BigInteger mask = bits == 0
                    ? BigInteger.ZERO
                    : BigInteger.ONE
                            .shiftLeft(net.length * 8)
                            .subtract(BigInteger.ONE)
                            .shiftRight(net.length * 8 - bits)
                            .shiftLeft(net.length * 8 - bits);
            return new BigInteger(1, net).and(mask).equals(new BigInteger(1, addr).and(mask));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** The URL CloudFront would see for a request to this host (the port dropped: CloudFront serves 443). */
    static String cloudFrontUrl(String hostHeader, String rawPath, String rawQuery) {
        String host = hostHeader == null ? "127.0.0.1" : hostHeader.strip();
        if (host.startsWith("[")) host = host.substring(0, host.indexOf(']') + 1);
        else if (host.contains(":")) host = host.substring(0, host.indexOf(':'));
        return "https://" + host + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
    }
}

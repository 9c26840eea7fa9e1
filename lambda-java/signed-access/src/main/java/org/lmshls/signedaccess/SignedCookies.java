package org.lmshls.signedaccess;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.lmshls.converter.AssetLayout;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;
import software.amazon.awssdk.services.cloudfront.model.CustomSignerRequest;

/**
 * Issues CloudFront signed cookies that open one asset's folder ({@code assets/<assetId>/}, as
 * {@link AssetLayout} lays it out) for a limited time: what the LMS backend does when an enrolled
 * learner opens a lecture.
 *
 * <p>One encoding rule for URLs, cookie path and policy (issue 15.3): asset ids hold only
 * {@code A-Z a-z 0-9 - _ . / = @}, every one an RFC 3986 {@code pchar}, so the player requests
 * {@code /assets/<assetId>/...} with those bytes unescaped, and the cookie {@code Path} and the
 * policy resource carry the same raw bytes. A browser matches a cookie path byte for byte against
 * the request path as sent (RFC 6265 section 5.1.4), so a page that wrote {@code %3D} for
 * {@code =} would never send the cookies; ids outside that alphabet are refused here.
 *
 * <p>A custom policy with a wildcard resource is needed because a player fetches the master
 * playlist, then variant playlists and segments under the same folder; a canned policy
 * names one URL only. The cookies' {@code Path} is the same folder, so a learner enrolled in
 * several courses carries one independent set per asset.
 */
public final class SignedCookies {

    private final CloudFrontUtilities utilities = CloudFrontUtilities.create();
    private final String playbackDomain;
    private final String keyPairId;
    private final PrivateKey privateKey;
    private final Duration lifetime;
    private final String cookieDomain;
    private final Clock clock;

    /**
     * @param playbackDomain host players fetch from: the distribution's alias (needed for
     *     cookies, see cookieDomain) or its {@code <id>.cloudfront.net} name
     * @param keyPairId the CloudFront public key ID (Terraform output signed_access_key_pair_id)
     * @param privateKey the private half of the key pair whose public PEM is in the key group
     * @param lifetime how long the cookies open the folder; a lecture's length plus a margin
     * @param cookieDomain domain attribute shared by the LMS and the playback alias (e.g.
     *     {@code lms.example.com} for an LMS at that host and media at media.lms.example.com);
     *     null for a host-only cookie
     */
    public SignedCookies(
            String playbackDomain,
            String keyPairId,
            PrivateKey privateKey,
            Duration lifetime,
            String cookieDomain,
            Clock clock) {
        this.playbackDomain = requireText(playbackDomain, "playbackDomain");
        if (playbackDomain.contains("/") || playbackDomain.contains(":")) {
            throw new IllegalArgumentException(
                    "playbackDomain must be a host name without scheme or path, got '" + playbackDomain + "'");
        }
        this.keyPairId = requireText(keyPairId, "keyPairId");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        if (!"RSA".equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException(
                    "CloudFront verifies RSA signatures only; the key is " + privateKey.getAlgorithm());
        }
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive, got " + lifetime);
        }
        this.cookieDomain = cookieDomain;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The three cookies for one asset, as {@code Set-Cookie} header values. */
    public List<String> setCookieHeaders(String assetId) {
        CookiesForCustomPolicy cookies = sign(assetId);
        String attributes = "; Path=/" + folder(assetId) + "; Secure; HttpOnly; SameSite=None"
                + (cookieDomain == null ? "" : "; Domain=" + cookieDomain);
        return List.of(
                cookies.policyHeaderValue() + attributes,
                cookies.signatureHeaderValue() + attributes,
                cookies.keyPairIdHeaderValue() + attributes);
    }

    /** Signs the custom policy that admits every object under {@code assets/<assetId>/}. */
    public CookiesForCustomPolicy sign(String assetId) {
        String folderUrl = "https://" + playbackDomain + "/" + folder(assetId);
        Instant now = clock.instant();
        CustomSignerRequest request = CustomSignerRequest.builder()
                // For cookies SDK 2.40.2 writes resourceUrl into the policy as is (resourceUrlPattern
                // is used for signed URLs only), so the wildcard goes here.
                .resourceUrl(folderUrl + "*")
                .privateKey(privateKey)
                .keyPairId(keyPairId)
                .expirationDate(now.plus(lifetime))
                .build();
        return utilities.getCookiesForCustomPolicy(request);
    }

    /** The master playlist's URL under the folder the cookies open, the id's bytes as they are. */
    public String playbackUrl(String assetId) {
        return "https://" + playbackDomain + "/"
                + AssetLayout.ofAssetId(assetId).masterKey();
    }

    /** Reads an unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), e.g. from a secret store. */
    public static PrivateKey privateKeyFromPem(String pem) {
        return Pem.rsaPrivateKey(requireText(pem, "pem"));
    }

    /** {@code assets/<assetId>/}; refuses what the converter never produces (wildcards, {@code ..}, spaces, %). */
    private static String folder(String assetId) {
        return AssetLayout.ofAssetId(assetId).prefix();
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }
}

package org.lmshls.converter;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One object-created record of an S3 notification, with its key decoded.
 *
 * @param bucket the input bucket
 * @param key the object key as stored (S3 sends it form-encoded: {@code red+flower.mp4})
 * @param versionId the version id, or null when the bucket is not versioned
 * @param sequencer S3's per-key ordering value, or null
 * @param eTag the object's ETag, or null
 */
public record S3Upload(String bucket, String key, String versionId, String sequencer, String eTag) {

    /** Decodes a key as S3 writes it into notifications: form encoding, UTF-8. */
    public static String decodeKey(String encodedKey) {
        return URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
    }

    /** Where the upload is: MediaConvert's {@code FileInput}. */
    public S3Location location() {
        return new S3Location(bucket, key);
    }

    /**
     * The CreateJob {@code ClientRequestToken}: 64 hex characters of SHA-256 over every field of
     * the record that names this upload (bucket, key, version id, sequencer, ETag), each as sent.
     *
     * <p>A redelivery of the same record repeats every field, so it gets the same token. A new PUT
     * of the same key always gets a new one: S3 gives every PUT of a key a new, higher
     * {@code sequencer}, whatever the bucket's versioning state, whereas the version id can be
     * absent (never versioned) or the literal {@code "null"} (versioning suspended) for both
     * uploads, and the ETag is the same when the same bytes are uploaded again.
     */
    public String idempotencyToken() {
        return token(bucket, key, versionId, sequencer, eTag);
    }

    /**
     * The token of the job this upload (a caption file) starts for {@code videoKey}: as unique as
     * {@link #idempotencyToken()}, and different for each video one caption upload belongs to
     * ({@code intro.mp4} and {@code intro.MP4} share {@code intro.en.vtt}).
     */
    public String idempotencyTokenFor(String videoKey) {
        return token(bucket, key, versionId, sequencer, eTag, "video", videoKey);
    }

    private static String token(String... values) {
        StringBuilder fields = new StringBuilder();
        for (String f : values) {
            // Length-prefixed, and absent distinct from empty, so no two field lists give one input.
            fields.append(f == null ? "-" : f.length() + ":" + f).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(fields.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

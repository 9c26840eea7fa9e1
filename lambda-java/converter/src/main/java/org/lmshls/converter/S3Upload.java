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

  /** {@code s3://bucket/key}: MediaConvert's input URI. */
  public String uri() {
    return "s3://" + bucket + "/" + key;
  }

  /**
   * The CreateJob {@code ClientRequestToken}: 64 hex characters, the same for every delivery of
   * this record and different for another upload (new version or sequencer) of the same key.
   */
  public String idempotencyToken() {
    String revision = versionId != null && !versionId.isEmpty() ? "version:" + versionId
        : sequencer != null && !sequencer.isEmpty() ? "sequencer:" + sequencer
        : "etag:" + eTag;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((bucket + '\n' + key + '\n' + revision).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

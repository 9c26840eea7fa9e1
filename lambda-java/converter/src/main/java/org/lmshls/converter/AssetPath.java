package org.lmshls.converter;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where one upload's outputs go: {@code assets/<assetId>/{HLS,MP4,Thumbnails}/<name>}.
 *
 * <p>The asset id is the object key without its last extension, folders kept
 * ({@code course-1/week-2/intro.mp4} becomes {@code course-1/week-2/intro}); the name is its last
 * segment. Characters that are unsafe in URLs or in MediaConvert user metadata are escaped by one
 * rule, which is what makes the mapping injective (two keys never share an asset path):
 *
 * <ul>
 *   <li>{@code A-Z a-z 0-9 - _ .} and {@code /} are kept as they are;
 *   <li>every other character becomes {@code ~XX} for each byte of its UTF-8 encoding, in upper-case
 *       hex ({@code "red flower"} becomes {@code red~20flower}, {@code é} becomes {@code ~C3~A9},
 *       {@code ~} itself becomes {@code ~7E});
 *   <li>a {@code .} at the start of a path segment is escaped too ({@code ~2E}), so no segment is
 *       {@code .} or {@code ..}, which URL normalisation would otherwise collapse.
 * </ul>
 *
 * Decoding each {@code ~XX} back to its byte gives the original key, so distinct keys give
 * distinct ids.
 */
public record AssetPath(String assetId, String name) {

  /** The longest S3 object key; the longest output key must fit in it. */
  static final int MAX_S3_KEY_BYTES = 1024;

  /** The longest suffix MediaConvert adds to a name: {@code _720_00001.ts}, {@code .0000000.jpg}. */
  private static final int LONGEST_OUTPUT_SUFFIX = "/Thumbnails/".length() + ".0000000.jpg".length() + 8;

  public static final String ROOT = "assets/";

  /**
   * The asset path for a decoded object key that ends with {@code suffix} (as found in the key,
   * any case). Keys that cannot give a usable path throw {@link UnsupportedKeyException}.
   */
  public static AssetPath forKey(String decodedKey, String suffix) {
    String stem = decodedKey.substring(0, decodedKey.length() - suffix.length());
    String name = stem.substring(stem.lastIndexOf('/') + 1);
    if (name.isEmpty()) {
      throw new UnsupportedKeyException("the file name is empty once the \"" + suffix + "\" extension is removed");
    }
    String assetId = escape(stem);
    String escapedName = assetId.substring(assetId.lastIndexOf('/') + 1);
    int longest = ROOT.length() + assetId.length() + 1 + escapedName.length() + LONGEST_OUTPUT_SUFFIX;
    if (longest > MAX_S3_KEY_BYTES) {
      throw new UnsupportedKeyException(
          "the output keys would be " + longest + " bytes, over S3's limit of " + MAX_S3_KEY_BYTES);
    }
    return new AssetPath(assetId, escapedName);
  }

  /** {@code s3://<bucket>/assets/<assetId>/<kind>/<name>}: MediaConvert's destination prefix. */
  public String destination(String bucket, String kind) {
    return "s3://" + bucket + "/" + prefix() + kind + "/" + name;
  }

  /** {@code assets/<assetId>/}: everything this upload produces lies under it. */
  public String prefix() {
    return ROOT + assetId + "/";
  }

  static String escape(String key) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(utf8.length + 16);
    boolean segmentStart = true;
    for (byte b : utf8) {
      int c = b & 0xff;
      boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '/' || (c == '.' && !segmentStart);
      if (keep) {
        out.append((char) c);
      } else {
        out.append('~').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
      segmentStart = c == '/';
    }
    return out.toString();
  }

  /** Reverses {@link #escape}; used to show that the rule loses nothing. */
  static Optional<String> unescape(String assetId) {
    byte[] out = new byte[assetId.length()];
    int n = 0;
    for (int i = 0; i < assetId.length(); i++) {
      char c = assetId.charAt(i);
      if (c == '~') {
        if (i + 2 >= assetId.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(assetId.charAt(i + 1), 16);
        int lo = Character.digit(assetId.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        out[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return Optional.of(new String(out, 0, n, StandardCharsets.UTF_8));
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** A key that can never be converted: skipped with a log line, never retried. */
  public static final class UnsupportedKeyException extends RuntimeException {
    public UnsupportedKeyException(String message) {
      super(message);
    }
  }
}

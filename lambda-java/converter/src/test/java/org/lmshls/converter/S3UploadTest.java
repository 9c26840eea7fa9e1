package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class S3UploadTest {

  @Test
  void keysAreFormDecoded() {
    assertEquals("red flower.mp4", S3Upload.decodeKey("red+flower.mp4"));
    assertEquals("C++.mp4", S3Upload.decodeKey("C%2B%2B.mp4"));
    assertEquals("café.mp4", S3Upload.decodeKey("caf%C3%A9.mp4"));
  }

  @Test
  void brokenEscapesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> S3Upload.decodeKey("bad%zz.mp4"));
  }

  @Test
  void tokenIsDeterministicSixtyFourAsciiCharacters() {
    S3Upload a = new S3Upload("in", "a.mp4", "v1", "seq", "etag");
    assertEquals(a.idempotencyToken(), new S3Upload("in", "a.mp4", "v1", "seq", "etag").idempotencyToken());
    assertTrue(a.idempotencyToken().matches("[0-9a-f]{64}"));
  }

  @Test
  void tokenChangesWithBucketKeyAndRevision() {
    String base = new S3Upload("in", "a.mp4", "v1", "s", "e").idempotencyToken();
    assertNotEquals(base, new S3Upload("in2", "a.mp4", "v1", "s", "e").idempotencyToken());
    assertNotEquals(base, new S3Upload("in", "b.mp4", "v1", "s", "e").idempotencyToken());
    assertNotEquals(base, new S3Upload("in", "a.mp4", "v2", "s", "e").idempotencyToken());
    // Without a version id the sequencer tells uploads of the same key apart.
    assertNotEquals(new S3Upload("in", "a.mp4", null, "s1", "e").idempotencyToken(),
        new S3Upload("in", "a.mp4", null, "s2", "e").idempotencyToken());
  }
}

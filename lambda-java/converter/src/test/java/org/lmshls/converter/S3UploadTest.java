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
        assertNotEquals(
                new S3Upload("in", "a.mp4", null, "s1", "e").idempotencyToken(),
                new S3Upload("in", "a.mp4", null, "s2", "e").idempotencyToken());
    }

    @Test
    void aNewUploadOfTheSameKeyAlwaysGetsANewTokenWhateverTheVersioningState() {
        // Same key, same bytes (so the same ETag), a new PUT (so a new sequencer).
        for (String versionId : new String[] {null, "", "null"}) {
            String first = new S3Upload(
                            "in", "a.mp4", versionId, "0066A3C2F1D7A0B9C1", "d41d8cd98f00b204e9800998ecf8427e")
                    .idempotencyToken();
            String second = new S3Upload(
                            "in", "a.mp4", versionId, "0066A3C2F1D7A0B9D4", "d41d8cd98f00b204e9800998ecf8427e")
                    .idempotencyToken();
            assertNotEquals(first, second, "versionId " + versionId);
        }
    }

    @Test
    void aRedeliveryGetsTheSameTokenWhateverTheVersioningState() {
        for (String versionId : new String[] {null, "null", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"}) {
            assertEquals(
                    new S3Upload("in", "a.mp4", versionId, "0066A3C2F1D7A0B9C1", "etag").idempotencyToken(),
                    new S3Upload("in", "a.mp4", versionId, "0066A3C2F1D7A0B9C1", "etag").idempotencyToken());
        }
    }

    @Test
    void fieldsCannotRunIntoEachOther() {
        assertNotEquals(
                new S3Upload("in", "a.mp4", null, "s", "e").idempotencyToken(),
                new S3Upload("in", "a.mp4", "", "s", "e").idempotencyToken());
        assertNotEquals(
                new S3Upload("in", "a.mp4", "v", "1", "e").idempotencyToken(),
                new S3Upload("in", "a.mp4", "v1", "", "e").idempotencyToken());
    }
}

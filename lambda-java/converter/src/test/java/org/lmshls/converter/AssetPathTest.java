package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AssetPathTest {

  @Test
  void plainKeyKeepsItsName() {
    AssetPath p = AssetPath.forKey("intro.mp4", ".mp4");
    assertEquals("intro", p.assetId());
    assertEquals("intro", p.name());
    assertEquals("s3://out/assets/intro/HLS/intro", p.destination("out", "HLS"));
    assertEquals("assets/intro/", p.prefix());
  }

  @Test
  void foldersAreKeptAndOnlyTheLastExtensionGoes() {
    AssetPath p = AssetPath.forKey("course-1/week-2/talk.v2.MP4", ".MP4");
    assertEquals("course-1/week-2/talk.v2", p.assetId());
    assertEquals("talk.v2", p.name());
  }

  @Test
  void spaceAndUnderscoreNeverCollide() {
    assertNotEquals(AssetPath.forKey("red flower.mp4", ".mp4"), AssetPath.forKey("red_flower.mp4", ".mp4"));
    assertEquals("red~20flower", AssetPath.forKey("red flower.mp4", ".mp4").assetId());
  }

  @Test
  void theEscapeCharacterIsItselfEscaped() {
    assertEquals("red~7E20flower", AssetPath.forKey("red~20flower.mp4", ".mp4").assetId());
    assertNotEquals(AssetPath.forKey("red~20flower.mp4", ".mp4").assetId(), AssetPath.forKey("red flower.mp4", ".mp4").assetId());
  }

  @Test
  void dotSegmentsCannotBeCollapsedByUrlNormalisation() {
    AssetPath p = AssetPath.forKey("a/../b/./.hidden.mp4", ".mp4");
    assertEquals("a/~2E./b/~2E/~2Ehidden", p.assetId());
    for (String segment : p.assetId().split("/")) {
      assertTrue(!segment.equals(".") && !segment.equals(".."), segment);
    }
  }

  @Test
  void emptyNameIsUnsupported() {
    AssetPath.UnsupportedKeyException e =
        assertThrows(AssetPath.UnsupportedKeyException.class, () -> AssetPath.forKey("folder/.mp4", ".mp4"));
    assertTrue(e.getMessage().contains("file name is empty"), e.getMessage());
  }

  @Test
  void keyTooLongForOutputKeysIsUnsupported() {
    String key = "é".repeat(200) + ".mp4";  // 400 UTF-8 bytes, 1200 once escaped
    AssetPath.UnsupportedKeyException e =
        assertThrows(AssetPath.UnsupportedKeyException.class, () -> AssetPath.forKey(key, ".mp4"));
    assertTrue(e.getMessage().contains("over S3's limit of 1024"), e.getMessage());
  }

  @Test
  void onlyUrlSafeCharactersRemain() {
    String id = AssetPath.forKey("Vorlesung über Größe/(1) a+b=c?&#%\"'<>.mp4", ".mp4").assetId();
    assertTrue(id.matches("[A-Za-z0-9._~/-]+"), id);
  }

  @Test
  void escapingIsReversibleSoDistinctKeysGetDistinctPaths() {
    Random random = new Random(20261125);
    String alphabet = "aZ09-_./ ~%+()é☕😀\t";
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder("k");
      int n = 1 + random.nextInt(12);
      for (int j = 0; j < n; j++) {
        sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
      }
      String stem = sb.toString();
      String id = AssetPath.escape(stem);
      assertEquals(Optional.of(stem), AssetPath.unescape(id), "round trip of " + stem);
      String before = seen.putIfAbsent(id, stem);
      assertTrue(before == null || before.equals(stem), "collision: " + before + " and " + stem + " -> " + id);
    }
  }
}

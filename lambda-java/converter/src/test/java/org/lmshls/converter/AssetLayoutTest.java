package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AssetLayoutTest {

    /** MediaConvert's allowed user-metadata characters (letters and digits of any script, space, {@code _.:/=+-@}). */
    static final Pattern METADATA_VALUE = Pattern.compile("[\\p{L}\\p{N} _.:/=+\\-@]{0,256}");

    /**
     * The longest name MediaConvert appends to a destination for this template: {@code _720}, a
     * segment number (5 digits, more after 99 999 segments: 7 leaves room for 115 days of 10 s
     * segments) and {@code .m3u8}/{@code .ts}; for frame captures {@code .0000000.jpg}.
     */
    static final List<String> LONGEST_APPENDED = List.of("_720_0000001.ts", "_720.m3u8", ".0000000.jpg", ".mp4");

    static AssetLayout of(String key) {
        String suffix = key.substring(key.length() - 4);
        return AssetLayout.forKey(key, suffix);
    }

    @Test
    void plainKeyKeepsItsName() {
        AssetLayout p = of("intro.mp4");
        assertEquals("intro", p.assetId());
        assertEquals("intro", p.name());
        assertEquals(
                "s3://out/assets/intro/HLS/intro",
                p.destination("out", AssetLayout.Folder.HLS).toString());
        assertEquals("assets/intro/", p.prefix());
        assertEquals("assets/intro/HLS/intro.m3u8", p.masterKey());
        assertEquals("assets/intro/HLS/intro_540.m3u8", p.playlistKey("_540"));
        assertEquals("assets/intro/MP4/intro.mp4", p.mp4Key(""));
        assertEquals("assets/intro/Thumbnails/intro.0000012.jpg", p.thumbnailKey("", 12));
        assertEquals("assets/intro/lecture.json", p.lectureKey());
        assertEquals("HLS/intro.m3u8", p.relative(p.masterKey()));
        assertTrue(p.isReadable());
    }

    @Test
    void foldersAreKeptAndOnlyTheLastExtensionGoes() {
        AssetLayout p = of("course-1/week-2/talk.v2.mp4");
        assertEquals("course-1/week-2/talk.v2", p.assetId());
        assertEquals("talk.v2", p.name());
    }

    @Test
    void otherCharactersAreEscapedReversiblyWithCharactersMediaConvertMetadataAllows() {
        assertEquals("red=20flower", of("red flower.mp4").assetId());
        assertEquals("course-1/week=202/intro", of("course-1/week 2/intro.mp4").assetId());
        assertEquals("caf=C3=A9", of("café.mp4").assetId());
        assertEquals("red=7E20flower", of("red~20flower.mp4").assetId());
        assertEquals("a=3D20b", of("a=20b.mp4").assetId(), "the escape character itself is escaped");
        assertNotEquals(of("a=20b.mp4").assetId(), of("a b.mp4").assetId());
    }

    @Test
    void upperCaseSuffixGetsItsOwnFolder() {
        AssetLayout lower = of("intro.mp4");
        AssetLayout upper = of("intro.MP4");
        AssetLayout mixed = of("intro.Mp4");
        assertNotEquals(lower.prefix(), upper.prefix());
        assertNotEquals(upper.prefix(), mixed.prefix());
        assertTrue(upper.assetId().matches("intro@[a-z2-7]{16}"), upper.assetId());
        assertEquals(upper, of("intro.MP4"), "deterministic");
    }

    @Test
    void dotSegmentsCannotBeCollapsedByUrlNormalisation() {
        AssetLayout p = of("a/../b/./.hidden.mp4");
        assertEquals("a/=2E./b/=2E/=2Ehidden", p.assetId());
    }

    @Test
    void noAssetLiesInsideAnotherAssetsOutputFolders() {
        assertEquals("course/=48LS/x", of("course/HLS/x.mp4").assetId());
        assertEquals(
                "course/_MP4/x@" + AssetLayout.hash("course/MP4/x.MP4"),
                of("course/MP4/x.MP4").assetId());
    }

    @Test
    void emptyNameAndEmptyFoldersStillGiveAPath() {
        assertTrue(
                of(".mp4").assetId().matches("video@[a-z2-7]{16}"), of(".mp4").assetId());
        assertTrue(of("folder/.mp4").assetId().matches("folder/video@[a-z2-7]{16}"));
        assertTrue(of("/lead//double/x.mp4").assetId().matches("lead/double/x@[a-z2-7]{16}"));
    }

    @Test
    void fiftyFiveCjkCharactersAreConverted() {
        String key = "讲".repeat(55) + ".mp4"; // the issue's 166-byte key, once skipped
        AssetLayout p = of(key);
        assertTrue(p.assetId().matches("_@[a-z2-7]{16}"), p.assetId());
        assertFits(key, p);
    }

    @Test
    void shortNonLatinNamesStayReadable() {
        AssetLayout p = of("Лекция 1.mp4");
        assertTrue(p.isReadable(), p.assetId());
        assertEquals(Optional.of("Лекция 1"), AssetLayout.unescape(p.assetId()));
    }

    @Test
    void longestKeysFit() {
        String ascii = "a/".repeat(300) + "b".repeat(1024 - 600 - 4) + ".mp4";
        assertEquals(1024, ascii.getBytes(StandardCharsets.UTF_8).length);
        assertFits(ascii, of(ascii));
        String emoji = "😀".repeat(255) + ".mp4";
        assertEquals(1024, emoji.getBytes(StandardCharsets.UTF_8).length);
        assertFits(emoji, of(emoji));
    }

    /**
     * The property the issue asks for, over keys S3 accepts of every length from 5 to 1024 bytes,
     * drawn from several scripts, emoji, separators and the rule's own marks, with case variants of
     * the suffix: every key gets a path whose keys fit; the same key always gets the same path; two
     * different keys never get the same asset folder.
     */
    @Test
    void everyKeyGetsAFittingDeterministicPathAndNoTwoKeysShareOne() {
        String[] alphabets = {
            "abcXYZ019-_.",
            "/",
            " ~%+()[]&$,;:!'\"#?*",
            "=@",
            "éüßçñ",
            "中文讲座第课",
            "محاضرة",
            "διάλεξη",
            "лекция",
            "😀🎬📚",
            "\t\u00a0\u200b"
        };
        String[] suffixes = {".mp4", ".MP4", ".Mp4", ".mP4"};
        Random random = new Random(20261201);
        Map<String, String> folders = new HashMap<>();
        int readable = 0;
        for (int i = 0; i < 30_000; i++) {
            int targetBytes = 5 + (i % 8 == 0 ? random.nextInt(1020) : random.nextInt(120));
            String suffix = random.nextBoolean() ? ".mp4" : suffixes[random.nextInt(suffixes.length)];
            StringBuilder stem = new StringBuilder();
            // Mostly one alphabet per key (like real names), sometimes several.
            String alphabet = alphabets[random.nextInt(alphabets.length)];
            while (true) {
                if (random.nextInt(10) == 0) {
                    alphabet = alphabets[random.nextInt(alphabets.length)];
                }
                int cp = alphabet.codePointAt(
                        alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length()))));
                String next = new String(Character.toChars(cp));
                if ((stem + next + suffix).getBytes(StandardCharsets.UTF_8).length > targetBytes) {
                    break;
                }
                stem.append(next);
            }
            String key = stem + suffix;
            AssetLayout p = AssetLayout.forKey(key, suffix);
            assertEquals(p, AssetLayout.forKey(key, suffix), "deterministic: " + key);
            assertFits(key, p);
            if (p.isReadable()) {
                readable++;
                assertEquals(
                        Optional.of(stem.toString()),
                        AssetLayout.unescape(p.assetId()),
                        "readable form decodes back: " + key);
            }
            String before = folders.putIfAbsent(p.prefix(), key);
            assertTrue(
                    before == null || before.equals(key),
                    "collision: \"" + before + "\" and \"" + key + "\" -> " + p.prefix());
        }
        assertTrue(readable > 3_000 && readable < 25_000, "both forms were exercised: " + readable + " readable");
    }

    /** Output keys within S3's limit, metadata values within MediaConvert's, no segment URL normalisation would change. */
    static void assertFits(String key, AssetLayout p) {
        for (AssetLayout.Folder kind : AssetLayout.Folder.values()) {
            for (String appended : LONGEST_APPENDED) {
                int bytes = (p.base(kind) + appended).getBytes(StandardCharsets.UTF_8).length;
                assertTrue(bytes <= AssetLayout.MAX_S3_KEY_BYTES, key + ": output key of " + bytes + " bytes");
            }
        }
        for (String value : List.of(p.assetId(), p.masterKey(), p.thumbnailKey("", 0))) {
            assertTrue(
                    METADATA_VALUE.matcher(value).matches(),
                    key + ": not a valid MediaConvert metadata value: " + value);
        }
        String[] segments = p.assetId().split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            assertFalse(
                    s.isEmpty() || s.equals(".") || s.equals(".."), key + ": segment \"" + s + "\" in " + p.assetId());
            assertFalse(AssetLayout.OUTPUT_FOLDERS.contains(s), key + ": output-folder name in " + p.assetId());
        }
        assertEquals(segments[segments.length - 1], p.name());
    }

    @Test
    void aSegmentNamedLikeTheManifestIsEscapedSoNoAssetFolderMeetsAnotherAssetsLectureJson() {
        assertEquals(
                "course/=6Cecture.json/intro",
                of("course/lecture.json/intro.mp4").assetId());
    }

    @Test
    void assetIdsAreReadBackOnlyInTheConvertersAlphabet() {
        for (String key : List.of("Vorlesung 3 – Über Räder.mp4", "intro.MP4", "course-1/week-2/intro.mp4")) {
            AssetLayout p = of(key);
            assertEquals(p, AssetLayout.ofAssetId(p.assetId()), key);
        }
        for (String bad : List.of("", "a//b", "/a", "a/", "../a", "a/./b", "a b", "a%20b", "a*", "a?b", "a\\b", "ü")) {
            assertFalse(AssetLayout.isAssetId(bad), bad);
            org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> AssetLayout.ofAssetId(bad), bad);
        }
    }
}

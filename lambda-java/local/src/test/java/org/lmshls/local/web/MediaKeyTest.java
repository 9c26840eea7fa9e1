package org.lmshls.local.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaKeyTest {

    @Test
    void segmentsArePercentDecodedOneByOne() {
        assertEquals(
                Optional.of("assets/course-1/week~202/intro/HLS/intro.m3u8"),
                MediaKey.fromRawPath("assets/course-1/week~202/intro/HLS/intro.m3u8"));
        assertEquals(
                Optional.of("assets/red flower/MP4/red flower.mp4"),
                MediaKey.fromRawPath("assets/red%20flower/MP4/red%20flower.mp4"));
        assertEquals(
                Optional.of("assets/a+b/x.ts"),
                MediaKey.fromRawPath("assets/a+b/x.ts"),
                "a path keeps '+' (not form encoding)");
        assertEquals(Optional.of("assets/é/x.jpg"), MediaKey.fromRawPath("assets/%C3%A9/x.jpg"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "assets",
                "assets/",
                "x.ts",
                "secret.txt",
                "web/index.html",
                "assetsX/a.ts",
                "assets/../secret.txt",
                "assets/%2e%2e/secret.txt",
                "assets/%2E%2E/secret.txt",
                "assets/.%2e/secret.txt",
                "assets/./a/x.ts",
                "assets/%2e/a/x.ts",
                "assets//a/x.ts",
                "assets/a/",
                "/assets/a/x.ts",
                "assets%2Fa%2Fx.ts",
                "assets/a%2F..%2F..%2Fsecret.txt",
                "assets/a%2fb/x.ts",
                "assets/a%5C..%5Csecret.txt",
                "assets/a\\..\\x",
                "assets/a%00/x.ts",
                "assets/a%0A/x.ts",
                "assets/a%7F/x.ts",
                "assets/%ZZ/x.ts",
                "assets/a%2/x.ts",
                "assets/a%/x.ts",
                "assets/%C3/x.ts",
                "assets/%FF%FE/x.ts",
                "assets/%C0%AE%C0%AE/x.ts",
                "assets/é/x.ts",
                "..%2Finput-bucket%2Fx.mp4",
                "%2e%2e/%2e%2e/etc/passwd",
            })
    void anythingThatCouldLeaveAssetsOrNeedsNormalisingIsRefused(String raw) {
        assertTrue(MediaKey.fromRawPath(raw).isEmpty(), () -> raw + " gave " + MediaKey.fromRawPath(raw));
    }

    @Test
    void encodeIsTheInverseForKeysThePipelineWrites() {
        for (String key : new String[] {
            "assets/red flower/HLS/red flower_360_00001.ts", "assets/a+b&c=d#e?f/MP4/x.mp4", "assets/é~7E/x.jpg"
        }) {
            assertEquals(Optional.of(key), MediaKey.fromRawPath(MediaKey.encode(key)), key);
        }
        assertEquals("assets/a%20b%23c%3Fd/x.ts", MediaKey.encode("assets/a b#c?d/x.ts"));
    }
}

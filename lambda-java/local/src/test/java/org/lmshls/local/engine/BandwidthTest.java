package org.lmshls.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BandwidthTest {

    private static MediaPlaylist.Entry seg(double seconds, long bytes) {
        return new MediaPlaylist.Entry("s.ts", seconds, bytes);
    }

    @Test
    void aShortLastSegmentDoesNotSetThePeakOnItsOwn() {
        // 6 s at 100 kb/s, 6 s at 120 kb/s, then 1 s at 400 kb/s: alone it is under half the target (3 s),
        // with the one before it (7 s, within 1.5 x 6) it is (720 + 400) kb / 7 s = 160 kb/s.
        var b = Bandwidth.of(List.of(seg(6, 75_000), seg(6, 90_000), seg(1, 50_000)), 6);
        assertEquals(160_000, b.peak());
        assertEquals(Math.round(215_000 * 8 / 13.0), b.average());
    }

    @Test
    void setsLongerThanOneAndAHalfTargetsAreNotCounted() {
        // Two 5 s segments: each is a set (5 s in 3..9 s); both together (10 s) are not.
        var b = Bandwidth.of(List.of(seg(5, 50_000), seg(5, 100_000)), 6);
        assertEquals(160_000, b.peak());
    }

    @Test
    void aPlaylistShorterThanHalfTheTargetUsesItsAverage() {
        var b = Bandwidth.of(List.of(seg(1, 10_000)), 6);
        assertEquals(80_000, b.peak());
        assertEquals(80_000, b.average());
    }

    @Test
    void aVariantDeclaresItsAudioGroupsBitsToo() {
        assertEquals(new Bandwidth(250, 120), new Bandwidth(200, 100).plus(new Bandwidth(50, 20)));
    }
}

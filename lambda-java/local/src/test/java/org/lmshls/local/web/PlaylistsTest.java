package org.lmshls.local.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaylistsTest {

    @Test
    void masterVariantsLowestFirstWithTheirAttributes() {
        String master = """
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=2555146,AVERAGE-BANDWIDTH=2000000,CODECS="avc1.4d401f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=30.000
                intro_720.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=509405,CODECS="avc1.4d401e,mp4a.40.2",RESOLUTION=640x360
                intro_360.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=1110102,RESOLUTION=960x540,CODECS="avc1.4d401f"

                intro_540.m3u8
                """;
        List<Playlists.Variant> v = Playlists.variants(master);
        assertEquals(
                List.of(
                        new Playlists.Variant(640, 360, 509405, "avc1.4d401e,mp4a.40.2", "intro_360.m3u8"),
                        new Playlists.Variant(960, 540, 1110102, "avc1.4d401f", "intro_540.m3u8"),
                        new Playlists.Variant(1280, 720, 2555146, "avc1.4d401f,mp4a.40.2", "intro_720.m3u8")),
                v);
        assertEquals(1280, v.get(2).width(), "AVERAGE-BANDWIDTH is not BANDWIDTH");
        assertEquals(2555146, v.get(2).bandwidth());
    }

    @Test
    void aMediaPlaylistIsNotAMaster() {
        assertTrue(Playlists.variants("#EXTM3U\n#EXTINF:10,\na_00001.ts\n#EXT-X-ENDLIST\n")
                .isEmpty());
    }

    @Test
    void durationIsTheSumOfTheSegmentsOfAFinishedPlaylist() {
        String media =
                "#EXTM3U\r\n#EXT-X-TARGETDURATION:10\r\n#EXTINF:10.000000,\r\na_00001.ts\r\n#EXTINF:10,\r\na_00002.ts\r\n"
                        + "#EXTINF:0.533333,\r\na_00003.ts\r\n#EXT-X-ENDLIST\r\n";
        assertEquals(20.533333, Playlists.duration(media), 1e-9);
        assertEquals(1.0, Playlists.duration("#EXTM3U\n#EXTINF:1.0,\nx.ts\n#EXT-X-ENDLIST\n"), 1e-9);
        assertNull(Playlists.duration("#EXTM3U\n#EXTINF:10,\na_00001.ts\n"), "no ENDLIST: still being written");
    }
}

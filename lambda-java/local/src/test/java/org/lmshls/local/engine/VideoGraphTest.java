package org.lmshls.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmshls.template.JobTemplate;

class VideoGraphTest {

    static final String EVERY_5_S = "select='isnan(prev_selected_t)+gt(trunc(t/5),trunc(prev_selected_t/5))'";

    static List<String> graph(Probe probe) throws Exception {
        StringBuilder graph = new StringBuilder();
        VideoGraph.append(JobPlanner.plan(JobTemplate.bundled()), probe, graph);
        return Arrays.asList(graph.toString().split(";"));
    }

    @Test
    void theTemplateLadderIsScaledInACascadeFromTheLargestRungDown() throws Exception {
        // Scales of the template, by index: 160x90, 960x540, 640x360, 1280x720, 416x234, 1920x1080.
        assertEquals(
                List.of(
                        "[0:v]scale=1920:1080:flags=bicubic,setsar=1,format=yuv420p,split=2[venc4][s5_0]",
                        "[s5_0]scale=1280:720:flags=bicubic,setsar=1,format=yuv420p,split=3[venc2][precap2_0][s3_0]",
                        "[precap2_0]" + EVERY_5_S + ",format=yuvj420p[cap2_0]",
                        "[s3_0]scale=960:540:flags=bicubic,setsar=1,format=yuv420p,split=2[venc0][s1_0]",
                        "[s1_0]scale=640:360:flags=bicubic,setsar=1,format=yuv420p,split=2[venc1][s2_0]",
                        "[s2_0]scale=416:234:flags=bicubic,setsar=1,format=yuv420p,split=2[venc3][s4_0]",
                        // The trick-play thumbnail: only one frame per 5 s is scaled.
                        "[s4_0]" + EVERY_5_S
                                + ",scale=160:90:flags=bicubic,setsar=1,format=yuv420p,format=yuvj420p[trick0]"),
                graph(Probe.plain(30, 1920, 1080, 30, true)));
    }

    @Test
    void aRungLargerThanTheSourceIsScaledFromTheSourceAndNothingFromIt() throws Exception {
        List<String> g = graph(Probe.plain(30, 1280, 720, 25, true));
        assertEquals("[0:v]split=2[src_0][src_1]", g.get(0));
        assertTrue(g.get(1).startsWith("[src_0]scale=1920:1080:"), g.toString());
        assertTrue(g.get(1).endsWith("[venc4]"), "the enlarged 1080p picture feeds its encode only: " + g);
        assertTrue(g.get(2).startsWith("[src_1]scale=1280:720:"), g.toString());
        assertTrue(g.stream().anyMatch(s -> s.startsWith("[s3_0]scale=960:540:")), "540p from 720p: " + g);
    }

    @Test
    void aLetterboxedPictureIsScaledFromBeforeItIsPadded() throws Exception {
        List<String> g = graph(Probe.plain(30, 1280, 536, 24, false));
        // 720p: 1280x536 padded to 1280x720; 540p is scaled from the 1280x536 picture, not the padded frame.
        assertTrue(
                g.contains("[src_1]scale=1280:536:flags=bicubic,setsar=1,format=yuv420p,split=2[s3_0][s3]"),
                g.toString());
        assertTrue(g.contains("[s3]pad=1280:720:0:92:black,split=2[venc2][precap2_0]"), g.toString());
        assertTrue(g.stream().anyMatch(s -> s.startsWith("[s3_0]scale=960:402:")), g.toString());
    }
}

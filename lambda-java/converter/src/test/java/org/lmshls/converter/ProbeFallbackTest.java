package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: when MediaConvert's Probe fails, the job still goes out, with the template's full
 * ladder below 1080p (in the template's order), and one log line says why; when it answers, the
 * ladder follows the source.
 * The Probe and CreateJob go over the wire to the recording endpoint, as on AWS.
 */
class ProbeFallbackTest {

    RecordingMediaConvert server;
    ConverterHandler handler;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingMediaConvert();
        handler = server.converter(LoopbackS3.shared().objects());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** One upload handled: the HLS rungs of its CreateJob and the invocation's log lines. */
    record Submitted(List<String> rungs, InvocationContext context) {}

    private Submitted submit(String key) throws Exception {
        LoopbackS3.shared().put(ConverterHandlerTest.INPUT, key, "video");
        InvocationContext context = new InvocationContext(60_000);
        handler.handle(ExactlyOnceTest.uploadAt(key, Instant.now(), "0A"), context);
        List<RecordingMediaConvert.Request> creates = server.requests();
        assertEquals(1, creates.size(), "one CreateJob");
        List<String> rungs = new ArrayList<>();
        for (JsonNode o : CaptionJobsTest.hls(creates.get(0).json()).path("outputs")) {
            rungs.add(o.path("nameModifier").asText());
        }
        return new Submitted(rungs, context);
    }

    @Test
    void aFailedProbeSubmitsTheFullLadderBelow1080pAndSaysSoInOneLine() throws Exception {
        server.probeFails();
        Submitted s = submit("probe-fails.mp4");
        assertEquals(List.of("_540", "_360", "_720", "_234", "_audio"), s.rungs());
        List<JsonNode> lines = s.context().decisions("probe_fallback");
        assertEquals(1, lines.size(), s.context().lines().toString());
        JsonNode line = lines.get(0);
        assertEquals("WARN", line.path("level").asText());
        assertEquals("probe-fails.mp4", line.path("key").asText());
        assertTrue(line.path("reason").asText().startsWith("Probe failed"), line.toString());
    }

    @Test
    void anAnsweredProbeShapesTheLadderAndLogsNoFallback() throws Exception {
        server.probeAnswers(1920, 1080, 30);
        Submitted full = submit("probe-1080p.mp4");
        assertEquals(List.of("_540", "_360", "_720", "_234", "_1080", "_audio"), full.rungs());
        assertEquals(
                0,
                full.context().decisions("probe_fallback").size(),
                full.context().lines().toString());
        server.reset();
        server.probeAnswers(854, 480, 30);
        assertEquals(List.of("_360", "_234", "_audio"), submit("probe-480p.mp4").rungs());
    }
}

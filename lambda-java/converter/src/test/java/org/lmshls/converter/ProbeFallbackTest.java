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

    private List<String> submittedRungs(String key) throws Exception {
        LoopbackS3.shared().put(ConverterHandlerTest.INPUT, key, "video");
        InvocationContext context = new InvocationContext(60_000);
        handler.handle(ExactlyOnceTest.uploadAt(key, Instant.now(), "0A"), context);
        lastContext = context;
        List<JsonNode> jobs = new ArrayList<>();
        for (RecordingMediaConvert.Request r : server.requests()) {
            if (r.method().equals("POST") && r.path().equals("/2017-08-29/jobs")) jobs.add(r.json());
        }
        assertEquals(1, jobs.size(), "one CreateJob");
        List<String> rungs = new ArrayList<>();
        for (JsonNode o : CaptionJobsTest.hls(jobs.get(0)).path("outputs")) {
            rungs.add(o.path("nameModifier").asText());
        }
        return rungs;
    }

    private InvocationContext lastContext;

    @Test
    void aFailedProbeSubmitsTheFullLadderBelow1080pAndSaysSoInOneLine() throws Exception {
        server.probeFails();
        List<String> rungs = submittedRungs("probe-fails.mp4");
        assertEquals(List.of("_540", "_360", "_720", "_234", "_audio"), rungs);
        List<JsonNode> lines = lastContext.decisions("probe_fallback");
        assertEquals(1, lines.size(), lastContext.lines().toString());
        JsonNode line = lines.get(0);
        assertEquals("WARN", line.path("level").asText());
        assertEquals("probe-fails.mp4", line.path("key").asText());
        assertTrue(line.path("reason").asText().startsWith("Probe failed"), line.toString());
    }

    @Test
    void anAnsweredProbeShapesTheLadderAndLogsNoFallback() throws Exception {
        server.probeAnswers(1920, 1080, 30);
        assertEquals(List.of("_540", "_360", "_720", "_234", "_1080", "_audio"), submittedRungs("probe-1080p.mp4"));
        assertEquals(
                0,
                lastContext.decisions("probe_fallback").size(),
                lastContext.lines().toString());
        server.reset();
        server.probeAnswers(854, 480, 30);
        assertEquals(List.of("_360", "_234", "_audio"), submittedRungs("probe-480p.mp4"));
    }
}

package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/**
 * The template's GOP is in seconds (2 s), so keyframes fall every 2 s whatever the source's
 * frame rate, and the 6 s HLS segments, cut at GOP boundaries, are exactly 6 s but the last.
 * A GOP of 90 frames would put keyframes 3.6 s apart at 25 fps and 1.5 s apart at 60 fps.
 */
class SegmentCadenceTest extends SharedPipeline {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double SECONDS = 21;

    @BeforeAll
    static void uploadBoth() throws Exception {
        for (int fps : new int[] {25, 60}) {
            pipeline.upload(
                    pipeline.clip("fps" + fps + ".mp4", SECONDS, 1280, 720, fps, true), "cadence-" + fps + "fps.mp4");
        }
    }

    @ParameterizedTest(name = "{0} fps")
    @ValueSource(ints = {25, 60})
    void keyframesEveryTwoSecondsAndSegmentsOfSixSecondsButTheLast(int fps) throws Exception {
        String key = "cadence-" + fps + "fps.mp4";
        Job job = pipeline.finishedJobFor(key);
        assertEquals(JobStatus.COMPLETE, job.status(), () -> key + ": " + job.errorMessage());
        String name = Pipeline.assetId(key);
        Path out = pipeline.download("assets/" + name + "/HLS/", dir.resolve("out-" + fps));
        for (String rung : List.of("_360", "_720")) {
            List<Path> segments;
            try (Stream<Path> files = Files.list(out)) {
                segments = files.filter(f -> f.getFileName().toString().startsWith(name + rung + "_")
                                && f.toString().endsWith(".ts"))
                        .sorted()
                        .toList();
            }
            assertEquals(4, segments.size(), rung + ": 21 s in 6 s segments");
            List<JsonNode> perSegment = new ArrayList<>();
            for (Path segment : segments) perSegment.add(frames(segment));
            double origin = perSegment.get(0).get(0).path("pts_time").asDouble();
            int keyframes = 0;
            for (int i = 0; i < segments.size(); i++) {
                JsonNode frames = perSegment.get(i);
                double expected = i < segments.size() - 1 ? 6 : SECONDS - 18;
                assertEquals(
                        expected, duration(frames), 1.5 / fps, rung + " segment " + (i + 1) + " at " + fps + " fps");
                for (JsonNode f : frames) {
                    if (f.path("key_frame").asInt() != 1) continue;
                    keyframes++;
                    double t = f.path("pts_time").asDouble() - origin;
                    assertEquals(
                            Math.rint(t / 2) * 2,
                            t,
                            1.5 / fps,
                            rung + ": keyframe at " + t + " s is off the 2 s cadence");
                }
            }
            assertTrue(keyframes >= 11, rung + ": a keyframe every 2 s over 21 s is 11, got " + keyframes);
        }
    }

    private static double duration(JsonNode frames) {
        JsonNode last = frames.get(frames.size() - 1);
        return last.path("pts_time").asDouble()
                - frames.get(0).path("pts_time").asDouble()
                + last.path("duration_time").asDouble(0);
    }

    private static JsonNode frames(Path ts) throws Exception {
        Pipeline.Result r = Pipeline.run(pipeline.ffmpeg()
                .ffprobe(List.of(
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "frame=pts_time,duration_time,key_frame",
                        "-of",
                        "json",
                        ts.toString())));
        JsonNode frames = JSON.readTree(r.out()).path("frames");
        assertTrue(frames.size() > 0, "no video frames in " + ts);
        return frames;
    }
}

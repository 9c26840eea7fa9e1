package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/** A job that outlives the engine's time limit is stopped: ERROR naming the limit, nothing published, FFmpeg gone. */
class JobTimeLimitTest {
    @TempDir
    Path dir;

    @Test
    void aJobOverTheTimeLimitGoesToErrorAndPublishesNothing() throws Exception {
        try (Pipeline pipeline = new Pipeline(
                dir, LocalRuntime.Options.builder(dir.resolve("data")).jobs(1).jobTimeLimit(Duration.ofSeconds(2)))) {
            // 40 s into three rungs, an MP4 and thumbnails: far more than 2 s of work on any machine.
            pipeline.upload(pipeline.clip("long.mp4", 40, 640, 360, 30, true), "long-lecture.mp4");
            Job job = pipeline.finishedJobFor("long-lecture.mp4");
            assertEquals(JobStatus.ERROR, job.status());
            assertTrue(
                    job.errorMessage().startsWith("Job time limit exceeded: the job ran longer than 2.0 s"),
                    job.errorMessage());
            assertEquals(1999, job.errorCode());
            assertEquals(
                    List.of(),
                    pipeline.engineOutputs("assets/" + Pipeline.assetId("long-lecture.mp4") + "/"),
                    "nothing published");

            List<String> statuses = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("events.jsonl"))) {
                JsonNode e = new ObjectMapper().readTree(line);
                if (e.path("detail").path("jobId").asText().equals(job.id()))
                    statuses.add(e.path("detail").path("status").asText());
            }
            assertEquals("ERROR", statuses.get(statuses.size() - 1), statuses.toString());

            assertTrue(
                    ProcessHandle.current()
                            .descendants()
                            .noneMatch(p -> p.info().command().orElse("").endsWith("ffmpeg")),
                    "FFmpeg was stopped");
            try (Stream<Path> left = Files.walk(dir.resolve("data/scratch"))) {
                assertTrue(
                        left.noneMatch(p -> p.getFileName().toString().equals(job.id())),
                        "the job's scratch folder is gone");
            }
        }
    }
}

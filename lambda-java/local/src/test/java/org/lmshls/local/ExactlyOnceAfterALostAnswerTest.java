package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmshls.local.mediaconvert.FakeEngine;
import org.lmshls.local.mediaconvert.LocalApiFixture.MovableClock;
import org.lmshls.local.s3.LocalS3.ObjectCreated;
import org.lmshls.local.trigger.S3EventJson;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.mediaconvert.model.Job;

/**
 * Issue 15.8 / PLAN C5 end to end: the local MediaConvert API creates the job and then loses every
 * answer, so the converter's invocation fails although the job exists; Lambda retries it after
 * MediaConvert's one-minute token window, when the same ClientRequestToken would start a second
 * job. The real converter, against the real local API, finds the first job through ListJobs (its
 * {@code requestToken} user metadata) and submits nothing: one job per upload. Only the engine is
 * a fake: this is about the API, not video.
 */
class ExactlyOnceAfterALostAnswerTest {
    @TempDir
    Path dir;

    @Test
    void aRetryAfterTheTokenWindowFindsTheJobWhoseAnswerWasLost() throws Exception {
        // The service's clock; the test moves it past the token minute.
        MovableClock clock = new MovableClock(Instant.now());
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.builder(dir.resolve("data"))
                .engine(new FakeEngine(Duration.ofMillis(50)))
                .clock(clock)
                .build())) {
            String key = "course/lost-answer.mp4";
            var put = runtime.s3()
                    .putObject(
                            r -> r.bucket(runtime.options().inputBucket()).key("elsewhere/" + key),
                            RequestBody.fromBytes(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'}));
            runtime.lambda().drain(10_000);
            // The event as S3 sent it a few minutes ago (Lambda's retries come after one, then two more minutes).
            ObjectMapper json = new ObjectMapper();
            ObjectNode event = (ObjectNode) json.readTree(S3EventJson.build(
                    new ObjectCreated(
                            "ObjectCreated:Put",
                            runtime.options().inputBucket(),
                            key,
                            8,
                            put.eTag().replace("\"", ""),
                            null),
                    runtime.options().region()));
            ((ObjectNode) event.path("Records").get(0))
                    .put("eventTime", Instant.now().minus(Duration.ofMinutes(3)).toString());
            String old = json.writeValueAsString(event);

            // Every CreateJob answer is lost: the first attempt fails although the job exists; Lambda's retry of
            // the (old) event looks the job up by its token and submits nothing.
            runtime.mediaConvertApi().dropCreateJobAnswers(Integer.MAX_VALUE);
            assertTrue(runtime.lambda().invoke(old), "a retry finds the job whose answer was lost");
            List<Job> jobs = jobsFor(runtime, key);
            assertEquals(1, jobs.size(), "exactly one job although no CreateJob was ever answered");

            clock.advance(Duration.ofMinutes(2)); // past the token minute: the same token now starts a new job
            runtime.mediaConvertApi().dropCreateJobAnswers(0);
            assertTrue(runtime.lambda().invoke(old), "the late retry succeeds");
            assertEquals(
                    jobs.stream().map(Job::id).toList(),
                    jobsFor(runtime, key).stream().map(Job::id).toList(),
                    "and submits nothing: still the one job");
        }
    }

    private static List<Job> jobsFor(LocalRuntime runtime, String key) {
        String assetId = Pipeline.assetId(key);
        return runtime
                .jobs()
                .list(software.amazon.awssdk.services.mediaconvert.model.ListJobsRequest.builder()
                        .build())
                .jobs()
                .stream()
                .filter(j -> assetId.equals(j.userMetadata().get("assetID")))
                .toList();
    }
}

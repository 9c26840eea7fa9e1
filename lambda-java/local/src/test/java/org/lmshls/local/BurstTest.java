package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmshls.local.mediaconvert.FakeEngine;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/**
 * Twenty uploads at once: twenty jobs, all complete, none twice, none lost, never more running
 * than the pool has workers. The whole chain is real (S3, the trigger, the converter, the API,
 * the job service) except the engine: this is about queues and tokens, not video, so the jobs run
 * on {@link FakeEngine} (real transcoding is in the end-to-end tests).
 */
class BurstTest {
    @TempDir
    Path dir;

    @Test
    void twentyConcurrentUploadsGiveTwentyCompleteJobs() throws Exception {
        FakeEngine engine = new FakeEngine(Duration.ofMillis(200));
        try (Pipeline pipeline = new Pipeline(
                dir, LocalRuntime.Options.builder(dir.resolve("data")).jobs(2).engine(engine))) {
            Path clip = Files.write(dir.resolve("tiny.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 20; i++) keys.add("burst/lecture-" + i + ".mp4");
            ExecutorService uploaders = Executors.newFixedThreadPool(8);
            List<Future<?>> uploads = new ArrayList<>();
            for (String key : keys) uploads.add(uploaders.submit(() -> pipeline.upload(clip, key)));
            for (Future<?> f : uploads) f.get();
            uploaders.shutdown();

            Set<String> assets = new TreeSet<>();
            for (String key : keys) {
                Job job = pipeline.finishedJobFor(key);
                assertEquals(JobStatus.COMPLETE, job.status(), () -> key + ": " + job.errorMessage());
                assets.add(job.userMetadata().get("assetID"));
                String assetId = Pipeline.assetId(key);
                assertEquals(
                        "s3://" + pipeline.output() + "/assets/" + assetId + "/HLS/" + assetId.substring(6),
                        job.settings()
                                .outputGroups()
                                .get(0)
                                .outputGroupSettings()
                                .hlsGroupSettings()
                                .destination(),
                        "HLS destination of " + key);
            }
            assertEquals(20, assets.size());
            pipeline.runtime.lambda().drain(60_000);
            List<Job> all = pipeline.mediaConvert.listJobsPaginator(r -> r.maxResults(20)).jobs().stream()
                    .toList();
            // One job per S3 event. Normally 20; a PUT the S3 client retried under load (its first answer lost)
            // is a second object version, and S3 reports it as a second event with a sequencer of its own.
            long events = pipeline.runtime.lambda().queued();
            assertTrue(events >= 20, "an event per upload at least: " + events);
            assertEquals(events, all.size(), "exactly one job per S3 event");
            assertEquals(all.size(), all.stream().map(Job::id).distinct().count());
            assertEquals(all.size(), engine.ran().size(), "each job ran once");
            assertTrue(engine.mostAtOnce() <= 2, "--jobs 2 runs at most two at once, saw " + engine.mostAtOnce());
        }
    }
}

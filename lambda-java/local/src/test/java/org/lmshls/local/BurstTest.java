package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/** Twenty uploads at once: twenty jobs, all complete, none twice, none lost. */
class BurstTest {
    @TempDir
    Path dir;

    @Test
    void twentyConcurrentUploadsGiveTwentyCompleteJobs() throws Exception {
        try (Pipeline pipeline = new Pipeline(dir, 2)) {
            Path clip = pipeline.clip("tiny.mp4", 1, 160, 90, 15, true);
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
                assertEquals(
                        1,
                        pipeline.keys("assets/" + Pipeline.assetId(key) + "/HLS/"
                                        + Pipeline.assetId(key).substring(6) + ".m3u8")
                                .size(),
                        "master playlist of " + key);
            }
            assertEquals(20, assets.size());
            List<Job> all = pipeline.mediaConvert.listJobsPaginator(r -> r.maxResults(20)).jobs().stream()
                    .toList();
            assertEquals(20, all.size(), "exactly one job per upload");
            assertEquals(20, all.stream().map(Job::id).distinct().count());
        }
    }
}

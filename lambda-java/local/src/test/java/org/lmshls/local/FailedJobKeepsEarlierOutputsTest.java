package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.lmshls.local.engine.EngineException;
import org.lmshls.local.engine.ObjectLocation;
import org.lmshls.local.engine.ScratchSpace;
import org.lmshls.local.engine.Storage;
import org.lmshls.local.engine.Transcoder;
import org.lmshls.local.s3.S3Storage;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobPhase;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/**
 * A lecture converted once, then uploaded again under the same key: whatever makes the second
 * job fail (a corrupt file, or S3 refusing a write half-way through publishing), the first
 * conversion's keys are exactly as they were (same keys, same bytes, same content types) and
 * its stream still decodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailedJobKeepsEarlierOutputsTest {
    static final String KEY = "course/lecture.mp4";

    @TempDir
    static Path dir;

    static Pipeline pipeline;
    static Job first;
    static Map<String, Stored> before;

    record Stored(String contentType, byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Stored s && s.contentType.equals(contentType) && Arrays.equals(s.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return contentType + ", " + bytes.length + " bytes";
        }
    }

    @BeforeAll
    static void convertOnce() throws Exception {
        pipeline = new Pipeline(dir, 1);
        pipeline.upload(pipeline.clip("first.mp4", 12, 320, 180, 25, true), KEY);
        first = pipeline.finishedJobFor(KEY);
        assertEquals(JobStatus.COMPLETE, first.status(), first.errorMessage());
        before = snapshot();
        assertTrue(
                before.keySet().stream().anyMatch(k -> k.endsWith("HLS/lecture.m3u8")),
                before.keySet().toString());
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) pipeline.close();
    }

    static String prefix() {
        return "assets/" + Pipeline.assetId(KEY) + "/";
    }

    static Map<String, Stored> snapshot() throws IOException {
        Map<String, Stored> all = new TreeMap<>();
        for (var o : pipeline.keys(prefix())) {
            try (var in = pipeline.runtime
                    .s3()
                    .getObject(r -> r.bucket(pipeline.output()).key(o.key()))) {
                all.put(o.key(), new Stored(in.response().contentType(), in.readAllBytes()));
            }
        }
        return all;
    }

    static void assertFirstConversionIntactAndPlaying(String after) throws Exception {
        assertEquals(before, snapshot(), "the first conversion's keys after " + after);
        Path out = pipeline.download(prefix(), Files.createTempDirectory(dir, "check"));
        Path master = out.resolve("HLS/lecture.m3u8");
        for (String variant : OutputChecks.checkMaster(master)) {
            OutputChecks.checkVariant(pipeline.ffmpeg(), master.resolveSibling(variant), variantSize(variant));
        }
        OutputChecks.checkDecodes(pipeline.ffmpeg(), master);
    }

    static String variantSize(String variant) {
        return variant.contains("_360") ? "640x360" : variant.contains("_540") ? "960x540" : "1280x720";
    }

    @Test
    @Order(1)
    void aCorruptReUploadFailsAndTheFirstConversionStillPlays() throws Exception {
        byte[] whole = Files.readAllBytes(pipeline.clip("second.mp4", 6, 320, 180, 25, true));
        Path corrupt = dir.resolve("corrupt.mp4");
        Files.write(corrupt, Arrays.copyOf(whole, whole.length / 3));
        pipeline.upload(corrupt, KEY);
        Job second = awaitSecondJob();
        assertEquals(JobStatus.ERROR, second.status());
        assertFirstConversionIntactAndPlaying("a corrupt re-upload");
    }

    @Test
    @Order(2)
    void aJobThatFailsWhilePublishingPutsBackWhatItOverwrote() throws Exception {
        // A good but different video for the same destinations, published through S3 that refuses the 8th write (the
        // MP4, after every HLS file).
        Path other = pipeline.clip("other.mp4", 7, 320, 180, 30, true);
        pipeline.runtime
                .s3()
                .putObject(
                        r -> r.bucket(pipeline.input()).key("elsewhere/other.mp4"),
                        software.amazon.awssdk.core.sync.RequestBody.fromFile(other));
        JobSettings settings = first.settings().toBuilder()
                .inputs(first.settings().inputs().get(0).toBuilder()
                        .fileInput("s3://" + pipeline.input() + "/elsewhere/other.mp4")
                        .build())
                .build();
        FailingStorage storage = new FailingStorage(new S3Storage(pipeline.runtime.s3()), 8);
        Transcoder transcoder = new Transcoder(
                pipeline.ffmpeg(), storage, ScratchSpace.open(dir.resolve("scratch")), Transcoder.Limits.DEFAULT);
        EngineException e = assertThrows(
                EngineException.class,
                () -> transcoder.run(
                        "republish",
                        settings,
                        new Transcoder.Listener() {
                            @Override
                            public void phase(JobPhase phase) {}

                            @Override
                            public void percent(int percent) {}
                        },
                        new Transcoder.Cancellation()));
        assertEquals(EngineException.OUTPUT_WRITE_FAILED, e.errorCode(), e.getMessage());
        assertTrue(storage.overwrote.get() > 0, "the failed job had overwritten some of the first conversion's keys");
        assertFirstConversionIntactAndPlaying("a job that failed while publishing");
    }

    private static Job awaitSecondJob() throws Exception {
        long deadline = System.nanoTime() + Pipeline.JOB_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            for (Job j : pipeline.mediaConvert
                    .listJobsPaginator(r -> r.maxResults(20))
                    .jobs()) {
                if (!j.id().equals(first.id())
                        && Pipeline.assetId(KEY).equals(j.userMetadata().get("assetID"))
                        && (j.status() == JobStatus.COMPLETE || j.status() == JobStatus.ERROR)) {
                    return j;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no second job finished");
    }

    /** Real S3 underneath; the n-th write fails the way a dropped connection does. */
    static final class FailingStorage implements Storage {
        private final Storage s3;
        private final int failAt;
        private final AtomicInteger uploads = new AtomicInteger();
        final AtomicInteger overwrote = new AtomicInteger();
        private boolean failed;

        FailingStorage(Storage s3, int failAt) {
            this.s3 = s3;
            this.failAt = failAt;
        }

        @Override
        public String download(ObjectLocation from, Path to) throws IOException {
            return s3.download(from, to);
        }

        @Override
        public void upload(Path from, ObjectLocation to, String contentType) throws IOException {
            if (!failed && uploads.incrementAndGet() == failAt) {
                failed = true; // only the job's write fails; putting the old bytes back works
                throw new IOException("connection reset while writing " + to);
            }
            if (!failed && before.containsKey(to.key())) overwrote.incrementAndGet();
            s3.upload(from, to, contentType);
        }

        @Override
        public void delete(ObjectLocation what) throws IOException {
            s3.delete(what);
        }

        @Override
        public Set<String> keys(String bucket, String prefix) throws IOException {
            return s3.keys(bucket, prefix);
        }
    }
}

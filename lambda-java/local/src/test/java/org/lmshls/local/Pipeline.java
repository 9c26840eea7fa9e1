package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lmshls.converter.AssetLayout;
import org.lmshls.local.engine.Ffmpeg;
import org.lmshls.local.mediaconvert.LocalApiFixture;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A running local pipeline for a test class, and the helpers tests share: generating inputs
 * with FFmpeg, uploading them, waiting for their jobs through the real MediaConvert SDK client,
 * downloading outputs through the real S3 client, and running ffprobe/ffmpeg on them.
 */
public final class Pipeline implements AutoCloseable {
    static final Duration JOB_DEADLINE = Duration.ofMinutes(4);

    final LocalRuntime runtime;
    final MediaConvertClient mediaConvert;
    final Path dir;

    Pipeline(Path dir, int jobs) throws Exception {
        this(dir, LocalRuntime.Options.builder(dir.resolve("data")).jobs(jobs));
    }

    /** A pipeline with these options; its events always go to {@code events.jsonl} in {@code dir}. */
    Pipeline(Path dir, LocalRuntime.Options.Builder options) throws Exception {
        this.dir = dir;
        this.runtime = LocalRuntime.start(
                options.events(dir.resolve("events.jsonl"), null).build());
        this.mediaConvert = LocalApiFixture.client(runtime.mediaConvertEndpoint());
    }

    Ffmpeg ffmpeg() {
        return runtime.ffmpeg();
    }

    String input() {
        return runtime.options().inputBucket();
    }

    String output() {
        return runtime.options().outputBucket();
    }

    /** Generates a clip with testsrc2 (+ a 44.1 kHz sine tone when {@code audio}) into the test folder. */
    Path clip(String name, double seconds, int width, int height, int fps, boolean audio, String... extra)
            throws Exception {
        return clip(
                ffmpeg(),
                dir.resolve(name),
                seconds,
                width + "x" + height,
                String.valueOf(fps),
                audio ? 44100 : 0,
                extra);
    }

    /**
     * Generates {@code out}: testsrc2 at {@code size} ({@code WxH}) and {@code rate} ({@code 30} or
     * {@code 30000/1001}), H.264; with a 440 Hz tone at {@code sampleRate} in AAC unless it is 0;
     * {@code extra} output options before the audio's.
     */
    public static Path clip(
            Ffmpeg ffmpeg, Path out, double seconds, String size, String rate, int sampleRate, String... extra)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "-hide_banner",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + size + ":rate=" + rate + ":duration=" + seconds));
        boolean audio = sampleRate > 0;
        if (audio)
            args.addAll(List.of(
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=" + sampleRate + ":duration=" + seconds));
        args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast"));
        args.addAll(List.of(extra));
        if (audio) args.addAll(List.of("-c:a", "aac", "-shortest"));
        args.add(out.toString());
        run(ffmpeg.ffmpeg(args));
        return out;
    }

    /** Uploads through the S3 API; the runtime's S3 notification does the rest. */
    void upload(Path file, String key) {
        runtime.s3().putObject(r -> r.bucket(input()).key(key), RequestBody.fromFile(file));
    }

    static String assetId(String key) {
        return AssetLayout.forKey(key, ".mp4").assetId();
    }

    /** The finished job whose user metadata names this key's asset (fails if none finishes in time). */
    Job finishedJobFor(String key) throws InterruptedException {
        String assetId = assetId(key);
        Instant deadline = Instant.now().plus(JOB_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            for (Job j : mediaConvert.listJobsPaginator(r -> r.maxResults(20)).jobs()) {
                if (assetId.equals(j.userMetadata().get("assetID"))) {
                    Job job = mediaConvert.getJob(r -> r.id(j.id())).job();
                    if (job.status() == JobStatus.COMPLETE
                            || job.status() == JobStatus.ERROR
                            || job.status() == JobStatus.CANCELED) {
                        return job;
                    }
                }
            }
            Thread.sleep(300);
        }
        fail("no finished job for " + key + " within " + JOB_DEADLINE);
        return null;
    }

    /** Everything under {@code prefix} in the output bucket, downloaded with the S3 client. */
    Path download(String prefix, Path into) throws IOException {
        Files.createDirectories(into);
        for (S3Object o : keys(prefix)) {
            Path target = into.resolve(o.key().substring(prefix.length()));
            Files.createDirectories(target.getParent());
            try (var in = runtime.s3().getObject(r -> r.bucket(output()).key(o.key()))) {
                Files.copy(in, target);
            }
        }
        return into;
    }

    /**
     * What the engine wrote under {@code prefix}: every key but the converter's lecture.json, which the
     * converter writes when it submits the job (PLAN C2), before the engine has run, failed or not.
     */
    List<S3Object> engineOutputs(String prefix) {
        return keys(prefix).stream()
                .filter(o -> !o.key().endsWith("/" + org.lmshls.converter.AssetLayout.LECTURE_JSON))
                .toList();
    }

    List<S3Object> keys(String prefix) {
        return runtime.s3().listObjectsV2Paginator(r -> r.bucket(output()).prefix(prefix)).contents().stream()
                .toList();
    }

    /** Runs a process to completion and fails the test unless it exits 0; returns stdout and stderr. */
    static Result run(ProcessBuilder pb) throws Exception {
        Result r = runAllowingFailure(pb.redirectErrorStream(false));
        assertEquals(0, r.exit(), () -> "failed: " + pb.command() + "\n" + r.err());
        return r;
    }

    /** Runs a process to completion (at most 5 minutes); returns its exit code, stdout and stderr. */
    static Result runAllowingFailure(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("timed out: " + pb.command());
        }
        return new Result(p.exitValue(), out, err.join());
    }

    record Result(int exit, String out, String err) {}

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        mediaConvert.close();
        runtime.close();
    }
}

package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.lmshls.local.process.ProcessRunner;
import software.amazon.awssdk.services.mediaconvert.model.JobPhase;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

/**
 * Runs one job: download the input, probe it, one FFmpeg run for every output, rename the files
 * to MediaConvert's names ({@link Packager}), publish them ({@link Publisher}). Everything is
 * staged in the job's scratch folder, deleted afterwards; nothing is published unless every
 * output was produced, and a job that fails while publishing puts back what was there before,
 * so a failed job leaves its destinations exactly as it found them. The whole job is bounded by
 * {@link Limits#jobTimeLimit}.
 */
public final class Transcoder implements Engine {

    /**
     * How long a whole job may run (MediaConvert's own limit is 48 hours PROGRESSING, after which
     * the job goes to ERROR); how long ffprobe may take; how long FFmpeg may go without
     * reporting progress before the job is failed.
     */
    public record Limits(Duration jobTimeLimit, Duration probeTimeout, Duration stallTimeout) {
        public static final Limits DEFAULT =
                new Limits(Duration.ofHours(48), Probe.DEFAULT_TIMEOUT, Duration.ofSeconds(120));

        public Limits {
            for (Duration d : List.of(jobTimeLimit, probeTimeout, stallTimeout)) {
                if (d.isNegative() || d.isZero())
                    throw new IllegalArgumentException("engine time limits must be positive, got " + d);
            }
        }

        public Limits withJobTimeLimit(Duration limit) {
            return new Limits(limit, probeTimeout, stallTimeout);
        }
    }

    /** When the job must be over; checked between steps and while FFmpeg runs. */
    private record Deadline(long nanos, Duration limit) {
        static Deadline after(Duration limit) {
            return new Deadline(System.nanoTime() + limit.toNanos(), limit);
        }

        Duration remaining() {
            return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
        }

        boolean passed() {
            return System.nanoTime() - nanos >= 0;
        }

        void check(String phase) throws JobTimeLimitExceeded {
            if (passed()) throw new JobTimeLimitExceeded(limit, phase);
        }
    }

    private final Ffmpeg ffmpeg;
    private final Storage storage;
    private final ScratchSpace scratchSpace;
    private final Limits limits;
    private final Publisher publisher;

    public Transcoder(Ffmpeg ffmpeg, Storage storage, ScratchSpace scratchSpace, Limits limits) {
        this.ffmpeg = ffmpeg;
        this.storage = storage;
        this.scratchSpace = scratchSpace;
        this.limits = limits;
        this.publisher = new Publisher(storage);
    }

    @Override
    public JobResult run(String jobId, JobSettings settings, Listener listener, Cancellation cancel)
            throws EngineException {
        Deadline deadline = Deadline.after(limits.jobTimeLimit());
        EnginePlan plan = JobPlanner.plan(settings);
        Path scratch = scratchSpace.forJob(jobId);
        try {
            Files.createDirectories(scratch.resolve("work"));
            Files.createDirectories(scratch.resolve("out"));
            listener.phase(JobPhase.PROBING);
            ObjectLocation inputUri = ObjectLocation.parse(plan.fileInput());
            String inputName = inputUri.fileName().isEmpty() ? "input" : inputUri.fileName();
            Path input = scratch.resolve("input-" + inputName.replaceAll("[^A-Za-z0-9._-]", "_"));
            download(inputUri, input, "input file");
            cancel.check();
            deadline.check("PROBING");
            Probe probe = probe(input, inputUri, deadline);
            listener.probed(probe);
            // Caption files are read before the transcode, so a malformed one fails the job at once.
            List<List<CaptionCues.Cue>> captions = captions(plan, scratch, probe);
            cancel.check();
            listener.phase(JobPhase.TRANSCODING);
            runFfmpeg(
                    FfmpegCommand.build(plan, probe, input.toString()),
                    scratch.resolve("work"),
                    probe,
                    listener,
                    cancel,
                    deadline);
            for (int g : FfmpegCommand.trickPlayGroups(plan)) {
                tile(FfmpegCommand.tileCommand(plan, g), scratch.resolve("work"), cancel, deadline);
            }
            cancel.check();
            deadline.check("TRANSCODING");
            Packager.Packaged packaged =
                    Packager.pack(plan, probe, scratch.resolve("work"), scratch.resolve("out"), inputName, captions);
            listener.phase(JobPhase.UPLOADING);
            publisher.publish(jobId, packaged.files(), scratch.resolve("before"), () -> {
                cancel.check();
                deadline.check("UPLOADING");
            });
            return packaged.result();
        } catch (IOException e) {
            throw new EngineException(EngineException.TRANSCODE_FAILED, "local engine I/O error: " + e.getMessage(), e);
        } finally {
            Ffmpeg.deleteTree(scratch);
        }
    }

    /** Each caption source downloaded and read; cues past the video's end dropped or cut there. */
    private List<List<CaptionCues.Cue>> captions(EnginePlan plan, Path scratch, Probe probe)
            throws EngineException, IOException {
        List<List<CaptionCues.Cue>> out = new ArrayList<>();
        for (int i = 0; i < plan.captionSources().size(); i++) {
            EnginePlan.CaptionSource source = plan.captionSources().get(i);
            ObjectLocation uri = ObjectLocation.parse(source.uri());
            Path file = scratch.resolve("caption-" + i);
            download(uri, file, "caption file");
            List<CaptionCues.Cue> cues = CaptionCues.parse(Files.readAllBytes(file), source.format(), uri.toString());
            out.add(CaptionCues.within(cues, Math.round(probe.durationSeconds() * 1000)));
        }
        return out;
    }

    /** {@code uri} into {@code file}; one that cannot be read fails the job as MediaConvert's 1010, naming {@code what}. */
    private void download(ObjectLocation uri, Path file, String what) throws EngineException {
        try {
            storage.download(uri, file);
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.INPUT_UNREADABLE,
                    "Unable to open " + what + " [" + uri + "]: " + e.getMessage(),
                    e);
        }
    }

    /** ffprobe bounded by its own timeout and by what is left of the job's time. */
    private Probe probe(Path input, ObjectLocation inputUri, Deadline deadline) throws EngineException {
        Duration timeout = deadline.remaining().compareTo(limits.probeTimeout()) < 0
                ? deadline.remaining()
                : limits.probeTimeout();
        try {
            return Probe.of(ffmpeg, input, inputUri.toString(), timeout.isZero() ? Duration.ofMillis(1) : timeout);
        } catch (EngineException e) {
            deadline.check("PROBING"); // the probe ran out of the job's time, not its own
            throw e;
        }
    }

    private void runFfmpeg(
            List<String> args, Path workDir, Probe probe, Listener listener, Cancellation cancel, Deadline deadline)
            throws EngineException {
        AtomicLong lastProgress = new AtomicLong(System.currentTimeMillis());
        long[] outputBytes = {-1};
        Deque<String> errors = new ArrayDeque<>();
        ProcessRunner.Running p;
        try {
            p = ProcessRunner.start(
                    ffmpeg.ffmpeg(args).directory(workDir.toFile()),
                    line -> progress(line, lastProgress, listener, probe),
                    line -> {
                        synchronized (errors) {
                            errors.addLast(line);
                            if (errors.size() > 20) errors.removeFirst();
                        }
                    });
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.TRANSCODE_FAILED,
                    "cannot start ffmpeg (" + ffmpeg.origin() + "): " + e.getMessage(),
                    e);
        }
        try (p) {
            cancel.attach(p);
            while (!p.waitFor(Duration.ofMillis(
                    Math.min(250, Math.max(1, deadline.remaining().toMillis()))))) {
                if (deadline.passed()) {
                    p.kill();
                    throw new JobTimeLimitExceeded(limits.jobTimeLimit(), "TRANSCODING");
                }
                if (System.currentTimeMillis() - lastProgress.get()
                        > limits.stallTimeout().toMillis()) {
                    // FFmpeg reports progress only once every output has started, and a trick-play
                    // tile waits for 25 thumbnails' worth of input (125 s): outputs still growing
                    // in the work folder count as progress too.
                    long size = bytesIn(workDir);
                    if (size != outputBytes[0]) {
                        outputBytes[0] = size;
                        lastProgress.set(System.currentTimeMillis());
                        continue;
                    }
                    p.kill();
                    throw new EngineException(
                            EngineException.TRANSCODE_FAILED,
                            "FFmpeg made no progress for "
                                    + limits.stallTimeout().toSeconds() + " s and was stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } finally {
            cancel.attach(null);
        }
        cancel.check();
        deadline.check("TRANSCODING");
        if (p.exitCode() != 0) {
            String tail;
            synchronized (errors) {
                tail = String.join(" | ", errors).replace(workDir.toString() + "/", "");
            }
            throw new EngineException(
                    EngineException.TRANSCODE_FAILED,
                    "Transcoding failed: FFmpeg exited with status " + p.exitCode()
                            + (tail.isBlank() ? "" : ": " + tail));
        }
    }

    /** The trick-play tiling run: small (thumbnails only), bounded by what is left of the job's time. */
    private void tile(List<String> args, Path workDir, Cancellation cancel, Deadline deadline) throws EngineException {
        cancel.check();
        Duration bound = deadline.remaining().compareTo(limits.stallTimeout()) < 0
                ? deadline.remaining()
                : limits.stallTimeout();
        try {
            ProcessRunner.Result r =
                    ProcessRunner.run(ffmpeg.ffmpeg(args).directory(workDir.toFile()), bound.plusMillis(1));
            if (r.exitCode() != 0) {
                throw new EngineException(
                        EngineException.TRANSCODE_FAILED,
                        "Transcoding failed: tiling the trick-play thumbnails: FFmpeg exited with status "
                                + r.exitCode() + ": " + r.stderr().strip().replace(workDir + "/", ""));
            }
        } catch (java.util.concurrent.TimeoutException e) {
            deadline.check("TRANSCODING");
            throw new EngineException(
                    EngineException.TRANSCODE_FAILED,
                    "Transcoding failed: tiling the trick-play thumbnails took too long");
        } catch (IOException e) {
            throw new EngineException(EngineException.TRANSCODE_FAILED, "cannot start ffmpeg: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    private static long bytesIn(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    /** One line of FFmpeg's {@code -progress pipe:1} output. */
    private static void progress(String line, AtomicLong lastProgress, Listener listener, Probe probe) {
        lastProgress.set(System.currentTimeMillis());
        try {
            if (line.startsWith("frame=")) {
                listener.framesDecoded(
                        Long.parseLong(line.substring("frame=".length()).trim()));
            } else if (line.startsWith("out_time_us=")) {
                double seconds =
                        Long.parseLong(line.substring("out_time_us=".length()).trim()) / 1e6;
                listener.percent((int) Math.max(0, Math.min(99, seconds * 100 / probe.durationSeconds())));
            }
        } catch (NumberFormatException ignored) {
            // "N/A" before the first frame
        }
    }
}

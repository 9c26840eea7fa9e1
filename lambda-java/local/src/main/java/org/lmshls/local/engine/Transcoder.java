package org.lmshls.local.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.lmshls.local.engine.EnginePlan.Group;
import org.lmshls.local.engine.EnginePlan.GroupType;
import org.lmshls.local.engine.EnginePlan.Output;
import org.lmshls.local.engine.EnginePlan.Scale;
import org.lmshls.local.engine.JobResult.GroupResult;
import org.lmshls.local.engine.JobResult.OutputResult;
import org.lmshls.local.s3.S3Uri;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

/**
 * Runs one job: download the input, probe it, one FFmpeg run for every output, rename the files
 * to MediaConvert's names, upload them. Everything happens in a scratch folder that is deleted
 * afterwards; nothing is uploaded unless every output was produced, and a failed upload removes
 * what it had written, so a failed job leaves nothing under its destinations.
 */
public final class Transcoder {

    /** How a job reports what it is doing; MediaConvert calls these phases. */
    public interface Listener {
        void phase(String phase);

        void percent(int percent);
    }

    /** Lets the job service stop a running job (CancelJob). */
    public static final class Cancellation {
        private volatile boolean cancelled;
        private volatile Process process;

        public void cancel() {
            cancelled = true;
            Process p = process;
            if (p != null) p.descendants().forEach(ProcessHandle::destroyForcibly);
            if (p != null) p.destroyForcibly();
        }

        public boolean isCancelled() {
            return cancelled;
        }

        void check() {
            if (cancelled) throw new CancellationException("job canceled");
        }
    }

    /** How long FFmpeg may go without reporting progress before the job is failed. */
    private static final long STALL_MILLIS = 120_000;

    private final Ffmpeg ffmpeg;
    private final Storage storage;
    private final Path scratchRoot;

    public Transcoder(Ffmpeg ffmpeg, Storage storage, Path scratchRoot) {
        this.ffmpeg = ffmpeg;
        this.storage = storage;
        this.scratchRoot = scratchRoot;
    }

    public JobResult run(String jobId, JobSettings settings, Listener listener, Cancellation cancel) throws EngineException {
        EnginePlan plan = JobPlanner.plan(settings);
        Path scratch = scratchRoot.resolve(jobId);
        try {
            Files.createDirectories(scratch.resolve("work"));
            Files.createDirectories(scratch.resolve("out"));
            listener.phase("PROBING");
            S3Uri inputUri = S3Uri.parse(plan.fileInput());
            String inputName = inputUri.fileName().isEmpty() ? "input" : inputUri.fileName();
            Path input = scratch.resolve("input-" + inputName.replaceAll("[^A-Za-z0-9._-]", "_"));
            try {
                storage.download(inputUri, input);
            } catch (IOException e) {
                throw new EngineException(EngineException.INPUT_UNREADABLE, "Unable to open input file [" + inputUri + "]: " + e.getMessage(), e);
            }
            cancel.check();
            Probe probe = Probe.of(ffmpeg, input, inputUri.toString());
            cancel.check();
            listener.phase("TRANSCODING");
            runFfmpeg(FfmpegCommand.build(plan, probe, input.toString()), scratch.resolve("work"), probe, listener, cancel);
            cancel.check();
            List<Upload> uploads = new ArrayList<>();
            JobResult result = Packager.pack(plan, probe, scratch.resolve("work"), scratch.resolve("out"), inputName, uploads);
            listener.phase("UPLOADING");
            upload(uploads, cancel);
            return result;
        } catch (IOException e) {
            throw new EngineException(EngineException.TRANSCODE_FAILED, "local engine I/O error: " + e.getMessage(), e);
        } finally {
            Ffmpeg.deleteTree(scratch);
        }
    }

    /** A file to put at a destination. */
    record Upload(Path file, S3Uri to, String contentType) {}

    private void upload(List<Upload> uploads, Cancellation cancel) throws EngineException {
        List<S3Uri> done = new ArrayList<>();
        try {
            for (Upload u : uploads) {
                cancel.check();
                storage.upload(u.file(), u.to(), u.contentType());
                done.add(u.to());
            }
        } catch (IOException | RuntimeException e) {
            for (S3Uri uri : done) {
                try {
                    storage.delete(uri);
                } catch (IOException | RuntimeException ignored) {
                    // keep removing the rest
                }
            }
            if (e instanceof CancellationException c) throw c;
            throw new EngineException(EngineException.OUTPUT_WRITE_FAILED, "Unable to write output files: " + e.getMessage(), e);
        }
    }

    private void runFfmpeg(List<String> args, Path workDir, Probe probe, Listener listener, Cancellation cancel) throws EngineException {
        ProcessBuilder pb = ffmpeg.ffmpeg(args).directory(workDir.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new EngineException(EngineException.TRANSCODE_FAILED, "cannot start ffmpeg (" + ffmpeg.origin() + "): " + e.getMessage(), e);
        }
        cancel.process = p;
        if (cancel.isCancelled()) p.destroyForcibly();
        AtomicLong lastProgress = new AtomicLong(System.currentTimeMillis());
        Deque<String> errors = new ArrayDeque<>();
        Thread err = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (errors) {
                        errors.addLast(line);
                        if (errors.size() > 20) errors.removeFirst();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        Thread out = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lastProgress.set(System.currentTimeMillis());
                    if (line.startsWith("out_time_us=")) {
                        try {
                            double seconds = Long.parseLong(line.substring("out_time_us=".length()).trim()) / 1e6;
                            listener.percent((int) Math.max(0, Math.min(99, seconds * 100 / probe.durationSeconds())));
                        } catch (NumberFormatException ignored) {
                            // "N/A" before the first frame
                        }
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        try {
            while (!p.waitFor(250, TimeUnit.MILLISECONDS)) {
                if (System.currentTimeMillis() - lastProgress.get() > STALL_MILLIS) {
                    p.destroyForcibly();
                    p.waitFor();
                    throw new EngineException(EngineException.TRANSCODE_FAILED,
                            "FFmpeg made no progress for " + STALL_MILLIS / 1000 + " s and was stopped");
                }
            }
            err.join();
            out.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } finally {
            cancel.process = null;
        }
        cancel.check();
        if (p.exitValue() != 0) {
            String tail;
            synchronized (errors) {
                tail = String.join(" | ", errors).replace(workDir.toString() + "/", "");
            }
            throw new EngineException(EngineException.TRANSCODE_FAILED,
                    "Transcoding failed: FFmpeg exited with status " + p.exitValue() + (tail.isBlank() ? "" : ": " + tail));
        }
    }

    /** MediaConvert's output names, HLS playlists written the way MediaConvert writes them. */
    static final class Packager {
        private Packager() {}

        static JobResult pack(EnginePlan plan, Probe probe, Path work, Path out, String inputName, List<Upload> uploads)
                throws IOException, EngineException {
            List<GroupResult> groups = new ArrayList<>();
            String inputBase = inputName.contains(".") ? inputName.substring(0, inputName.lastIndexOf('.')) : inputName;
            long durationMs = Math.round(probe.durationSeconds() * 1000);
            for (int g = 0; g < plan.groups().size(); g++) {
                Group group = plan.groups().get(g);
                S3Uri dest = S3Uri.parse(group.destination());
                // A destination ending in "/" is a folder: MediaConvert then names files after the input.
                String folder = group.destination().endsWith("/") ? dest.key() : dest.folder();
                String base = group.destination().endsWith("/") ? inputBase : dest.fileName();
                List<OutputResult> outputs = new ArrayList<>();
                List<String> playlists = new ArrayList<>();
                StringBuilder master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
                for (int o = 0; o < group.outputs().size(); o++) {
                    Output output = group.outputs().get(o);
                    String scratch = FfmpegCommand.scratchName(g, o);
                    String name = base + output.nameModifier();
                    switch (output.type()) {
                        case HLS_VARIANT -> {
                            Scale scale = plan.scales().get(plan.videoEncodes().get(output.videoEncode()).scale());
                            Variant v = variant(work, out, scratch, name, group.hls(), dest.bucket(), folder, uploads);
                            outputs.add(new OutputResult(List.of(uri(dest.bucket(), folder + name + ".m3u8")), v.durationMs(),
                                    scale.width(), scale.height()));
                            master.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.peakBitsPerSecond())
                                    .append(",AVERAGE-BANDWIDTH=").append(v.averageBitsPerSecond());
                            if (group.hls().includeResolution()) {
                                master.append(",RESOLUTION=").append(scale.width()).append('x').append(scale.height());
                            }
                            master.append(",CODECS=\"").append(v.videoCodec()).append(",mp4a.40.2\"\n").append(name).append(".m3u8\n");
                        }
                        case MP4 -> {
                            Path file = require(work.resolve(scratch + ".mp4"), "the MP4 output " + name + ".mp4");
                            Path target = Files.move(file, out.resolve(g + "-" + o + ".mp4"));
                            uploads.add(new Upload(target, new S3Uri(dest.bucket(), folder + name + ".mp4"), "video/mp4"));
                            Scale scale = plan.scales().get(plan.videoEncodes().get(output.videoEncode()).scale());
                            outputs.add(new OutputResult(List.of(uri(dest.bucket(), folder + name + ".mp4")), durationMs, scale.width(), scale.height()));
                        }
                        case FRAME_CAPTURE -> {
                            List<Path> frames;
                            try (Stream<Path> files = Files.list(work)) {
                                frames = files.filter(f -> f.getFileName().toString().startsWith(scratch + ".") && f.toString().endsWith(".jpg"))
                                        .sorted().toList();
                            }
                            if (frames.isEmpty()) {
                                throw new EngineException(EngineException.TRANSCODE_FAILED, "Transcoding failed: no frame was captured for " + name);
                            }
                            String last = null;
                            for (Path f : frames) {
                                String counter = f.getFileName().toString().substring(scratch.length()); // ".0000000.jpg"
                                Path target = Files.move(f, out.resolve(g + "-" + o + counter));
                                last = folder + name + counter;
                                uploads.add(new Upload(target, new S3Uri(dest.bucket(), last), "image/jpeg"));
                            }
                            Scale scale = plan.scales().get(output.frameCapture().scale());
                            // Like MediaConvert's job details, the path given is the last capture's.
                            outputs.add(new OutputResult(List.of(uri(dest.bucket(), last)), durationMs, scale.width(), scale.height()));
                        }
                    }
                }
                if (group.type() == GroupType.HLS) {
                    Path masterFile = out.resolve(g + "-master.m3u8");
                    Files.writeString(masterFile, master.toString());
                    // The master goes last, so a player never finds a master whose variants are missing.
                    uploads.add(new Upload(masterFile, new S3Uri(dest.bucket(), folder + base + ".m3u8"), "application/vnd.apple.mpegurl"));
                    playlists.add(uri(dest.bucket(), folder + base + ".m3u8"));
                }
                groups.add(new GroupResult(group.type() == GroupType.HLS ? "HLS_GROUP" : "FILE_GROUP", playlists, outputs));
            }
            return new JobResult(groups);
        }

        record Variant(long durationMs, long peakBitsPerSecond, long averageBitsPerSecond, String videoCodec) {}

        private static Variant variant(Path work, Path out, String scratch, String name, EnginePlan.Hls hls, String bucket, String folder,
                                       List<Upload> uploads) throws IOException, EngineException {
            Path playlist = require(work.resolve(scratch + ".m3u8"), "the HLS playlist " + name + ".m3u8");
            List<Double> durations = new ArrayList<>();
            List<String> segments = new ArrayList<>();
            Double pending = null;
            for (String line : Files.readAllLines(playlist)) {
                if (line.startsWith("#EXTINF:")) {
                    pending = Double.parseDouble(line.substring(8, line.indexOf(',') < 0 ? line.length() : line.indexOf(',')));
                } else if (!line.isBlank() && !line.startsWith("#") && pending != null) {
                    durations.add(pending);
                    segments.add(line.strip());
                    pending = null;
                }
            }
            if (segments.isEmpty()) {
                throw new EngineException(EngineException.TRANSCODE_FAILED, "Transcoding failed: the HLS output " + name + " has no segments");
            }
            StringBuilder body = new StringBuilder();
            long target = 1, totalBytes = 0, peak = 0;
            double total = 0;
            String codec = null;
            for (int i = 0; i < segments.size(); i++) {
                Path seg = require(work.resolve(segments.get(i)), "HLS segment " + segments.get(i));
                String segName = name + String.format(Locale.ROOT, "_%05d.ts", i + 1);
                if (codec == null) codec = avc1(seg);
                long bytes = Files.size(seg);
                double d = durations.get(i);
                totalBytes += bytes;
                total += d;
                peak = Math.max(peak, Math.round(bytes * 8 / Math.max(d, 0.001)));
                long rounded = Math.max(1, Math.round(d));
                target = Math.max(target, rounded);
                body.append("#EXTINF:").append(hls.integerDurations() ? String.valueOf(rounded) : String.format(Locale.ROOT, "%.5f", d))
                        .append(",\n").append(segName).append('\n');
                Path moved = Files.move(seg, out.resolve(segName.hashCode() + "-" + i + ".ts"));
                uploads.add(new Upload(moved, new S3Uri(bucket, folder + segName), "video/MP2T"));
            }
            String text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + target + "\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n"
                    + body + "#EXT-X-ENDLIST\n";
            Path variantFile = out.resolve(scratch + "-variant.m3u8");
            Files.writeString(variantFile, text);
            uploads.add(new Upload(variantFile, new S3Uri(bucket, folder + name + ".m3u8"), "application/vnd.apple.mpegurl"));
            return new Variant(Math.round(total * 1000), peak, Math.round(totalBytes * 8 / Math.max(total, 0.001)), codec);
        }

        /** RFC 6381 {@code avc1.PPCCLL} from the first SPS in a transport stream segment. */
        static String avc1(Path segment) throws IOException {
            byte[] b = Files.readAllBytes(segment);
            for (int i = 0; i + 6 < b.length; i += 1) {
                if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && (b[i + 3] & 0x1f) == 7) {
                    return String.format(Locale.ROOT, "avc1.%02x%02x%02x", b[i + 4] & 0xff, b[i + 5] & 0xff, b[i + 6] & 0xff);
                }
            }
            return "avc1.4d401f";
        }

        private static Path require(Path p, String what) throws EngineException {
            if (!Files.isRegularFile(p)) {
                throw new EngineException(EngineException.TRANSCODE_FAILED, "Transcoding failed: FFmpeg did not write " + what);
            }
            return p;
        }

        private static String uri(String bucket, String key) {
            return "s3://" + bucket + "/" + key;
        }
    }
}

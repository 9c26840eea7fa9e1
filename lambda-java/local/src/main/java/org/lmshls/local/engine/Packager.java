package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.lmshls.local.engine.EnginePlan.Group;
import org.lmshls.local.engine.EnginePlan.GroupType;
import org.lmshls.local.engine.EnginePlan.Output;
import org.lmshls.local.engine.EnginePlan.Scale;
import org.lmshls.local.engine.JobResult.GroupResult;
import org.lmshls.local.engine.JobResult.OutputResult;

/**
 * Turns FFmpeg's scratch files into what MediaConvert writes: its output names, variant
 * playlists and a master playlist written the way MediaConvert writes them, and the list of
 * files to publish in a safe order (segments, then variant playlists, then the master).
 */
final class Packager {
    private Packager() {}

    /** The name of the master playlist's subtitle group, which every variant refers to. */
    static final String SUBTITLE_GROUP = "subs";

    static JobResult pack(EnginePlan plan, Probe probe, Path work, Path out, String inputName, List<StagedFile> uploads)
            throws IOException, EngineException {
        return pack(plan, probe, work, out, inputName, uploads, List.of());
    }

    /** @param captions the cues of each of the plan's caption sources, in order */
    static JobResult pack(
            EnginePlan plan,
            Probe probe,
            Path work,
            Path out,
            String inputName,
            List<StagedFile> uploads,
            List<List<CaptionCues.Cue>> captions)
            throws IOException, EngineException {
        List<GroupResult> groups = new ArrayList<>();
        String inputBase = inputName.contains(".") ? inputName.substring(0, inputName.lastIndexOf('.')) : inputName;
        long durationMs = Math.round(probe.durationSeconds() * 1000);
        for (int g = 0; g < plan.groups().size(); g++) {
            Group group = plan.groups().get(g);
            ObjectLocation dest = ObjectLocation.parse(group.destination());
            // A destination ending in "/" is a folder: MediaConvert then names files after the input.
            String folder = group.destination().endsWith("/") ? dest.key() : dest.folder();
            String base = group.destination().endsWith("/") ? inputBase : dest.fileName();
            List<OutputResult> outputs = new ArrayList<>();
            List<String> playlists = new ArrayList<>();
            StringBuilder master = new StringBuilder();
            boolean subtitles = group.outputs().stream().anyMatch(x -> x.type() == EnginePlan.OutputType.SUBTITLES);
            Variant first = null;
            for (int o = 0; o < group.outputs().size(); o++) {
                Output output = group.outputs().get(o);
                String scratch = FfmpegCommand.scratchName(g, o);
                String name = base + output.nameModifier();
                switch (output.type()) {
                    case HLS_VARIANT -> {
                        Scale scale = plan.scales()
                                .get(plan.videoEncodes()
                                        .get(output.videoEncode())
                                        .scale());
                        Variant v = variant(work, out, scratch, name, group.hls(), dest.bucket(), folder, uploads);
                        if (first == null) first = v;
                        outputs.add(new OutputResult(
                                List.of(uri(dest.bucket(), folder + name + ".m3u8")),
                                v.durationMs(),
                                scale.width(),
                                scale.height()));
                        master.append("#EXT-X-STREAM-INF:BANDWIDTH=")
                                .append(v.peakBitsPerSecond())
                                .append(",AVERAGE-BANDWIDTH=")
                                .append(v.averageBitsPerSecond());
                        if (group.hls().includeResolution()) {
                            master.append(",RESOLUTION=")
                                    .append(scale.width())
                                    .append('x')
                                    .append(scale.height());
                        }
                        master.append(",CODECS=\"").append(v.videoCodec()).append(",mp4a.40.2\"");
                        if (subtitles)
                            master.append(",SUBTITLES=\"")
                                    .append(SUBTITLE_GROUP)
                                    .append('"');
                        master.append('\n').append(name).append(".m3u8\n");
                    }
                    case SUBTITLES -> {} // after the loop: they follow the video's segments
                    case MP4 -> {
                        Path file = require(work.resolve(scratch + ".mp4"), "the MP4 output " + name + ".mp4");
                        Path target = Files.move(file, out.resolve(g + "-" + o + ".mp4"));
                        uploads.add(new StagedFile(
                                target, new ObjectLocation(dest.bucket(), folder + name + ".mp4"), "video/mp4"));
                        Scale scale = plan.scales()
                                .get(plan.videoEncodes()
                                        .get(output.videoEncode())
                                        .scale());
                        outputs.add(new OutputResult(
                                List.of(uri(dest.bucket(), folder + name + ".mp4")),
                                durationMs,
                                scale.width(),
                                scale.height()));
                    }
                    case FRAME_CAPTURE -> {
                        List<Path> frames;
                        try (Stream<Path> files = Files.list(work)) {
                            frames = files.filter(
                                            f -> f.getFileName().toString().startsWith(scratch + ".")
                                                    && f.toString().endsWith(".jpg"))
                                    .sorted()
                                    .toList();
                        }
                        if (frames.isEmpty()) {
                            throw new EngineException(
                                    EngineException.TRANSCODE_FAILED,
                                    "Transcoding failed: no frame was captured for " + name);
                        }
                        String last = null;
                        for (Path f : frames) {
                            String counter = f.getFileName().toString().substring(scratch.length()); // ".0000000.jpg"
                            Path target = Files.move(f, out.resolve(g + "-" + o + counter));
                            last = folder + name + counter;
                            uploads.add(new StagedFile(target, new ObjectLocation(dest.bucket(), last), "image/jpeg"));
                        }
                        Scale scale = plan.scales().get(output.frameCapture().scale());
                        // Like MediaConvert's job details, the path given is the last capture's.
                        outputs.add(new OutputResult(
                                List.of(uri(dest.bucket(), last)), durationMs, scale.width(), scale.height()));
                    }
                }
            }
            StringBuilder media = new StringBuilder();
            for (int o = 0; o < group.outputs().size(); o++) {
                Output output = group.outputs().get(o);
                if (output.type() != EnginePlan.OutputType.SUBTITLES) continue;
                String name = base + output.nameModifier();
                long ms = Subtitles.write(
                        captions.get(output.subtitle().source()),
                        first.durations(),
                        first.firstPts(),
                        group.hls().integerDurations(),
                        name,
                        out,
                        g + "-" + o,
                        dest.bucket(),
                        folder,
                        uploads);
                outputs.add(new OutputResult(List.of(uri(dest.bucket(), folder + name + ".m3u8")), ms, 0, 0));
                media.append("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"")
                        .append(SUBTITLE_GROUP)
                        .append("\",LANGUAGE=\"")
                        .append(quoted(output.subtitle().language()))
                        .append("\",NAME=\"")
                        .append(quoted(output.subtitle().name()))
                        .append("\",AUTOSELECT=YES,DEFAULT=NO,URI=\"")
                        .append(name)
                        .append(".m3u8\"\n");
            }
            if (group.type() == GroupType.HLS) {
                Path masterFile = out.resolve(g + "-master.m3u8");
                Files.writeString(
                        masterFile, "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n" + media + master);
                // The master goes last, so a player never finds a master whose variants are missing.
                uploads.add(new StagedFile(
                        masterFile,
                        new ObjectLocation(dest.bucket(), folder + base + ".m3u8"),
                        "application/vnd.apple.mpegurl"));
                playlists.add(uri(dest.bucket(), folder + base + ".m3u8"));
            }
            groups.add(new GroupResult(group.type() == GroupType.HLS ? "HLS_GROUP" : "FILE_GROUP", playlists, outputs));
        }
        return new JobResult(groups);
    }

    /** {@code durations}: each segment's exact length in seconds; {@code firstPts}: the first PES time stamp (90 kHz). */
    record Variant(
            long durationMs,
            long peakBitsPerSecond,
            long averageBitsPerSecond,
            String videoCodec,
            List<Double> durations,
            long firstPts) {}

    /** A quoted-string attribute value: no double quote or line break (RFC 8216 4.2). */
    private static String quoted(String s) {
        return s.replace("\"", "'").replace("\n", " ").replace("\r", " ");
    }

    private static Variant variant(
            Path work,
            Path out,
            String scratch,
            String name,
            EnginePlan.Hls hls,
            String bucket,
            String folder,
            List<StagedFile> uploads)
            throws IOException, EngineException {
        Path playlist = require(work.resolve(scratch + ".m3u8"), "the HLS playlist " + name + ".m3u8");
        List<Double> durations = new ArrayList<>();
        List<String> segments = new ArrayList<>();
        Double pending = null;
        for (String line : Files.readAllLines(playlist)) {
            if (line.startsWith("#EXTINF:")) {
                pending = Double.parseDouble(
                        line.substring(8, line.indexOf(',') < 0 ? line.length() : line.indexOf(',')));
            } else if (!line.isBlank() && !line.startsWith("#") && pending != null) {
                durations.add(pending);
                segments.add(line.strip());
                pending = null;
            }
        }
        if (segments.isEmpty()) {
            throw new EngineException(
                    EngineException.TRANSCODE_FAILED,
                    "Transcoding failed: the HLS output " + name + " has no segments");
        }
        MediaPlaylist variant = new MediaPlaylist(hls.integerDurations());
        long totalBytes = 0, peak = 0;
        double total = 0;
        String codec = null;
        long firstPts = 0;
        for (int i = 0; i < segments.size(); i++) {
            Path seg = require(work.resolve(segments.get(i)), "HLS segment " + segments.get(i));
            if (i == 0) firstPts = Subtitles.firstPts(seg);
            String segName = name + String.format(Locale.ROOT, "_%05d.ts", i + 1);
            if (codec == null) codec = avc1(seg);
            long bytes = Files.size(seg);
            double d = durations.get(i);
            totalBytes += bytes;
            total += d;
            peak = Math.max(peak, Math.round(bytes * 8 / Math.max(d, 0.001)));
            variant.add(segName, d);
            Path moved = Files.move(seg, out.resolve(segName.hashCode() + "-" + i + ".ts"));
            uploads.add(new StagedFile(moved, new ObjectLocation(bucket, folder + segName), "video/MP2T"));
        }
        variant.stage(
                out.resolve(scratch + "-variant.m3u8"), new ObjectLocation(bucket, folder + name + ".m3u8"), uploads);
        return new Variant(
                Math.round(total * 1000),
                peak,
                Math.round(totalBytes * 8 / Math.max(total, 0.001)),
                codec,
                List.copyOf(durations),
                firstPts);
    }

    /** RFC 6381 {@code avc1.PPCCLL} from the first SPS in a transport stream segment. */
    static String avc1(Path segment) throws IOException {
        byte[] b = Files.readAllBytes(segment);
        for (int i = 0; i + 6 < b.length; i += 1) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && (b[i + 3] & 0x1f) == 7) {
                return String.format(
                        Locale.ROOT, "avc1.%02x%02x%02x", b[i + 4] & 0xff, b[i + 5] & 0xff, b[i + 6] & 0xff);
            }
        }
        return "avc1.4d401f";
    }

    private static Path require(Path p, String what) throws EngineException {
        if (!Files.isRegularFile(p)) {
            throw new EngineException(
                    EngineException.TRANSCODE_FAILED, "Transcoding failed: FFmpeg did not write " + what);
        }
        return p;
    }

    private static String uri(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }
}

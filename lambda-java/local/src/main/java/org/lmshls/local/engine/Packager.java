package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.lmshls.local.engine.EnginePlan.AudioRendition;
import org.lmshls.local.engine.EnginePlan.FileGroup;
import org.lmshls.local.engine.EnginePlan.FrameCapture;
import org.lmshls.local.engine.EnginePlan.Group;
import org.lmshls.local.engine.EnginePlan.HlsGroup;
import org.lmshls.local.engine.EnginePlan.Mp4;
import org.lmshls.local.engine.EnginePlan.Output;
import org.lmshls.local.engine.EnginePlan.Scale;
import org.lmshls.local.engine.EnginePlan.SubtitleRendition;
import org.lmshls.local.engine.EnginePlan.TrickPlay;
import org.lmshls.local.engine.EnginePlan.Variant;
import org.lmshls.local.engine.JobResult.GroupResult;
import org.lmshls.local.engine.JobResult.OutputResult;

/**
 * Turns FFmpeg's scratch files into what MediaConvert writes: its output names, media playlists
 * with the bit rates measured from the segments written, I-frame playlists, the trick-play image
 * playlist, and one master playlist ({@link MasterPlaylist}); returns them as the files to
 * publish in a safe order (segments, then media playlists, then the master) with the job's result.
 */
final class Packager {
    private Packager() {}

    /** The name of the master playlist's subtitle group, which every variant refers to. */
    static final String SUBTITLE_GROUP = "subs";

    /** What FFmpeg's audio encoder writes: AAC-LC. */
    static final String AAC_LC = "mp4a.40.2";

    /** What a job wrote (MediaConvert's outputGroupDetails) and the staged files to publish, in order. */
    record Packaged(JobResult result, List<StagedFile> files) {}

    /** A written media playlist: its entries (for bit rates and the subtitle cadence) and first time stamp. */
    private record Media(MediaPlaylist playlist, long firstPts, String codec, Bandwidth bandwidth) {}

    /** @param captions the cues of each of the plan's caption sources, in order */
    static Packaged pack(
            EnginePlan plan, Probe probe, Path work, Path out, String inputName, List<List<CaptionCues.Cue>> captions)
            throws IOException, EngineException {
        List<StagedFile> files = new ArrayList<>();
        List<GroupResult> groups = new ArrayList<>();
        String inputBase = inputName.contains(".") ? inputName.substring(0, inputName.lastIndexOf('.')) : inputName;
        for (int g = 0; g < plan.groups().size(); g++) {
            Group group = plan.groups().get(g);
            ObjectLocation dest = ObjectLocation.parse(group.destination());
            // A destination ending in "/" is a folder: MediaConvert then names files after the input.
            String folder = group.destination().endsWith("/") ? dest.key() : dest.folder();
            String base = group.destination().endsWith("/") ? inputBase : dest.fileName();
            Target target = new Target(dest.bucket(), folder, out, files);
            groups.add(
                    switch (group) {
                        case HlsGroup h -> hls(plan, probe, h, g, base, work, target, captions);
                        case FileGroup f -> file(plan, probe, f, g, base, work, target);
                    });
        }
        return new Packaged(new JobResult(groups), List.copyOf(files));
    }

    /** Where a group's files go, and the list they are staged on. */
    private record Target(String bucket, String folder, Path out, List<StagedFile> files) {
        ObjectLocation at(String name) {
            return new ObjectLocation(bucket, folder + name);
        }

        String uri(String name) {
            return "s3://" + bucket + "/" + folder + name;
        }

        void stage(Path file, String name, String contentType) {
            files.add(new StagedFile(file, at(name), contentType));
        }
    }

    private static GroupResult hls(
            EnginePlan plan,
            Probe probe,
            HlsGroup group,
            int g,
            String base,
            Path work,
            Target target,
            List<List<CaptionCues.Cue>> captions)
            throws IOException, EngineException {
        // MediaConvert's outputDetails follow the group's outputs; they are filled in out of order below.
        OutputResult[] outputs = new OutputResult[group.outputs().size()];
        MasterPlaylist master = new MasterPlaylist();
        boolean integer = group.hls().integerDurations();
        // Audio renditions first: the variants' declared bit rates include their audio group's.
        Map<String, Bandwidth> audioGroups = new HashMap<>();
        for (int o = 0; o < group.outputs().size(); o++) {
            if (!(group.outputs().get(o) instanceof AudioRendition a)) continue;
            String name = base + a.nameModifier();
            Media m =
                    media(work, FfmpegCommand.scratchName(g, o), name, integer, target, false, probe.durationSeconds());
            audioGroups.merge(
                    a.groupId(),
                    m.bandwidth(),
                    (x, y) -> new Bandwidth(Math.max(x.peak(), y.peak()), Math.max(x.average(), y.average())));
            master.add(new MasterPlaylist.Rendition(
                    "AUDIO",
                    a.groupId(),
                    a.name(),
                    a.language().of(probe).orElse(null),
                    a.autoSelect(),
                    a.isDefault(),
                    String.valueOf(plan.audioEncodes().get(a.audioEncode()).channels()),
                    name + ".m3u8"));
            outputs[o] = new OutputResult(
                    List.of(target.uri(name + ".m3u8")), Math.round(m.playlist().totalSeconds() * 1000), 0, 0);
        }
        boolean subtitles = group.outputs().stream().anyMatch(x -> x instanceof SubtitleRendition);
        Media first = null;
        List<MasterPlaylist.IFrameVariant> iFrames = new ArrayList<>();
        for (int o = 0; o < group.outputs().size(); o++) {
            if (!(group.outputs().get(o) instanceof Variant v)) continue;
            String name = base + v.nameModifier();
            Scale scale =
                    plan.scales().get(plan.videoEncodes().get(v.videoEncode()).scale());
            String scratch = FfmpegCommand.scratchName(g, o);
            // The I-frame index is read before the segments are moved and renamed.
            List<List<TsIndex.KeyFrame>> keyFrames = v.iFrameManifest() ? keyFrames(work, scratch) : List.of();
            Media m = media(work, scratch, name, integer, target, true, probe.durationSeconds());
            if (first == null) first = m;
            outputs[o] = new OutputResult(
                    List.of(target.uri(name + ".m3u8")),
                    Math.round(m.playlist().totalSeconds() * 1000),
                    scale.width(),
                    scale.height());
            Bandwidth audio = v.audioGroup().map(audioGroups::get).orElse(Bandwidth.NONE);
            boolean withAudio = v.muxedAudio().isPresent() || v.audioGroup().isPresent();
            master.add(new MasterPlaylist.Variant(
                    m.bandwidth().plus(audio),
                    m.codec() + (withAudio ? "," + AAC_LC : ""),
                    scale.width(),
                    scale.height(),
                    group.hls().includeResolution(),
                    probe.framesPerSecond(),
                    v.audioGroup().orElse(null),
                    subtitles ? SUBTITLE_GROUP : null,
                    name + ".m3u8"));
            if (v.iFrameManifest()) {
                String iName = name + "_I-Frame.m3u8";
                Bandwidth b = iFramePlaylist(keyFrames, m, iName, g + "-" + o, target);
                iFrames.add(new MasterPlaylist.IFrameVariant(b, m.codec(), scale.width(), scale.height(), iName));
            }
        }
        iFrames.forEach(master::add);
        for (int o = 0; o < group.outputs().size(); o++) {
            if (!(group.outputs().get(o) instanceof SubtitleRendition s)) continue;
            String name = base + s.nameModifier();
            List<Double> durations = first.playlist().entries().stream()
                    .map(MediaPlaylist.Entry::seconds)
                    .toList();
            long ms = Subtitles.write(
                    captions.get(s.source()),
                    durations,
                    first.firstPts(),
                    integer,
                    name,
                    target.out(),
                    g + "-" + o,
                    target.bucket(),
                    target.folder(),
                    target.files());
            outputs[o] = new OutputResult(List.of(target.uri(name + ".m3u8")), ms, 0, 0);
            master.add(new MasterPlaylist.Rendition(
                    "SUBTITLES", SUBTITLE_GROUP, s.name(), s.language(), true, false, null, name + ".m3u8"));
        }
        if (group.hls().trickPlay().isPresent()) {
            master.add(trickPlay(
                    plan,
                    group.hls().trickPlay().get(),
                    g,
                    base,
                    work,
                    first.playlist().totalSeconds(),
                    target));
        }
        Path masterFile = target.out().resolve(g + "-master.m3u8");
        Files.writeString(masterFile, master.render());
        // The master goes last, so a player never finds a master whose variants are missing.
        target.stage(masterFile, base + ".m3u8", "application/vnd.apple.mpegurl");
        return new GroupResult("HLS_GROUP", List.of(target.uri(base + ".m3u8")), List.of(outputs));
    }

    /**
     * One rendition FFmpeg wrote ({@code scratch}.m3u8 and its segments): segments renamed to
     * {@code name_00001.ts}…, staged, and its playlist written with the segments' exact durations.
     */
    private static Media media(
            Path work, String scratch, String name, boolean integer, Target target, boolean video, double mediaSeconds)
            throws IOException, EngineException {
        List<Double> durations = new ArrayList<>();
        List<String> segments = new ArrayList<>();
        readFfmpegPlaylist(work, scratch, name, durations, segments);
        if (!video) durations = audioDurations(work, segments, mediaSeconds);
        MediaPlaylist playlist = new MediaPlaylist(integer);
        String codec = null;
        long firstPts = 0;
        for (int i = 0; i < segments.size(); i++) {
            Path seg = require(work.resolve(segments.get(i)), "HLS segment " + segments.get(i));
            if (i == 0) firstPts = Subtitles.firstPts(seg);
            if (video && codec == null) codec = avc1(seg);
            String segName = name + String.format(Locale.ROOT, "_%05d.ts", i + 1);
            playlist.add(segName, durations.get(i), Files.size(seg));
            Path moved = Files.move(seg, target.out().resolve(scratch + "-" + i + ".ts"));
            target.stage(moved, segName, "video/MP2T");
        }
        playlist.stage(target.out().resolve(scratch + "-media.m3u8"), target.at(name + ".m3u8"), target.files());
        return new Media(playlist, firstPts, codec, Bandwidth.of(playlist.entries(), playlist.targetDuration()));
    }

    /**
     * An audio rendition's segment durations from its time stamps: each lasts until the next one
     * starts, the last until the media's end. FFmpeg's HLS muxer counts an audio-only stream's last
     * segment a few AAC frames short, so its playlist would not add up to the media's duration.
     */
    private static List<Double> audioDurations(Path work, List<String> segments, double mediaSeconds)
            throws IOException {
        List<Long> starts = new ArrayList<>();
        for (String s : segments) starts.add(Subtitles.firstPts(work.resolve(s)));
        List<Double> out = new ArrayList<>();
        for (int i = 0; i + 1 < starts.size(); i++) out.add((starts.get(i + 1) - starts.get(i)) / 90_000.0);
        double before = (starts.get(starts.size() - 1) - starts.get(0)) / 90_000.0;
        out.add(Math.max(0.001, mediaSeconds - before));
        return out;
    }

    private static void readFfmpegPlaylist(
            Path work, String scratch, String name, List<Double> durations, List<String> segments)
            throws IOException, EngineException {
        Path playlist = require(work.resolve(scratch + ".m3u8"), "the HLS playlist " + name + ".m3u8");
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
    }

    /** The key frames of each segment of a variant, before its segments are renamed. */
    private static List<List<TsIndex.KeyFrame>> keyFrames(Path work, String scratch)
            throws IOException, EngineException {
        List<Double> durations = new ArrayList<>();
        List<String> segments = new ArrayList<>();
        readFfmpegPlaylist(work, scratch, scratch, durations, segments);
        List<List<TsIndex.KeyFrame>> out = new ArrayList<>();
        for (String s : segments) out.add(TsIndex.keyFrames(work.resolve(s)));
        return out;
    }

    /**
     * The I-frame playlist of a variant: each key frame as a byte range of its segment, lasting until
     * the next key frame (the last one until the end of the media).
     */
    private static Bandwidth iFramePlaylist(
            List<List<TsIndex.KeyFrame>> keyFrames, Media media, String fileName, String scratch, Target target)
            throws IOException, EngineException {
        List<MediaPlaylist.Entry> segments = media.playlist().entries();
        record Frame(String segment, long offset, long length, double at) {}
        List<Frame> frames = new ArrayList<>();
        double segmentStart = 0;
        for (int i = 0; i < segments.size(); i++) {
            List<TsIndex.KeyFrame> k = keyFrames.get(i);
            if (!k.isEmpty()) {
                long segmentPts = k.get(0).pts();
                for (TsIndex.KeyFrame f : k) {
                    // Time within the segment from its first key frame (segments start with one: GOP-aligned cuts).
                    double at = segmentStart + Math.max(0, f.pts() - segmentPts) / 90_000.0;
                    frames.add(new Frame(segments.get(i).uri(), f.offset(), f.length(), at));
                }
            }
            segmentStart += segments.get(i).seconds();
        }
        if (frames.isEmpty()) {
            throw new EngineException(
                    EngineException.TRANSCODE_FAILED, "Transcoding failed: no key frame found for " + fileName);
        }
        MediaPlaylist playlist = new MediaPlaylist(MediaPlaylist.Kind.I_FRAMES, false);
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            double until = i + 1 < frames.size() ? frames.get(i + 1).at() : segmentStart;
            playlist.addByteRange(f.segment(), Math.max(0.001, until - f.at()), f.offset(), f.length());
        }
        playlist.stage(target.out().resolve(scratch + "-iframes.m3u8"), target.at(fileName), target.files());
        return Bandwidth.of(playlist.entries(), playlist.targetDuration());
    }

    /** Trick-play tiles renamed and staged, their image playlist, and the master's entry for it. */
    private static MasterPlaylist.ImageStream trickPlay(
            EnginePlan plan, TrickPlay t, int g, String base, Path work, double mediaSeconds, Target target)
            throws IOException, EngineException {
        Scale thumb = plan.scales().get(t.scale());
        String name = base + "_thumbnails_" + thumb.width() + "x" + thumb.height();
        String scratch = FfmpegCommand.trickPlayName(g);
        List<Path> tiles = list(work, scratch + ".", ".jpg");
        if (tiles.isEmpty()) {
            throw new EngineException(
                    EngineException.TRANSCODE_FAILED,
                    "Transcoding failed: no trick-play image was written for " + name);
        }
        MediaPlaylist playlist = new MediaPlaylist(MediaPlaylist.Kind.IMAGES, false);
        for (int i = 0; i < tiles.size(); i++) {
            String tileName = name + String.format(Locale.ROOT, "_%05d.jpg", i + 1);
            double from = i * t.tileSeconds();
            double seconds = i + 1 < tiles.size() ? t.tileSeconds() : Math.max(0.001, mediaSeconds - from);
            long bytes = Files.size(tiles.get(i));
            playlist.addTile(
                    tileName,
                    seconds,
                    bytes,
                    thumb.width(),
                    thumb.height(),
                    t.columns(),
                    t.rows(),
                    t.intervalSeconds());
            Path moved = Files.move(tiles.get(i), target.out().resolve(scratch + "-" + i + ".jpg"));
            target.stage(moved, tileName, "image/jpeg");
        }
        playlist.stage(target.out().resolve(scratch + "-images.m3u8"), target.at(name + ".m3u8"), target.files());
        Bandwidth b = Bandwidth.of(playlist.entries(), playlist.targetDuration());
        return new MasterPlaylist.ImageStream(b.peak(), thumb.width(), thumb.height(), name + ".m3u8");
    }

    private static GroupResult file(
            EnginePlan plan, Probe probe, FileGroup group, int g, String base, Path work, Target target)
            throws IOException, EngineException {
        long durationMs = Math.round(probe.durationSeconds() * 1000);
        List<OutputResult> outputs = new ArrayList<>();
        for (int o = 0; o < group.outputs().size(); o++) {
            Output output = group.outputs().get(o);
            String scratch = FfmpegCommand.scratchName(g, o);
            String name = base + output.nameModifier();
            switch (output) {
                case Mp4 m -> {
                    Path file = require(work.resolve(scratch + ".mp4"), "the MP4 output " + name + ".mp4");
                    Path moved = Files.move(file, target.out().resolve(g + "-" + o + ".mp4"));
                    target.stage(moved, name + ".mp4", "video/mp4");
                    Scale scale = plan.scales()
                            .get(plan.videoEncodes().get(m.videoEncode()).scale());
                    outputs.add(new OutputResult(
                            List.of(target.uri(name + ".mp4")), durationMs, scale.width(), scale.height()));
                }
                case FrameCapture f -> {
                    List<Path> frames = list(work, scratch + ".", ".jpg");
                    if (frames.isEmpty()) {
                        throw new EngineException(
                                EngineException.TRANSCODE_FAILED,
                                "Transcoding failed: no frame was captured for " + name);
                    }
                    String last = null;
                    for (Path frame : frames) {
                        String counter = frame.getFileName().toString().substring(scratch.length()); // ".0000000.jpg"
                        Path moved = Files.move(frame, target.out().resolve(g + "-" + o + counter));
                        last = name + counter;
                        target.stage(moved, last, "image/jpeg");
                    }
                    Scale scale = plan.scales().get(f.scale());
                    // Like MediaConvert's job details, the path given is the last capture's.
                    outputs.add(new OutputResult(List.of(target.uri(last)), durationMs, scale.width(), scale.height()));
                }
                case Variant v -> throw new IllegalStateException("an HLS variant in a file group");
                case AudioRendition a -> throw new IllegalStateException("an HLS rendition in a file group");
                case SubtitleRendition s -> throw new IllegalStateException("a subtitle rendition in a file group");
            }
        }
        return new GroupResult("FILE_GROUP", List.of(), outputs);
    }

    private static List<Path> list(Path dir, String prefix, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
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
}

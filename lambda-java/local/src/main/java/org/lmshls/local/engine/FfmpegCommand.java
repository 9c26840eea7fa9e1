package org.lmshls.local.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lmshls.local.engine.EnginePlan.AudioEncode;
import org.lmshls.local.engine.EnginePlan.AudioRendition;
import org.lmshls.local.engine.EnginePlan.Cbr;
import org.lmshls.local.engine.EnginePlan.FrameCapture;
import org.lmshls.local.engine.EnginePlan.Group;
import org.lmshls.local.engine.EnginePlan.H264;
import org.lmshls.local.engine.EnginePlan.HlsGroup;
import org.lmshls.local.engine.EnginePlan.Loudness;
import org.lmshls.local.engine.EnginePlan.Mp4;
import org.lmshls.local.engine.EnginePlan.Output;
import org.lmshls.local.engine.EnginePlan.Qvbr;
import org.lmshls.local.engine.EnginePlan.SubtitleRendition;
import org.lmshls.local.engine.EnginePlan.TrickPlay;
import org.lmshls.local.engine.EnginePlan.Variant;
import org.lmshls.local.engine.EnginePlan.Vbr;
import org.lmshls.local.engine.EnginePlan.VideoEncode;
import software.amazon.awssdk.services.mediaconvert.model.H264QualityTuningLevel;

/**
 * One FFmpeg run for a whole job: the input is decoded once, a filter graph scales the decoded
 * picture to the distinct sizes ({@link VideoGraph}), each distinct encode runs once, and a {@code tee}
 * muxer writes every HLS rung and MP4 from those shared encodes; frame captures are a second
 * output of the same run. Files are written with plain scratch names ({@link #scratchName})
 * in the working directory and renamed to MediaConvert's names afterwards, so no user text
 * ever needs escaping inside FFmpeg's option syntax.
 *
 * <p>The mapping from MediaConvert settings to FFmpeg options is documented in the module README.
 */
final class FfmpegCommand {

    private FfmpegCommand() {}

    /** {@code g<group>o<output>}: the scratch base name of one output. */
    static String scratchName(int group, int output) {
        return "g" + group + "o" + output;
    }

    /** {@code g<group>trick}: the scratch base name of an HLS group's trick-play tiles. */
    static String trickPlayName(int group) {
        return "g" + group + "trick";
    }

    /** {@code g<group>thumb}: the scratch base name of an HLS group's single trick-play thumbnails. */
    static String thumbnailName(int group) {
        return "g" + group + "thumb";
    }

    /** The HLS groups whose trick-play thumbnails the main run writes, to be tiled by {@link #tileCommand}. */
    static List<Integer> trickPlayGroups(EnginePlan plan) {
        List<Integer> groups = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            if (plan.groups().get(g) instanceof HlsGroup h
                    && h.hls().trickPlay().isPresent()) groups.add(g);
        }
        return groups;
    }

    /** How every run starts: no banner, no keyboard, overwrite scratch files, errors only. */
    private static final List<String> QUIET = List.of("-hide_banner", "-nostdin", "-y", "-v", "error");

    /** A second, small run: the group's thumbnails, in order, into {@code columns}x{@code rows} JPEG tiles. */
    static List<String> tileCommand(EnginePlan plan, int group) {
        TrickPlay t = ((HlsGroup) plan.groups().get(group)).hls().trickPlay().orElseThrow();
        List<String> args = new ArrayList<>(QUIET);
        args.addAll(List.of("-framerate", "1", "-start_number", "1", "-i", thumbnailName(group) + ".%05d.jpg"));
        args.addAll(List.of("-vf", "tile=" + t.columns() + "x" + t.rows()));
        args.addAll(jpegs(jpegQscale(t.quality()), 1, trickPlayName(group) + ".%05d.jpg"));
        return args;
    }

    /** A JPEG image sequence numbered from {@code first}, written with mjpeg at {@code qscale}. */
    private static List<String> jpegs(int qscale, int first, String pattern) {
        return List.of(
                "-c:v",
                "mjpeg",
                "-q:v",
                String.valueOf(qscale),
                "-f",
                "image2",
                "-start_number",
                String.valueOf(first),
                pattern);
    }

    /** One picture of the graph's {@code label} per packet, as it comes (frame captures, thumbnails). */
    private static List<String> everyPicture(String label) {
        return List.of("-map", "[" + label + "]", "-fps_mode", "passthrough");
    }

    /** FFmpeg's AAC encoder puts 1024 samples of priming before the audio (at 48 kHz). */
    static final double AAC_PRIMING_SECONDS = 1024 / 48_000.0;

    static List<String> build(EnginePlan plan, Probe probe, String inputFile) {
        List<String> args = new ArrayList<>(QUIET);
        args.addAll(List.of("-nostats", "-progress", "pipe:1"));
        if (!plan.autoRotate()) args.add("-noautorotate");
        args.addAll(List.of("-i", inputFile));

        List<int[]> captures = new ArrayList<>(); // {group, output}
        List<Integer> trickPlays = trickPlayGroups(plan);
        for (int g = 0; g < plan.groups().size(); g++) {
            List<Output> outs = plan.groups().get(g).outputs();
            for (int o = 0; o < outs.size(); o++) {
                if (outs.get(o) instanceof FrameCapture) captures.add(new int[] {g, o});
            }
        }

        StringBuilder graph = new StringBuilder();
        VideoGraph.append(plan, probe, graph);
        audioGraph(plan, probe, graph);
        if (graph.charAt(graph.length() - 1) == ';') graph.setLength(graph.length() - 1);
        args.addAll(List.of("-filter_complex", graph.toString()));

        // Output 1: every H.264/AAC output, through one tee muxer sharing the encodes.
        List<String> slaves = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            Group group = plan.groups().get(g);
            for (int o = 0; o < group.outputs().size(); o++) {
                String name = scratchName(g, o);
                switch (group.outputs().get(o)) {
                    case Variant v -> {
                        String streams = "v:" + v.videoEncode()
                                + (v.muxedAudio().isPresent()
                                        ? ",a:" + v.muxedAudio().getAsInt()
                                        : "");
                        slaves.add(hls(streams, ((HlsGroup) group).hls(), name));
                    }
                    case AudioRendition a -> slaves.add(hls("a:" + a.audioEncode(), ((HlsGroup) group).hls(), name));
                    case Mp4 m ->
                        slaves.add("[select=\\'v:" + m.videoEncode() + ",a:" + m.audioEncode() + "\\':f=mp4"
                                + (m.moovAtFront() ? ":movflags=+faststart" : "") + "]" + name + ".mp4");
                    case FrameCapture f -> {}
                    case SubtitleRendition s -> {}
                }
            }
        }
        if (!slaves.isEmpty()) {
            for (int v = 0; v < plan.videoEncodes().size(); v++) args.addAll(List.of("-map", "[venc" + v + "]"));
            for (int a = 0; a < plan.audioEncodes().size(); a++) args.addAll(List.of("-map", "[aenc" + a + "]"));
            for (int v = 0; v < plan.videoEncodes().size(); v++)
                args.addAll(videoOptions(v, plan.videoEncodes().get(v), probe));
            for (int a = 0; a < plan.audioEncodes().size(); a++)
                args.addAll(audioOptions(a, plan.audioEncodes().get(a)));
            args.addAll(List.of("-max_muxing_queue_size", "4096", "-f", "tee", String.join("|", slaves)));
        }
        // Further outputs: the frame captures and trick-play tiles, as JPEG image sequences.
        for (int[] gc : captures) {
            FrameCapture fc = (FrameCapture) plan.groups().get(gc[0]).outputs().get(gc[1]);
            args.addAll(everyPicture(VideoGraph.captureLabel(gc[0], gc[1])));
            args.addAll(List.of("-frames:v", String.valueOf(fc.maxCaptures())));
            args.addAll(jpegs(jpegQscale(fc.quality()), 0, scratchName(gc[0], gc[1]) + ".%07d.jpg"));
        }
        for (int g : trickPlays) {
            // Single thumbnails, near-lossless; tiled afterwards (tileCommand). Tiling here would hold this
            // output's first packet back until 25 thumbnails (125 s of media) exist, and FFmpeg prints no
            // progress at all until every output has started: a long job would look stalled.
            args.addAll(everyPicture(VideoGraph.trickPlayLabel(g)));
            args.addAll(jpegs(2, 1, thumbnailName(g) + ".%05d.jpg"));
        }
        return args;
    }

    /** A tee slave writing {@code streams} as a VOD HLS rendition with MPEG-TS segments. */
    private static String hls(String streams, EnginePlan.Hls hls, String name) {
        return "[select=\\'" + streams + "\\':f=hls:hls_time=" + hls.segmentLength()
                + ":hls_playlist_type=vod:hls_segment_type=mpegts:start_number=1:hls_list_size=0"
                // The CLI's 0.7 s muxing delay, which tee slaves do not inherit: without it the TS muxer
                // gives every AAC frame its own PES packet, doubling a 64 kb/s audio rendition's size.
                + ":max_delay=700000"
                + ":hls_segment_filename=" + name + "_%05d.ts]" + name + ".m3u8";
    }

    /**
     * {@code [aenc<i>]} for each audio encode: the input's first audio track, normalised once per
     * distinct loudness setting (BS.1770 via {@code loudnorm}) and split to the encodes that share it;
     * silence of the media's length when the input has no audio (MediaConvert fills an audio
     * selector that finds no track with silence).
     */
    private static void audioGraph(EnginePlan plan, Probe probe, StringBuilder graph) {
        List<AudioEncode> encodes = plan.audioEncodes();
        if (encodes.isEmpty()) return;
        if (!probe.hasAudio()) {
            for (int a = 0; a < encodes.size(); a++) {
                AudioEncode ae = encodes.get(a);
                graph.append("anullsrc=r=")
                        .append(ae.sampleRate())
                        .append(":cl=")
                        .append(ae.channels() == 1 ? "mono" : "stereo")
                        .append(",atrim=duration=")
                        .append(num(Math.max(0.05, probe.durationSeconds() - AAC_PRIMING_SECONDS)))
                        .append("[aenc")
                        .append(a)
                        .append("];");
            }
            return;
        }
        List<Optional<Loudness>> treatments = new ArrayList<>();
        for (AudioEncode ae : encodes) if (!treatments.contains(ae.loudness())) treatments.add(ae.loudness());
        if (treatments.size() > 1) {
            graph.append("[0:a:0]asplit=").append(treatments.size());
            for (int i = 0; i < treatments.size(); i++)
                graph.append("[ain").append(i).append(']');
            graph.append(';');
        }
        for (int i = 0; i < treatments.size(); i++) {
            Optional<Loudness> l = treatments.get(i);
            List<Integer> users = new ArrayList<>();
            for (int a = 0; a < encodes.size(); a++)
                if (encodes.get(a).loudness().equals(l)) users.add(a);
            graph.append(treatments.size() > 1 ? "[ain" + i + "]" : "[0:a:0]");
            // Cut (or pad) to the media's length, less the AAC encoder's 1024 priming samples, which come
            // first: loudnorm's 100 ms frames would add a little at the end, and FFmpeg's HLS muxer gives
            // the last 21 ms audio frame past the media's end a segment of its own.
            graph.append(l.map(FfmpegCommand::loudnorm).orElse("anull"))
                    .append(",apad,atrim=duration=")
                    .append(num(Math.max(0.05, probe.durationSeconds() - AAC_PRIMING_SECONDS)));
            if (users.size() > 1) graph.append(",asplit=").append(users.size());
            for (int a : users) graph.append("[aenc").append(a).append(']');
            graph.append(';');
        }
    }

    /**
     * EBU R128 / ITU-R BS.1770 loudness normalisation in one pass (loudnorm's dynamic mode, which
     * needs no first measuring run), back to 48 kHz (loudnorm works at 192 kHz).
     */
    static String loudnorm(Loudness l) {
        return "loudnorm=I=" + num(Math.max(-70, Math.min(-5, l.targetLkfs()))) + ":TP="
                + num(Math.max(-9, Math.min(0, l.truePeakDbfs()))) + ":LRA=11,aresample=48000";
    }

    static List<String> videoOptions(int v, VideoEncode e, Probe probe) {
        H264 h = e.h264();
        StreamOptions o = new StreamOptions(":v:" + v);
        o.put("c", "libx264")
                .put("preset", preset(h.qualityTuningLevel()))
                .put("profile", h.profile().toString().toLowerCase(Locale.ROOT));
        // In seconds, the GOP is kept by forced keyframes (below); -g only stops x264 adding its own in between.
        int gop = (int) Math.max(
                1, h.gopInSeconds() ? Math.ceil(h.gopSize() * probe.framesPerSecond()) : Math.round(h.gopSize()));
        o.put("g", gop).put("bf", h.bFrames());
        // A scene change then gets an I-frame, not an IDR: the IDR cadence stays the GOP's, as on MediaConvert.
        if (h.gopInSeconds()) o.put("keyint_min", gop);
        if (h.closedGop()) o.put("flags", "+cgop");
        if (!h.sceneChangeDetect()) o.put("sc_threshold", 0);
        switch (h.rateControl()) {
            case Qvbr q ->
                o.put("crf", crfForQvbr(q.qualityLevel()))
                        .put("maxrate", q.maxBitrate())
                        .put("bufsize", q.bufferSize());
            case Vbr r -> o.put("b", r.bitrate()).put("maxrate", r.maxBitrate()).put("bufsize", r.bufferSize());
            case Cbr c ->
                o.put("b", c.bitrate())
                        .put("minrate", c.bitrate())
                        .put("maxrate", c.bitrate())
                        .put("bufsize", c.bufferSize());
        }
        // A keyframe at every multiple of the GOP duration, by time: the same cadence at 25 or 60 fps.
        e.keyframeEverySeconds()
                .ifPresent(every -> o.put("force_key_frames", "expr:gte(t,n_forced*" + num(every) + ")"));
        return o.args();
    }

    static List<String> audioOptions(int a, AudioEncode e) {
        return new StreamOptions(":a:" + a)
                .put("c", "aac")
                .put("profile", "aac_low")
                .put("b", e.bitrate())
                .put("ar", e.sampleRate())
                .put("ac", e.channels())
                .args();
    }

    /** Options of one output stream, {@code -name:v:N value}, in the order put. */
    private static final class StreamOptions {
        private final String stream;
        private final List<String> args = new ArrayList<>();

        StreamOptions(String stream) {
            this.stream = stream;
        }

        StreamOptions put(String name, Object value) {
            args.add("-" + name + stream);
            args.add(String.valueOf(value));
            return this;
        }

        List<String> args() {
            return args;
        }
    }

    /** QVBR quality 1..10 → x264 CRF 35..17 (7 → 23, x264's own default quality). */
    static int crfForQvbr(int level) {
        return 37 - 2 * level;
    }

    /** MediaConvert's speed/quality trade-off → x264 preset. */
    static String preset(H264QualityTuningLevel qualityTuningLevel) {
        return switch (qualityTuningLevel) {
            case SINGLE_PASS_HQ -> "medium";
            case MULTI_PASS_HQ -> "slow";
            default -> "veryfast";
        };
    }

    /** JPEG quality 1..100 → FFmpeg's mjpeg qscale 31..2 (80 → 8). */
    static int jpegQscale(int quality) {
        return (int) Math.round(2 + (100 - quality) * 29.0 / 99.0);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}

package org.lmshls.local.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lmshls.local.engine.EnginePlan.AudioEncode;
import org.lmshls.local.engine.EnginePlan.Group;
import org.lmshls.local.engine.EnginePlan.H264;
import org.lmshls.local.engine.EnginePlan.Output;
import org.lmshls.local.engine.EnginePlan.OutputType;
import org.lmshls.local.engine.EnginePlan.Scale;
import org.lmshls.local.engine.EnginePlan.VideoEncode;
import software.amazon.awssdk.services.mediaconvert.model.H264QualityTuningLevel;

/**
 * One FFmpeg run for a whole job: the input is decoded once, a filter graph splits the
 * decoded picture into the distinct sizes, each distinct encode runs once, and a {@code tee}
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

    static List<String> build(EnginePlan plan, Probe probe, String inputFile) {
        List<String> args = new ArrayList<>(
                List.of("-hide_banner", "-nostdin", "-y", "-v", "error", "-nostats", "-progress", "pipe:1"));
        if (!plan.autoRotate()) args.add("-noautorotate");
        args.addAll(List.of("-i", inputFile));

        // Who consumes each scaled picture: the encodes, then the frame captures.
        List<List<String>> consumers = new ArrayList<>();
        for (int s = 0; s < plan.scales().size(); s++) consumers.add(new ArrayList<>());
        for (int v = 0; v < plan.videoEncodes().size(); v++) {
            consumers.get(plan.videoEncodes().get(v).scale()).add("venc" + v);
        }
        List<int[]> captures = new ArrayList<>(); // {group, output}
        for (int g = 0; g < plan.groups().size(); g++) {
            List<Output> outs = plan.groups().get(g).outputs();
            for (int o = 0; o < outs.size(); o++) {
                if (outs.get(o).type() == OutputType.FRAME_CAPTURE) {
                    consumers.get(outs.get(o).frameCapture().scale()).add("cappre" + g + "_" + o);
                    captures.add(new int[] {g, o});
                }
            }
        }

        StringBuilder graph = new StringBuilder();
        int used = 0;
        for (List<String> c : consumers) if (!c.isEmpty()) used++;
        String source = "[0:v]";
        int sourceIndex = 0;
        if (used > 1) {
            graph.append("[0:v]split=").append(used);
            for (int i = 0; i < used; i++) graph.append("[src").append(i).append(']');
            graph.append(';');
        }
        for (int s = 0; s < plan.scales().size(); s++) {
            List<String> c = consumers.get(s);
            if (c.isEmpty()) continue;
            String in = used > 1 ? "[src" + sourceIndex++ + "]" : source;
            graph.append(in)
                    .append(scaleFilter(plan.scales().get(s), probe, plan.autoRotate()))
                    .append(",format=yuv420p");
            if (c.size() > 1) {
                graph.append(",split=").append(c.size());
            }
            for (String label : c) graph.append('[').append(label).append(']');
            graph.append(';');
        }
        for (int[] gc : captures) {
            var fc = plan.groups().get(gc[0]).outputs().get(gc[1]).frameCapture();
            // One picture per period, the first frame of each: "the first frame, then one every d/n seconds".
            String period = num((double) fc.denominator() / fc.numerator());
            graph.append("[cappre")
                    .append(gc[0])
                    .append('_')
                    .append(gc[1])
                    .append("]select='isnan(prev_selected_t)+gt(trunc(t/")
                    .append(period)
                    .append("),trunc(prev_selected_t/")
                    .append(period)
                    .append("))',format=yuvj420p[cap")
                    .append(gc[0])
                    .append('_')
                    .append(gc[1])
                    .append("];");
        }
        boolean silence = !probe.hasAudio();
        if (silence) {
            // MediaConvert fills an audio selector that finds no track with silence; so does the engine.
            for (int a = 0; a < plan.audioEncodes().size(); a++) {
                AudioEncode ae = plan.audioEncodes().get(a);
                graph.append("anullsrc=r=")
                        .append(ae.sampleRate())
                        .append(":cl=")
                        .append(ae.channels() == 1 ? "mono" : "stereo")
                        .append(",atrim=duration=")
                        .append(num(probe.durationSeconds()))
                        .append("[silence")
                        .append(a)
                        .append("];");
            }
        }
        if (graph.charAt(graph.length() - 1) == ';') graph.setLength(graph.length() - 1);
        args.addAll(List.of("-filter_complex", graph.toString()));

        // Output 1: every H.264/AAC output, through one tee muxer sharing the encodes.
        List<String> slaves = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            Group group = plan.groups().get(g);
            for (int o = 0; o < group.outputs().size(); o++) {
                Output out = group.outputs().get(o);
                String select = "[select=\\'v:" + out.videoEncode() + ",a:" + out.audioEncode() + "\\'";
                String name = scratchName(g, o);
                switch (out.type()) {
                    case HLS_VARIANT ->
                        slaves.add(select + ":f=hls:hls_time=" + group.hls().segmentLength()
                                + ":hls_playlist_type=vod:hls_segment_type=mpegts:start_number=1:hls_list_size=0"
                                + ":hls_segment_filename=" + name + "_%05d.ts]" + name + ".m3u8");
                    case MP4 ->
                        slaves.add(select + ":f=mp4" + (out.moovAtFront() ? ":movflags=+faststart" : "") + "]" + name
                                + ".mp4");
                    case FRAME_CAPTURE, SUBTITLES -> {}
                }
            }
        }
        if (!slaves.isEmpty()) {
            for (int v = 0; v < plan.videoEncodes().size(); v++) args.addAll(List.of("-map", "[venc" + v + "]"));
            for (int a = 0; a < plan.audioEncodes().size(); a++)
                args.addAll(List.of("-map", silence ? "[silence" + a + "]" : "0:a:0"));
            for (int v = 0; v < plan.videoEncodes().size(); v++)
                args.addAll(videoOptions(v, plan.videoEncodes().get(v), probe));
            for (int a = 0; a < plan.audioEncodes().size(); a++) {
                AudioEncode ae = plan.audioEncodes().get(a);
                args.addAll(List.of(
                        "-c:a:" + a,
                        "aac",
                        "-profile:a:" + a,
                        "aac_low",
                        "-b:a:" + a,
                        String.valueOf(ae.bitrate()),
                        "-ar:a:" + a,
                        String.valueOf(ae.sampleRate()),
                        "-ac:a:" + a,
                        String.valueOf(ae.channels())));
            }
            args.addAll(List.of("-max_muxing_queue_size", "4096", "-f", "tee", String.join("|", slaves)));
        }
        // Output 2..n: the frame captures, as JPEG image sequences.
        for (int[] gc : captures) {
            var fc = plan.groups().get(gc[0]).outputs().get(gc[1]).frameCapture();
            args.addAll(List.of(
                    "-map",
                    "[cap" + gc[0] + "_" + gc[1] + "]",
                    "-c:v",
                    "mjpeg",
                    "-q:v",
                    String.valueOf(jpegQscale(fc.quality())),
                    "-fps_mode",
                    "passthrough",
                    "-frames:v",
                    String.valueOf(fc.maxCaptures()),
                    "-f",
                    "image2",
                    "-start_number",
                    "0",
                    scratchName(gc[0], gc[1]) + ".%07d.jpg"));
        }
        return args;
    }

    /** MediaConvert DEFAULT: fit inside the frame keeping the display aspect ratio, pad the rest black. */
    static String scaleFilter(Scale s, Probe probe, boolean autoRotate) {
        String flags = s.antiAlias() ? "bicubic" : "fast_bilinear";
        if (s.stretch()) {
            return "scale=" + s.width() + ":" + s.height() + ":flags=" + flags + ",setsar=1";
        }
        double dw = probe.displayWidth(autoRotate), dh = probe.displayHeight(autoRotate);
        double ratio = Math.min(s.width() / dw, s.height() / dh);
        int w = Math.min(s.width(), Math.max(2, even(dw * ratio)));
        int h = Math.min(s.height(), Math.max(2, even(dh * ratio)));
        int x = ((s.width() - w) / 2) & ~1, y = ((s.height() - h) / 2) & ~1;
        String scale = "scale=" + w + ":" + h + ":flags=" + flags + ",setsar=1";
        return (w == s.width() && h == s.height())
                ? scale
                : scale + ",pad=" + s.width() + ":" + s.height() + ":" + x + ":" + y + ":black";
    }

    static List<String> videoOptions(int v, VideoEncode e, Probe probe) {
        H264 h = e.h264();
        String sv = ":v:" + v;
        List<String> o = new ArrayList<>(List.of(
                "-c" + sv,
                "libx264",
                "-preset" + sv,
                preset(h.qualityTuningLevel()),
                "-profile" + sv,
                h.profile().toString().toLowerCase(Locale.ROOT)));
        // In seconds, the GOP is kept by forced keyframes (below); -g only stops x264 adding its own in between.
        int gop = (int) Math.max(
                1, h.gopInSeconds() ? Math.ceil(h.gopSize() * probe.framesPerSecond()) : Math.round(h.gopSize()));
        o.addAll(List.of("-g" + sv, String.valueOf(gop), "-bf" + sv, String.valueOf(h.bFrames())));
        if (h.closedGop()) o.addAll(List.of("-flags" + sv, "+cgop"));
        if (!h.sceneChangeDetect()) o.addAll(List.of("-sc_threshold" + sv, "0"));
        switch (h.rateControlMode()) {
            case QVBR -> {
                int max = h.maxBitrate();
                o.addAll(List.of(
                        "-crf" + sv,
                        String.valueOf(crfForQvbr(h.qvbrQualityLevel())),
                        "-maxrate" + sv,
                        String.valueOf(max),
                        "-bufsize" + sv,
                        String.valueOf(
                                h.hrdBufferSize() != null && h.hrdBufferSize() > 0 ? h.hrdBufferSize() : 2 * max)));
            }
            case VBR -> {
                int max = h.maxBitrate() != null ? h.maxBitrate() : h.bitrate();
                o.addAll(List.of(
                        "-b" + sv,
                        String.valueOf(h.bitrate()),
                        "-maxrate" + sv,
                        String.valueOf(max),
                        "-bufsize" + sv,
                        String.valueOf(
                                h.hrdBufferSize() != null && h.hrdBufferSize() > 0 ? h.hrdBufferSize() : 2 * max)));
            }
            default ->
                o.addAll(List.of(
                        "-b" + sv,
                        String.valueOf(h.bitrate()),
                        "-minrate" + sv,
                        String.valueOf(h.bitrate()),
                        "-maxrate" + sv,
                        String.valueOf(h.bitrate()),
                        "-bufsize" + sv,
                        String.valueOf(
                                h.hrdBufferSize() != null && h.hrdBufferSize() > 0
                                        ? h.hrdBufferSize()
                                        : 2 * h.bitrate())));
        }
        if (e.keyframeEverySeconds() != null) {
            // A keyframe at every multiple of the GOP duration, by time: the same cadence at 25 or 60 fps.
            o.addAll(List.of("-force_key_frames" + sv, "expr:gte(t,n_forced*" + num(e.keyframeEverySeconds()) + ")"));
        }
        return o;
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

    private static int even(double v) {
        return (int) Math.round(v / 2) * 2;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}

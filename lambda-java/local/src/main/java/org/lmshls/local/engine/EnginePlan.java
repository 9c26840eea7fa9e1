package org.lmshls.local.engine;

import java.util.List;
import software.amazon.awssdk.services.mediaconvert.model.H264CodecProfile;
import software.amazon.awssdk.services.mediaconvert.model.H264QualityTuningLevel;
import software.amazon.awssdk.services.mediaconvert.model.H264RateControlMode;

/**
 * What a job asks for, reduced to the distinct pieces of work: each scaled picture size is
 * computed once, each distinct H.264 encode and AAC encode runs once, and outputs only say
 * which of those they carry. The template's 720p HLS rung and its 720p MP4 share one encode;
 * all four audio tracks share one AAC encode; the frame captures reuse the 720p scaling.
 */
public record EnginePlan(
        String fileInput,
        boolean autoRotate,
        List<Scale> scales,
        List<VideoEncode> videoEncodes,
        List<AudioEncode> audioEncodes,
        List<Group> groups,
        List<CaptionSource> captionSources) {

    /**
     * The plan for one output alone, with only the scale and encodes it needs: what the naive way
     * (one FFmpeg run per output, same encoder settings) runs. Used by the benchmark.
     */
    public EnginePlan only(int group, int output) {
        Output o = groups.get(group).outputs().get(output);
        List<Scale> sc = new java.util.ArrayList<>();
        List<VideoEncode> ve = new java.util.ArrayList<>();
        List<AudioEncode> ae = new java.util.ArrayList<>();
        Output single;
        if (o.type() == OutputType.SUBTITLES) {
            throw new IllegalArgumentException("a subtitle rendition is not an FFmpeg output of its own");
        }
        if (o.type() == OutputType.FRAME_CAPTURE) {
            sc.add(scales.get(o.frameCapture().scale()));
            FrameCapture f = o.frameCapture();
            single = new Output(
                    o.type(),
                    o.nameModifier(),
                    -1,
                    -1,
                    false,
                    new FrameCapture(0, f.numerator(), f.denominator(), f.maxCaptures(), f.quality()),
                    null);
        } else {
            VideoEncode v = videoEncodes.get(o.videoEncode());
            sc.add(scales.get(v.scale()));
            ve.add(new VideoEncode(0, v.h264(), v.keyframeEverySeconds()));
            ae.add(audioEncodes.get(o.audioEncode()));
            single = new Output(o.type(), o.nameModifier(), 0, 0, o.moovAtFront(), null, null);
        }
        Group g = groups.get(group);
        return new EnginePlan(
                fileInput,
                autoRotate,
                sc,
                ve,
                ae,
                List.of(new Group(g.type(), g.name(), g.destination(), g.hls(), List.of(single))),
                List.of());
    }

    /** A picture size: MediaConvert's DEFAULT scaling fits and letterboxes/pillarboxes; STRETCH_TO_OUTPUT does not. */
    public record Scale(int width, int height, boolean stretch, boolean antiAlias) {}

    /** One x264 encode of one scaled picture; {@code keyframeEverySeconds} set for a GOP in seconds. */
    public record VideoEncode(int scale, H264 h264, Double keyframeEverySeconds) {}

    /** The H.264 settings that change the encoded bits (so outputs with equal ones can share). */
    public record H264(
            H264RateControlMode rateControlMode,
            Integer qvbrQualityLevel,
            Integer maxBitrate,
            Integer bitrate,
            Integer hrdBufferSize,
            H264CodecProfile profile,
            double gopSize,
            boolean gopInSeconds,
            boolean closedGop,
            int bFrames,
            boolean sceneChangeDetect,
            H264QualityTuningLevel qualityTuningLevel) {}

    /** One AAC encode. */
    public record AudioEncode(int bitrate, int sampleRate, int channels) {}

    public enum GroupType {
        HLS,
        FILE
    }

    /** An output group: where it goes and how its files are named. */
    public record Group(GroupType type, String name, String destination, Hls hls, List<Output> outputs) {}

    /** The HLS group settings that change what the engine writes. */
    public record Hls(int segmentLength, boolean integerDurations, boolean includeResolution) {}

    public enum OutputType {
        HLS_VARIANT,
        MP4,
        FRAME_CAPTURE,
        SUBTITLES
    }

    /**
     * One output: which encodes it carries ({@code -1} for none), or for frame captures which
     * scaled picture it samples.
     */
    public record Output(
            OutputType type,
            String nameModifier,
            int videoEncode,
            int audioEncode,
            boolean moovAtFront,
            FrameCapture frameCapture,
            Subtitle subtitle) {}

    /** A caption file of the input (a caption selector with a sidecar file). */
    public record CaptionSource(String selectorName, String uri, CaptionFormat format) {}

    public enum CaptionFormat {
        WEBVTT,
        SRT
    }

    /**
     * A WebVTT subtitle rendition of an HLS group: segments aligned with the video's, its own
     * playlist, an {@code EXT-X-MEDIA:TYPE=SUBTITLES} entry in the master.
     */
    public record Subtitle(int source, String language, String name) {}

    /** One JPEG every {@code denominator/numerator} seconds, at most {@code maxCaptures}. */
    public record FrameCapture(int scale, int numerator, int denominator, int maxCaptures, int quality) {}
}

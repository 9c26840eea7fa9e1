package org.lmshls.local.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import software.amazon.awssdk.services.mediaconvert.model.H264CodecProfile;
import software.amazon.awssdk.services.mediaconvert.model.H264QualityTuningLevel;

/**
 * What a job asks for, reduced to the distinct pieces of work: each scaled picture size is
 * computed once, each distinct H.264 encode and AAC encode runs once, and outputs only say
 * which of those they carry. The template's 720p HLS rung and its 720p MP4 share one encode;
 * the frame captures reuse the 720p scaling; the trick-play thumbnails are one more small size.
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
     * (one FFmpeg run per output, same encoder settings) runs. Used by the benchmark. A group's
     * trick-play images count as an output of their own ({@link #naiveRuns}).
     */
    public EnginePlan only(int group, int output) {
        Group g = groups.get(group);
        List<Scale> sc = new ArrayList<>();
        List<VideoEncode> ve = new ArrayList<>();
        List<AudioEncode> ae = new ArrayList<>();
        Output single = switch (g.outputs().get(output)) {
            case SubtitleRendition s ->
                throw new IllegalArgumentException("a subtitle rendition is not an FFmpeg output of its own");
            case FrameCapture f -> {
                sc.add(scales.get(f.scale()));
                yield new FrameCapture(
                        f.nameModifier(), 0, f.numerator(), f.denominator(), f.maxCaptures(), f.quality());
            }
            case Variant v -> {
                VideoEncode e = videoEncodes.get(v.videoEncode());
                sc.add(scales.get(e.scale()));
                ve.add(new VideoEncode(0, e.h264()));
                v.muxedAudio().ifPresent(a -> ae.add(audioEncodes.get(a)));
                yield new Variant(
                        v.nameModifier(),
                        0,
                        v.muxedAudio().isPresent() ? OptionalInt.of(0) : OptionalInt.empty(),
                        v.audioGroup(),
                        v.iFrameManifest());
            }
            case AudioRendition a -> {
                ae.add(audioEncodes.get(a.audioEncode()));
                yield a.withAudioEncode(0);
            }
            case Mp4 m -> {
                VideoEncode e = videoEncodes.get(m.videoEncode());
                sc.add(scales.get(e.scale()));
                ve.add(new VideoEncode(0, e.h264()));
                ae.add(audioEncodes.get(m.audioEncode()));
                yield new Mp4(m.nameModifier(), 0, 0, m.moovAtFront());
            }
        };
        Group one = switch (g) {
            case HlsGroup h -> h.with(h.hls().withTrickPlay(Optional.empty()), List.of(single));
            case FileGroup f -> new FileGroup(f.name(), f.destination(), List.of(single));
        };
        return new EnginePlan(fileInput, autoRotate, sc, ve, ae, List.of(one), List.of());
    }

    /** The plan for one HLS group's trick-play images alone (the naive way's run for them). */
    public EnginePlan onlyTrickPlay(int group) {
        HlsGroup h = (HlsGroup) groups.get(group);
        TrickPlay t = h.hls().trickPlay().orElseThrow();
        TrickPlay single = new TrickPlay(0, t.intervalSeconds(), t.columns(), t.rows(), t.quality());
        return new EnginePlan(
                fileInput,
                autoRotate,
                List.of(scales.get(t.scale())),
                List.of(),
                List.of(),
                List.of(h.with(h.hls().withTrickPlay(Optional.of(single)), List.of())),
                List.of());
    }

    /** Every output the naive way runs on its own: {group, output}, or {group, -1} for trick-play images. */
    public List<int[]> naiveRuns() {
        List<int[]> runs = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Output> outs = groups.get(g).outputs();
            for (int o = 0; o < outs.size(); o++) {
                if (!(outs.get(o) instanceof SubtitleRendition)) runs.add(new int[] {g, o});
            }
            if (groups.get(g) instanceof HlsGroup h && h.hls().trickPlay().isPresent()) runs.add(new int[] {g, -1});
        }
        return runs;
    }

    /** A picture size: MediaConvert's DEFAULT scaling fits and letterboxes/pillarboxes; STRETCH_TO_OUTPUT does not. */
    public record Scale(int width, int height, boolean stretch, boolean antiAlias) {}

    /** One x264 encode of one scaled picture. */
    public record VideoEncode(int scale, H264 h264) {
        /**
         * With a GOP in seconds, a keyframe every that many seconds whatever the frame rate; HLS
         * segments are then cut at those keyframes, as MediaConvert cuts them at GOP boundaries.
         */
        public OptionalDouble keyframeEverySeconds() {
            return h264.gopInSeconds() ? OptionalDouble.of(h264.gopSize()) : OptionalDouble.empty();
        }
    }

    /** The H.264 settings that change the encoded bits (so outputs with equal ones can share). */
    public record H264(
            RateControl rateControl,
            H264CodecProfile profile,
            double gopSize,
            boolean gopInSeconds,
            boolean closedGop,
            int bFrames,
            boolean sceneChangeDetect,
            H264QualityTuningLevel qualityTuningLevel) {}

    /** How x264 spends bits; buffer sizes are the HRD (VBV) buffer in bits. */
    public sealed interface RateControl {}

    /** QVBR: a quality level (x264 CRF) capped at {@code maxBitrate}. */
    public record Qvbr(int qualityLevel, int maxBitrate, int bufferSize) implements RateControl {}

    public record Vbr(int bitrate, int maxBitrate, int bufferSize) implements RateControl {}

    public record Cbr(int bitrate, int bufferSize) implements RateControl {}

    /** One AAC encode, of the input's audio as normalised by {@code loudness} (or not). */
    public record AudioEncode(int bitrate, int sampleRate, int channels, Optional<Loudness> loudness) {}

    /**
     * ITU-R BS.1770 loudness correction (MediaConvert AudioNormalizationSettings with CORRECT_AUDIO):
     * integrated loudness to {@code targetLkfs}, true peaks limited to {@code truePeakDbfs}.
     */
    public record Loudness(double targetLkfs, double truePeakDbfs) {}

    /** An output group: where it goes and what it writes. */
    public sealed interface Group {
        String name();

        String destination();

        List<Output> outputs();
    }

    /** An HLS group: variants, renditions, a master playlist. */
    public record HlsGroup(String name, String destination, Hls hls, List<Output> outputs) implements Group {
        /** This group with other settings and outputs (the benchmark's one-output plans). */
        HlsGroup with(Hls settings, List<Output> only) {
            return new HlsGroup(name, destination, settings, only);
        }
    }

    /** A file group: MP4 files or frame captures. */
    public record FileGroup(String name, String destination, List<Output> outputs) implements Group {}

    /** The HLS group settings that change what the engine writes. */
    public record Hls(
            int segmentLength, boolean integerDurations, boolean includeResolution, Optional<TrickPlay> trickPlay) {
        Hls withTrickPlay(Optional<TrickPlay> t) {
            return new Hls(segmentLength, integerDurations, includeResolution, t);
        }
    }

    /**
     * Image-based trick play (HlsGroupSettings ImageBasedTrickPlay ADVANCED): a thumbnail of
     * {@code scale}'s size every {@code intervalSeconds}, tiled {@code columns}x{@code rows} per JPEG.
     */
    public record TrickPlay(int scale, double intervalSeconds, int columns, int rows, int quality) {
        public double tileSeconds() {
            return intervalSeconds * columns * rows;
        }
    }

    /** One output of a group. */
    public sealed interface Output {
        String nameModifier();
    }

    /**
     * An HLS video variant: its encode, the audio muxed into it if any (the old, muxed layout), the
     * audio rendition group it plays with if any, and whether it gets an I-frame playlist.
     */
    public record Variant(
            String nameModifier,
            int videoEncode,
            OptionalInt muxedAudio,
            Optional<String> audioGroup,
            boolean iFrameManifest)
            implements Output {}

    /**
     * An audio-only HLS rendition, listed in the master as {@code EXT-X-MEDIA:TYPE=AUDIO} with its
     * group, {@code NAME} (the AudioDescription's StreamName) and {@code LANGUAGE}.
     */
    public record AudioRendition(
            String nameModifier,
            int audioEncode,
            String groupId,
            String name,
            AudioLanguage language,
            boolean autoSelect,
            boolean isDefault)
            implements Output {
        AudioRendition withAudioEncode(int encode) {
            return new AudioRendition(nameModifier, encode, groupId, name, language, autoSelect, isDefault);
        }
    }

    /**
     * The language of an audio output as its AudioDescription sets it (MediaConvert's
     * LanguageCodeControl): {@code USE_CONFIGURED} takes the configured code; {@code FOLLOW_INPUT} (the
     * default) the input track's language, or the configured code when the track has none; with neither,
     * no language. The configured code is CustomLanguageCode as written (RFC 5646 for streaming
     * outputs), else LanguageCode (ISO 639-2, written in lower case as in AWS Elemental's manifests).
     */
    public record AudioLanguage(boolean followInput, Optional<String> configured) {
        /** The language written for an input whose first audio track is {@code probe}'s. */
        public Optional<String> of(Probe probe) {
            if (followInput) {
                Optional<String> input = probe.audio().stream()
                        .findFirst()
                        .map(a -> a.language().toLowerCase(java.util.Locale.ROOT))
                        .filter(l -> !l.isBlank() && !l.equals("und"));
                if (input.isPresent()) return input;
            }
            return configured;
        }
    }

    /** An MP4 file. */
    public record Mp4(String nameModifier, int videoEncode, int audioEncode, boolean moovAtFront) implements Output {}

    /** One JPEG every {@code denominator/numerator} seconds, at most {@code maxCaptures}. */
    public record FrameCapture(
            String nameModifier, int scale, int numerator, int denominator, int maxCaptures, int quality)
            implements Output {}

    /**
     * A WebVTT subtitle rendition of an HLS group: segments aligned with the video's, its own
     * playlist, an {@code EXT-X-MEDIA:TYPE=SUBTITLES} entry in the master.
     */
    public record SubtitleRendition(String nameModifier, int source, String language, String name) implements Output {}

    /** A caption file of the input (a caption selector with a sidecar file). */
    public record CaptionSource(String selectorName, String uri, CaptionFormat format) {}

    public enum CaptionFormat {
        WEBVTT,
        SRT
    }
}

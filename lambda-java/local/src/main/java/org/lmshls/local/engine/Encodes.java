package org.lmshls.local.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lmshls.local.engine.EnginePlan.AudioEncode;
import org.lmshls.local.engine.EnginePlan.Cbr;
import org.lmshls.local.engine.EnginePlan.H264;
import org.lmshls.local.engine.EnginePlan.Loudness;
import org.lmshls.local.engine.EnginePlan.Qvbr;
import org.lmshls.local.engine.EnginePlan.RateControl;
import org.lmshls.local.engine.EnginePlan.Scale;
import org.lmshls.local.engine.EnginePlan.Vbr;
import org.lmshls.local.engine.EnginePlan.VideoEncode;
import software.amazon.awssdk.services.mediaconvert.model.AacCodingMode;
import software.amazon.awssdk.services.mediaconvert.model.AacSettings;
import software.amazon.awssdk.services.mediaconvert.model.AntiAlias;
import software.amazon.awssdk.services.mediaconvert.model.AudioCodec;
import software.amazon.awssdk.services.mediaconvert.model.AudioDescription;
import software.amazon.awssdk.services.mediaconvert.model.AudioNormalizationAlgorithmControl;
import software.amazon.awssdk.services.mediaconvert.model.AudioNormalizationSettings;
import software.amazon.awssdk.services.mediaconvert.model.H264CodecProfile;
import software.amazon.awssdk.services.mediaconvert.model.H264GopSizeUnits;
import software.amazon.awssdk.services.mediaconvert.model.H264QualityTuningLevel;
import software.amazon.awssdk.services.mediaconvert.model.H264RateControlMode;
import software.amazon.awssdk.services.mediaconvert.model.H264SceneChangeDetect;
import software.amazon.awssdk.services.mediaconvert.model.H264Settings;
import software.amazon.awssdk.services.mediaconvert.model.ScalingBehavior;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;
import software.amazon.awssdk.services.mediaconvert.model.VideoDescription;

/**
 * The distinct work a job needs, collected while its groups are planned: equal picture sizes,
 * equal H.264 settings on equal sizes and equal AAC settings are each done once.
 */
final class Encodes {
    final List<Scale> scales = new ArrayList<>();
    final List<VideoEncode> videos = new ArrayList<>();
    final List<AudioEncode> audios = new ArrayList<>();
    private final java.util.Set<String> audioSelectors;

    Encodes(java.util.Set<String> audioSelectors) {
        this.audioSelectors = audioSelectors;
    }

    /** The index of the picture size {@code vd} asks for. */
    int scale(VideoDescription vd, String at) throws EngineException {
        if (vd.width() == null || vd.height() == null)
            throw JobPlanner.unsupported(at + ".Width/Height are required by the local engine");
        return scale(new Scale(
                vd.width(),
                vd.height(),
                vd.scalingBehavior() == ScalingBehavior.STRETCH_TO_OUTPUT,
                vd.antiAlias() != AntiAlias.DISABLED));
    }

    int scale(Scale s) {
        return indexOf(scales, s);
    }

    /** The index of the H.264 encode {@code vd} asks for (its size and settings). */
    int video(VideoDescription vd, String at) throws EngineException {
        if (vd.codecSettings().codec() != VideoCodec.H_264) {
            throw JobPlanner.unsupported(at + ".CodecSettings.Codec = " + vd.codecSettings().codecAsString());
        }
        int scale = scale(vd, at);
        if (vd.width() % 2 != 0 || vd.height() % 2 != 0) {
            throw JobPlanner.unsupported(
                    at + " Width/Height must be even for H.264 4:2:0, got " + vd.width() + "x" + vd.height());
        }
        H264 h264 = h264(vd.codecSettings().h264Settings(), at + ".CodecSettings.H264Settings");
        for (int i = 0; i < videos.size(); i++) {
            if (videos.get(i).scale() == scale && videos.get(i).h264().equals(h264)) return i;
        }
        videos.add(new VideoEncode(scale, h264));
        return videos.size() - 1;
    }

    /** The index of the AAC encode {@code ad} asks for. */
    int audio(AudioDescription ad, String at) throws EngineException {
        if (ad.audioSourceName() != null && !audioSelectors.contains(ad.audioSourceName())) {
            throw JobPlanner.unsupported(
                    at + ".AudioSourceName = " + ad.audioSourceName() + " names no audio selector of the input");
        }
        AacSettings aac = ad.codecSettings() == null ? null : ad.codecSettings().aacSettings();
        if (aac == null
                || (ad.codecSettings().codec() != null && ad.codecSettings().codec() != AudioCodec.AAC)) {
            throw JobPlanner.unsupported(
                    at + ".CodecSettings: the local engine encodes AAC only (Codec AAC with AacSettings)");
        }
        return indexOf(
                audios,
                new AudioEncode(
                        or(aac.bitrate(), 96_000),
                        or(aac.sampleRate(), 48_000),
                        aac.codingMode() == AacCodingMode.CODING_MODE_1_0 ? 1 : 2,
                        loudness(ad.audioNormalizationSettings())));
    }

    private static Optional<Loudness> loudness(AudioNormalizationSettings n) {
        if (n == null || n.algorithmControl() == AudioNormalizationAlgorithmControl.MEASURE_ONLY) {
            return Optional.empty();
        }
        // MediaConvert's defaults: -24 LKFS (ATSC A/85), limiter at 0 dBFS.
        double target = n.targetLkfs() == null ? -24 : n.targetLkfs();
        double peak = n.truePeakLimiterThreshold() == null ? 0 : n.truePeakLimiterThreshold();
        return Optional.of(new Loudness(target, peak));
    }

    private static H264 h264(H264Settings s, String at) throws EngineException {
        if (s == null) throw JobPlanner.unsupported(at + " is required");
        H264RateControlMode mode = s.rateControlMode() == null ? H264RateControlMode.QVBR : s.rateControlMode();
        RateControl rate =
                switch (mode) {
                    case QVBR -> {
                        if (s.maxBitrate() == null)
                            throw JobPlanner.unsupported(at + ".MaxBitrate is required with RateControlMode QVBR");
                        // MediaConvert picks a level by resolution when unset; 7 is its 720p choice.
                        int level = s.qvbrSettings() == null || s.qvbrSettings().qvbrQualityLevel() == null
                                ? 7
                                : s.qvbrSettings().qvbrQualityLevel();
                        yield new Qvbr(level, s.maxBitrate(), buffer(s, s.maxBitrate()));
                    }
                    case VBR -> {
                        if (s.bitrate() == null)
                            throw JobPlanner.unsupported(at + ".Bitrate is required with RateControlMode VBR");
                        int max = s.maxBitrate() != null ? s.maxBitrate() : s.bitrate();
                        yield new Vbr(s.bitrate(), max, buffer(s, max));
                    }
                    case CBR -> {
                        if (s.bitrate() == null)
                            throw JobPlanner.unsupported(at + ".Bitrate is required with RateControlMode CBR");
                        yield new Cbr(s.bitrate(), buffer(s, s.bitrate()));
                    }
                    default -> throw JobPlanner.unsupported(at + ".RateControlMode = " + s.rateControlModeAsString());
                };
        H264CodecProfile profile = s.codecProfile() == null ? H264CodecProfile.MAIN : s.codecProfile();
        int bFrames = or(s.numberBFramesBetweenReferenceFrames(), 2);
        if (profile == H264CodecProfile.BASELINE && bFrames > 0) {
            throw JobPlanner.unsupported(at + ".NumberBFramesBetweenReferenceFrames must be 0 with CodecProfile BASELINE");
        }
        return new H264(
                rate,
                profile,
                s.gopSize() == null ? 90 : s.gopSize(),
                s.gopSizeUnits() == H264GopSizeUnits.SECONDS,
                or(s.gopClosedCadence(), 1) > 0,
                bFrames,
                s.sceneChangeDetect() != H264SceneChangeDetect.DISABLED,
                s.qualityTuningLevel() == null ? H264QualityTuningLevel.SINGLE_PASS : s.qualityTuningLevel());
    }

    /** HrdBufferSize, or twice the rate when unset or 0 (x264's -bufsize). */
    private static int buffer(H264Settings s, int rate) {
        return s.hrdBufferSize() != null && s.hrdBufferSize() > 0 ? s.hrdBufferSize() : 2 * rate;
    }

    private static <T> int indexOf(List<T> list, T item) {
        int i = list.indexOf(item);
        if (i >= 0) return i;
        list.add(item);
        return list.size() - 1;
    }

    static int or(Integer v, int fallback) {
        return Objects.requireNonNullElse(v, fallback);
    }
}

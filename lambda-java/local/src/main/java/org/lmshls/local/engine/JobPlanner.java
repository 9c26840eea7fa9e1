package org.lmshls.local.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lmshls.local.engine.EnginePlan.AudioEncode;
import org.lmshls.local.engine.EnginePlan.CaptionFormat;
import org.lmshls.local.engine.EnginePlan.CaptionSource;
import org.lmshls.local.engine.EnginePlan.FrameCapture;
import org.lmshls.local.engine.EnginePlan.Group;
import org.lmshls.local.engine.EnginePlan.GroupType;
import org.lmshls.local.engine.EnginePlan.H264;
import org.lmshls.local.engine.EnginePlan.Hls;
import org.lmshls.local.engine.EnginePlan.Output;
import org.lmshls.local.engine.EnginePlan.OutputType;
import org.lmshls.local.engine.EnginePlan.Scale;
import org.lmshls.local.engine.EnginePlan.Subtitle;
import org.lmshls.local.engine.EnginePlan.VideoEncode;
import software.amazon.awssdk.services.mediaconvert.model.AacSettings;
import software.amazon.awssdk.services.mediaconvert.model.AudioCodec;
import software.amazon.awssdk.services.mediaconvert.model.AudioDescription;
import software.amazon.awssdk.services.mediaconvert.model.AudioSelector;
import software.amazon.awssdk.services.mediaconvert.model.FrameCaptureSettings;
import software.amazon.awssdk.services.mediaconvert.model.H264CodecProfile;
import software.amazon.awssdk.services.mediaconvert.model.H264GopSizeUnits;
import software.amazon.awssdk.services.mediaconvert.model.H264QualityTuningLevel;
import software.amazon.awssdk.services.mediaconvert.model.H264RateControlMode;
import software.amazon.awssdk.services.mediaconvert.model.H264Settings;
import software.amazon.awssdk.services.mediaconvert.model.HlsGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;
import software.amazon.awssdk.services.mediaconvert.model.VideoDescription;

/** JobSettings → {@link EnginePlan}: checks every setting, then removes the repeated work. */
public final class JobPlanner {

    private JobPlanner() {}

    public static EnginePlan plan(JobSettings settings) throws EngineException {
        SupportedSettings.check(settings);
        if (settings.inputs().size() != 1) {
            throw unsupported("Inputs: the local engine supports exactly one input, the job has "
                    + settings.inputs().size());
        }
        Input input = settings.inputs().get(0);
        if (input.fileInput() == null) throw unsupported("Inputs[0].FileInput is required");
        Map<String, AudioSelector> selectors = input.audioSelectors();
        if (selectors.size() > 1) {
            throw unsupported("Inputs[0].AudioSelectors: the local engine supports one audio selector, the job has "
                    + selectors.size());
        }
        boolean autoRotate = input.videoSelector() != null
                && "AUTO".equals(input.videoSelector().rotateAsString());
        List<CaptionSource> captionSources = new ArrayList<>();
        for (var e : input.captionSelectors().entrySet()) {
            String at = "Inputs[0].CaptionSelectors." + e.getKey();
            var src = e.getValue().sourceSettings();
            if (src == null
                    || src.fileSourceSettings() == null
                    || src.fileSourceSettings().sourceFile() == null) {
                throw unsupported(
                        at
                                + ".SourceSettings.FileSourceSettings.SourceFile is required (the local engine reads sidecar caption files only)");
            }
            CaptionFormat format = "SRT".equals(src.sourceTypeAsString())
                    ? CaptionFormat.SRT
                    : "WEBVTT".equals(src.sourceTypeAsString()) ? CaptionFormat.WEBVTT : null;
            if (format == null)
                throw unsupported(
                        at + ".SourceSettings.SourceType = " + src.sourceTypeAsString() + " (supported: WEBVTT, SRT)");
            captionSources.add(
                    new CaptionSource(e.getKey(), src.fileSourceSettings().sourceFile(), format));
        }

        List<Scale> scales = new ArrayList<>();
        List<VideoEncode> videos = new ArrayList<>();
        List<AudioEncode> audios = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        if (settings.outputGroups().isEmpty()) throw unsupported("OutputGroups: the job has no output groups");
        for (int g = 0; g < settings.outputGroups().size(); g++) {
            OutputGroup group = settings.outputGroups().get(g);
            String where = "OutputGroups[" + g + "]";
            var gs = group.outputGroupSettings();
            if (gs == null || gs.typeAsString() == null)
                throw unsupported(where + ".OutputGroupSettings.Type is required");
            boolean isHls = gs.typeAsString().equals("HLS_GROUP_SETTINGS");
            String destination;
            Hls hls = null;
            if (isHls) {
                HlsGroupSettings h = gs.hlsGroupSettings();
                if (h == null || h.destination() == null)
                    throw unsupported(where + ".OutputGroupSettings.HlsGroupSettings.Destination is required");
                destination = h.destination();
                int segment = h.segmentLength() == null ? 10 : h.segmentLength();
                hls = new Hls(
                        segment,
                        !"FLOATING_POINT".equals(h.manifestDurationFormatAsString()),
                        !"EXCLUDE".equals(h.streamInfResolutionAsString()));
            } else {
                if (gs.fileGroupSettings() == null || gs.fileGroupSettings().destination() == null) {
                    throw unsupported(where + ".OutputGroupSettings.FileGroupSettings.Destination is required");
                }
                destination = gs.fileGroupSettings().destination();
            }
            List<Output> outputs = new ArrayList<>();
            if (group.outputs().isEmpty()) throw unsupported(where + ".Outputs: the group has no outputs");
            for (int o = 0; o < group.outputs().size(); o++) {
                var output = group.outputs().get(o);
                String at = where + ".Outputs[" + o + "]";
                String container = output.containerSettings() == null
                        ? null
                        : output.containerSettings().containerAsString();
                String modifier = output.nameModifier() == null ? "" : output.nameModifier();
                if (group.outputs().size() > 1 && modifier.isEmpty()) {
                    throw unsupported(at + ".NameModifier is required when a group has more than one output");
                }
                if (!output.captionDescriptions().isEmpty()) {
                    outputs.add(subtitle(output, at, isHls, container, captionSources));
                    continue;
                }
                VideoDescription vd = output.videoDescription();
                if (vd == null || vd.codecSettings() == null)
                    throw unsupported(
                            at + ".VideoDescription.CodecSettings is required (audio-only outputs are not supported)");
                if (vd.width() == null || vd.height() == null)
                    throw unsupported(at + ".VideoDescription.Width/Height are required by the local engine");
                VideoCodec codec = vd.codecSettings().codec();
                Scale scale = new Scale(
                        vd.width(),
                        vd.height(),
                        "STRETCH_TO_OUTPUT".equals(vd.scalingBehaviorAsString()),
                        !"DISABLED".equals(vd.antiAliasAsString()));
                int scaleIndex = indexOf(scales, scale);
                if (codec == VideoCodec.FRAME_CAPTURE) {
                    if (isHls || !"RAW".equals(container))
                        throw unsupported(at + ": FRAME_CAPTURE needs a file group output with Container RAW");
                    if (!output.audioDescriptions().isEmpty())
                        throw unsupported(at + ".AudioDescriptions: a frame capture output has no audio");
                    FrameCaptureSettings fc = vd.codecSettings().frameCaptureSettings();
                    if (fc == null)
                        throw unsupported(at + ".VideoDescription.CodecSettings.FrameCaptureSettings is required");
                    outputs.add(new Output(
                            OutputType.FRAME_CAPTURE,
                            modifier,
                            -1,
                            -1,
                            false,
                            new FrameCapture(
                                    scaleIndex,
                                    or(fc.framerateNumerator(), 1),
                                    or(fc.framerateDenominator(), 1),
                                    or(fc.maxCaptures(), 10_000),
                                    or(fc.quality(), 80)),
                            null));
                    continue;
                }
                if (codec != VideoCodec.H_264) {
                    throw unsupported(at + ".VideoDescription.CodecSettings.Codec = "
                            + vd.codecSettings().codecAsString());
                }
                if (vd.width() % 2 != 0 || vd.height() % 2 != 0) {
                    throw unsupported(at + ".VideoDescription Width/Height must be even for H.264 4:2:0, got "
                            + vd.width() + "x" + vd.height());
                }
                if (isHls ? !"M3U8".equals(container) : !"MP4".equals(container)) {
                    throw unsupported(at + ".ContainerSettings.Container = " + container + " (expected "
                            + (isHls ? "M3U8" : "MP4") + " in this group)");
                }
                H264 h264 =
                        h264(vd.codecSettings().h264Settings(), at + ".VideoDescription.CodecSettings.H264Settings");
                int videoIndex = encodeIndex(videos, scaleIndex, h264);
                if (output.audioDescriptions().size() != 1) {
                    throw unsupported(at
                            + ".AudioDescriptions: the local engine supports exactly one audio description per video output, found "
                            + output.audioDescriptions().size());
                }
                AudioDescription ad = output.audioDescriptions().get(0);
                if (ad.audioSourceName() != null && !selectors.containsKey(ad.audioSourceName())) {
                    throw unsupported(at + ".AudioDescriptions[0].AudioSourceName = " + ad.audioSourceName()
                            + " names no audio selector of the input");
                }
                AacSettings aac =
                        ad.codecSettings() == null ? null : ad.codecSettings().aacSettings();
                if (aac == null
                        || (ad.codecSettings().codec() != null
                                && ad.codecSettings().codec() != AudioCodec.AAC)) {
                    throw unsupported(
                            at
                                    + ".AudioDescriptions[0].CodecSettings: the local engine encodes AAC only (Codec AAC with AacSettings)");
                }
                AudioEncode audio = new AudioEncode(
                        or(aac.bitrate(), 96_000),
                        or(aac.sampleRate(), 48_000),
                        "CODING_MODE_1_0".equals(aac.codingModeAsString()) ? 1 : 2);
                int audioIndex = indexOf(audios, audio);
                boolean moovFront = output.containerSettings().mp4Settings() == null
                        || !"NORMAL"
                                .equals(output.containerSettings().mp4Settings().moovPlacementAsString());
                outputs.add(new Output(
                        isHls ? OutputType.HLS_VARIANT : OutputType.MP4,
                        modifier,
                        videoIndex,
                        audioIndex,
                        moovFront,
                        null,
                        null));
            }
            if (outputs.stream().anyMatch(o -> o.type() == OutputType.SUBTITLES)
                    && outputs.stream().noneMatch(o -> o.type() == OutputType.HLS_VARIANT)) {
                throw unsupported(
                        where + ": subtitle renditions need a video rendition in the same HLS group to align with");
            }
            String name = group.customName() != null ? group.customName() : group.name();
            groups.add(new Group(isHls ? GroupType.HLS : GroupType.FILE, name, destination, hls, List.copyOf(outputs)));
        }
        return new EnginePlan(
                input.fileInput(),
                autoRotate,
                List.copyOf(scales),
                List.copyOf(videos),
                List.copyOf(audios),
                List.copyOf(groups),
                List.copyOf(captionSources));
    }

    /** A captions-only output of an HLS group: one WebVTT description of one sidecar caption selector. */
    private static Output subtitle(
            software.amazon.awssdk.services.mediaconvert.model.Output output,
            String at,
            boolean isHls,
            String container,
            List<CaptionSource> sources)
            throws EngineException {
        if (!isHls || !"M3U8".equals(container)) {
            throw unsupported(
                    at
                            + ".CaptionDescriptions: the local engine writes captions as WebVTT renditions of an HLS group (Container M3U8) only");
        }
        if (output.videoDescription() != null || !output.audioDescriptions().isEmpty()) {
            throw unsupported(
                    at
                            + ": captions in a video or audio output (embedded or burned in) are not supported; use an output with CaptionDescriptions only");
        }
        if (output.captionDescriptions().size() != 1) {
            throw unsupported(at + ".CaptionDescriptions: one description per subtitle output, found "
                    + output.captionDescriptions().size());
        }
        var d = output.captionDescriptions().get(0);
        if (d.destinationSettings() == null
                || !"WEBVTT".equals(d.destinationSettings().destinationTypeAsString())) {
            throw unsupported(at + ".CaptionDescriptions[0].DestinationSettings.DestinationType must be WEBVTT");
        }
        int source = -1;
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).selectorName().equals(d.captionSelectorName())) source = i;
        }
        if (source < 0) {
            throw unsupported(at + ".CaptionDescriptions[0].CaptionSelectorName = " + d.captionSelectorName()
                    + " names no caption selector of the input");
        }
        String language = d.customLanguageCode() != null
                ? d.customLanguageCode()
                : d.languageCode() != null ? d.languageCodeAsString() : "und";
        String name = d.languageDescription() != null ? d.languageDescription() : language;
        String modifier = output.nameModifier() == null ? "" : output.nameModifier();
        if (modifier.isEmpty()) throw unsupported(at + ".NameModifier is required for a subtitle rendition");
        return new Output(OutputType.SUBTITLES, modifier, -1, -1, false, null, new Subtitle(source, language, name));
    }

    private static H264 h264(H264Settings s, String at) throws EngineException {
        if (s == null) throw unsupported(at + " is required");
        H264RateControlMode mode = s.rateControlMode() == null ? H264RateControlMode.QVBR : s.rateControlMode();
        Integer level = s.qvbrSettings() == null ? null : s.qvbrSettings().qvbrQualityLevel();
        switch (mode) {
            case QVBR -> {
                if (s.maxBitrate() == null) throw unsupported(at + ".MaxBitrate is required with RateControlMode QVBR");
                if (level == null)
                    level = 7; // MediaConvert picks a level by resolution when unset; 7 is its 720p choice
            }
            case VBR, CBR -> {
                if (s.bitrate() == null) throw unsupported(at + ".Bitrate is required with RateControlMode " + mode);
            }
            default -> throw unsupported(at + ".RateControlMode = " + s.rateControlModeAsString());
        }
        H264CodecProfile profile = s.codecProfile() == null ? H264CodecProfile.MAIN : s.codecProfile();
        if (profile == H264CodecProfile.BASELINE && or(s.numberBFramesBetweenReferenceFrames(), 2) > 0) {
            throw unsupported(at + ".NumberBFramesBetweenReferenceFrames must be 0 with CodecProfile BASELINE");
        }
        return new H264(
                mode,
                level,
                s.maxBitrate(),
                s.bitrate(),
                s.hrdBufferSize(),
                profile,
                s.gopSize() == null ? 90 : s.gopSize(),
                s.gopSizeUnits() == H264GopSizeUnits.SECONDS,
                or(s.gopClosedCadence(), 1) > 0,
                or(s.numberBFramesBetweenReferenceFrames(), 2),
                !"DISABLED".equals(s.sceneChangeDetectAsString()),
                s.qualityTuningLevel() == null ? H264QualityTuningLevel.SINGLE_PASS : s.qualityTuningLevel());
    }

    private static int encodeIndex(List<VideoEncode> videos, int scale, H264 h264) {
        for (int i = 0; i < videos.size(); i++) {
            if (videos.get(i).scale() == scale && videos.get(i).h264().equals(h264)) return i;
        }
        // A GOP in seconds is a keyframe every that many seconds whatever the frame rate; HLS
        // segments are then cut at those keyframes, as MediaConvert cuts them at GOP boundaries.
        videos.add(new VideoEncode(scale, h264, h264.gopInSeconds() ? h264.gopSize() : null));
        return videos.size() - 1;
    }

    private static <T> int indexOf(List<T> list, T item) {
        int i = list.indexOf(item);
        if (i >= 0) return i;
        list.add(item);
        return list.size() - 1;
    }

    private static int or(Integer v, int fallback) {
        return Objects.requireNonNullElse(v, fallback);
    }

    private static EngineException unsupported(String message) {
        return new EngineException(EngineException.UNSUPPORTED_SETTINGS, "Unsupported job settings: " + message);
    }
}

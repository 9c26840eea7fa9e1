package org.lmshls.local.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

/**
 * The whitelist of job settings the engine understands. Every field that is set anywhere in
 * {@link JobSettings} is checked against it, so a setting the engine would otherwise ignore fails
 * the job with its path and value instead of producing different output than MediaConvert.
 *
 * <p>Paths use the PascalCase member names of the API (as in job templates) with {@code []}
 * for list elements and {@code *} for map entries.
 */
final class SupportedSettings {

    private static final Predicate<Object> OBJECT = v -> true;
    private static final Predicate<Object> ANY = v -> true;
    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    private record Rule(Predicate<Object> accepts, String supported) {}

    private static void any(String path) {
        RULES.put(path, new Rule(ANY, "any value"));
    }

    private static void object(String path) {
        RULES.put(path, new Rule(OBJECT, ""));
    }

    private static void oneOf(String path, String... values) {
        Set<String> allowed = Set.of(values);
        RULES.put(path, new Rule(v -> allowed.contains(String.valueOf(v)), String.join(", ", values)));
    }

    private static void intRange(String path, long min, long max) {
        RULES.put(
                path,
                new Rule(
                        v -> v instanceof Number n
                                && n.doubleValue() >= min
                                && n.doubleValue() <= max
                                && n.doubleValue() == Math.rint(n.doubleValue()),
                        "a whole number from " + min + " to " + max));
    }

    private static void s3Uri(String path) {
        RULES.put(path, new Rule(v -> String.valueOf(v).startsWith("s3://"), "an s3:// URI"));
    }

    static {
        object("TimecodeConfig");
        oneOf("TimecodeConfig.Source", "ZEROBASED");
        object("Inputs[]");
        s3Uri("Inputs[].FileInput");
        oneOf("Inputs[].TimecodeSource", "ZEROBASED");
        object("Inputs[].VideoSelector");
        oneOf("Inputs[].VideoSelector.Rotate", "DEGREE_0", "AUTO");
        object("Inputs[].AudioSelectors.*");
        oneOf("Inputs[].AudioSelectors.*.DefaultSelection", "DEFAULT");
        // Sidecar caption files (the converter's caption fragment, job-templates/hls-captions.json).
        String selector = "Inputs[].CaptionSelectors.*";
        object(selector);
        RULES.put(
                selector + ".CustomLanguageCode",
                new Rule(v -> String.valueOf(v).matches("[A-Za-z]{3}"), "an ISO 639-2/3 code"));
        object(selector + ".SourceSettings");
        oneOf(selector + ".SourceSettings.SourceType", "WEBVTT", "SRT");
        object(selector + ".SourceSettings.FileSourceSettings");
        s3Uri(selector + ".SourceSettings.FileSourceSettings.SourceFile");
        object("OutputGroups[]");
        any("OutputGroups[].CustomName");
        any("OutputGroups[].Name");
        object("OutputGroups[].OutputGroupSettings");
        oneOf("OutputGroups[].OutputGroupSettings.Type", "HLS_GROUP_SETTINGS", "FILE_GROUP_SETTINGS");
        String hls = "OutputGroups[].OutputGroupSettings.HlsGroupSettings";
        object(hls);
        s3Uri(hls + ".Destination");
        intRange(hls + ".SegmentLength", 1, 3600);
        intRange(hls + ".MinSegmentLength", 0, 0);
        oneOf(hls + ".SegmentLengthControl", "EXACT");
        oneOf(hls + ".DirectoryStructure", "SINGLE_DIRECTORY");
        oneOf(hls + ".SegmentControl", "SEGMENTED_FILES");
        oneOf(hls + ".OutputSelection", "MANIFESTS_AND_SEGMENTS");
        oneOf(hls + ".ManifestDurationFormat", "INTEGER", "FLOATING_POINT");
        oneOf(hls + ".StreamInfResolution", "INCLUDE", "EXCLUDE");
        oneOf(hls + ".CodecSpecification", "RFC_4281", "RFC_6381");
        oneOf(hls + ".ProgramDateTime", "EXCLUDE");
        oneOf(hls + ".ManifestCompression", "NONE");
        oneOf(hls + ".ClientCache", "ENABLED", "DISABLED");
        // Subtitle segments always follow the video's; MediaConvert's default (LARGE_SEGMENTS) does not.
        oneOf(hls + ".CaptionSegmentLengthControl", "MATCH_VIDEO");
        // Tiled thumbnails with an image media playlist; THUMBNAIL's own sizes are not documented.
        oneOf(hls + ".ImageBasedTrickPlay", "NONE", "ADVANCED");
        String trick = hls + ".ImageBasedTrickPlaySettings";
        object(trick);
        oneOf(trick + ".IntervalCadence", "FOLLOW_CUSTOM");
        RULES.put(
                trick + ".ThumbnailInterval",
                new Rule(v -> v instanceof Number n && n.doubleValue() > 0, "a positive number of seconds"));
        intRange(trick + ".ThumbnailWidth", 8, 4096);
        intRange(trick + ".ThumbnailHeight", 2, 4096);
        intRange(trick + ".TileWidth", 1, 512);
        intRange(trick + ".TileHeight", 1, 2048);
        String file = "OutputGroups[].OutputGroupSettings.FileGroupSettings";
        object(file);
        s3Uri(file + ".Destination");
        String out = "OutputGroups[].Outputs[]";
        object(out);
        any(out + ".NameModifier");
        object(out + ".ContainerSettings");
        oneOf(out + ".ContainerSettings.Container", "M3U8", "MP4", "RAW");
        object(out + ".ContainerSettings.M3u8Settings");
        object(out + ".ContainerSettings.Mp4Settings");
        oneOf(out + ".ContainerSettings.Mp4Settings.MoovPlacement", "PROGRESSIVE_DOWNLOAD", "NORMAL");
        String video = out + ".VideoDescription";
        object(video);
        intRange(video + ".Width", 32, 4096);
        intRange(video + ".Height", 32, 4096);
        oneOf(video + ".ScalingBehavior", "DEFAULT", "STRETCH_TO_OUTPUT");
        oneOf(video + ".AntiAlias", "ENABLED", "DISABLED");
        intRange(video + ".Sharpness", 50, 50);
        oneOf(video + ".RespondToAfd", "NONE");
        oneOf(video + ".AfdSignaling", "NONE");
        oneOf(video + ".TimecodeInsertion", "DISABLED");
        oneOf(video + ".ColorMetadata", "INSERT");
        object(video + ".CodecSettings");
        oneOf(video + ".CodecSettings.Codec", "H_264", "FRAME_CAPTURE");
        String h264 = video + ".CodecSettings.H264Settings";
        object(h264);
        oneOf(h264 + ".RateControlMode", "QVBR", "VBR", "CBR");
        object(h264 + ".QvbrSettings");
        intRange(h264 + ".QvbrSettings.QvbrQualityLevel", 1, 10);
        intRange(h264 + ".MaxBitrate", 1000, 1_152_000_000);
        intRange(h264 + ".Bitrate", 1000, 1_152_000_000);
        intRange(h264 + ".HrdBufferSize", 0, 1_152_000_000);
        oneOf(h264 + ".CodecProfile", "BASELINE", "MAIN", "HIGH");
        oneOf(h264 + ".CodecLevel", "AUTO");
        RULES.put(h264 + ".GopSize", new Rule(v -> v instanceof Number n && n.doubleValue() > 0, "a positive number"));
        oneOf(h264 + ".GopSizeUnits", "FRAMES", "SECONDS");
        intRange(h264 + ".GopClosedCadence", 0, Integer.MAX_VALUE);
        intRange(h264 + ".NumberBFramesBetweenReferenceFrames", 0, 7);
        oneOf(h264 + ".SceneChangeDetect", "ENABLED", "DISABLED", "TRANSITION_DETECTION");
        oneOf(h264 + ".FramerateControl", "INITIALIZE_FROM_SOURCE");
        oneOf(h264 + ".ParControl", "INITIALIZE_FROM_SOURCE");
        oneOf(h264 + ".QualityTuningLevel", "SINGLE_PASS", "SINGLE_PASS_HQ", "MULTI_PASS_HQ");
        oneOf(h264 + ".InterlaceMode", "PROGRESSIVE");
        oneOf(h264 + ".Syntax", "DEFAULT");
        intRange(h264 + ".Slices", 1, 1);
        String capture = video + ".CodecSettings.FrameCaptureSettings";
        object(capture);
        intRange(capture + ".FramerateNumerator", 1, 2_147_483_647);
        intRange(capture + ".FramerateDenominator", 1, 2_147_483_647);
        intRange(capture + ".MaxCaptures", 1, 10_000);
        intRange(capture + ".Quality", 1, 100);
        String audio = out + ".AudioDescriptions[]";
        object(audio);
        any(audio + ".AudioSourceName");
        any(audio + ".StreamName");
        // BS.1770 loudness correction: FFmpeg's loudnorm (EBU R128, which measures by BS.1770).
        String norm = audio + ".AudioNormalizationSettings";
        object(norm);
        oneOf(norm + ".Algorithm", "ITU_BS_1770_2", "ITU_BS_1770_3", "ITU_BS_1770_4");
        oneOf(norm + ".AlgorithmControl", "CORRECT_AUDIO");
        RULES.put(
                norm + ".TargetLkfs",
                new Rule(
                        v -> v instanceof Number n && n.doubleValue() >= -59 && n.doubleValue() <= -5,
                        "a loudness from -59 to -5 LKFS"));
        oneOf(norm + ".PeakCalculation", "TRUE_PEAK", "NONE");
        RULES.put(
                norm + ".TruePeakLimiterThreshold",
                new Rule(
                        v -> v instanceof Number n && n.doubleValue() >= -8 && n.doubleValue() <= 0,
                        "a level from -8 to 0 dBFS"));
        oneOf(audio + ".AudioTypeControl", "FOLLOW_INPUT");
        // The language of an audio rendition: its master playlist LANGUAGE (EnginePlan.AudioLanguage).
        oneOf(audio + ".LanguageCodeControl", "FOLLOW_INPUT", "USE_CONFIGURED");
        any(audio + ".LanguageCode");
        any(audio + ".CustomLanguageCode");
        object(audio + ".CodecSettings");
        oneOf(audio + ".CodecSettings.Codec", "AAC");
        String aac = audio + ".CodecSettings.AacSettings";
        object(aac);
        intRange(aac + ".Bitrate", 6000, 1_024_000);
        oneOf(aac + ".CodecProfile", "LC");
        oneOf(aac + ".CodingMode", "CODING_MODE_1_0", "CODING_MODE_2_0");
        oneOf(aac + ".RateControlMode", "CBR");
        oneOf(aac + ".SampleRate", "44100", "48000");
        oneOf(aac + ".RawFormat", "NONE");
        oneOf(aac + ".Specification", "MPEG4");
        String caption = out + ".CaptionDescriptions[]";
        object(caption);
        any(caption + ".CaptionSelectorName");
        any(caption + ".CustomLanguageCode");
        any(caption + ".LanguageDescription");
        object(caption + ".DestinationSettings");
        oneOf(caption + ".DestinationSettings.DestinationType", "WEBVTT");
        object(caption + ".DestinationSettings.WebvttDestinationSettings");
        oneOf(caption + ".DestinationSettings.WebvttDestinationSettings.StylePassthrough", "DISABLED");
        object(out + ".OutputSettings");
        object(out + ".OutputSettings.HlsSettings");
        String hlsOut = out + ".OutputSettings.HlsSettings";
        oneOf(hlsOut + ".IFrameOnlyManifest", "INCLUDE", "EXCLUDE");
        any(hlsOut + ".AudioGroupId");
        any(hlsOut + ".AudioRenditionSets");
        oneOf(
                hlsOut + ".AudioTrackType",
                "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT",
                "ALTERNATE_AUDIO_AUTO_SELECT",
                "ALTERNATE_AUDIO_NOT_AUTO_SELECT");
        oneOf(hlsOut + ".AudioOnlyContainer", "M2TS");
    }

    private SupportedSettings() {}

    /** Throws for the first field that is set and not supported, naming its path and value. */
    static void check(JobSettings settings) throws EngineException {
        walk(settings, "", "");
    }

    private static void walk(SdkPojo pojo, String path, String pattern) throws EngineException {
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            String name = field.memberName();
            visit(value, join(path, name), join(pattern, name));
        }
    }

    private static void visit(Object value, String path, String pattern) throws EngineException {
        if (value == null) return;
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object element : list) {
                visit(element, path + "[" + i++ + "]", pattern + "[]");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                visit(e.getValue(), path + "." + e.getKey(), pattern + ".*");
            }
            return;
        }
        Rule rule = RULES.get(pattern);
        if (value instanceof SdkPojo child) {
            if (rule == null) {
                throw unsupported(path, "is set", "the local engine does not support this group of settings");
            }
            walk(child, path, pattern);
            return;
        }
        if (rule == null) {
            throw unsupported(path, "= " + value, "the local engine does not support this setting");
        }
        if (!rule.accepts().test(value)) {
            throw unsupported(path, "= " + value, "the local engine supports " + rule.supported());
        }
    }

    private static EngineException unsupported(String path, String what, String why) {
        return new EngineException(
                EngineException.UNSUPPORTED_SETTINGS, "Unsupported setting " + path + " " + what + " (" + why + ")");
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}

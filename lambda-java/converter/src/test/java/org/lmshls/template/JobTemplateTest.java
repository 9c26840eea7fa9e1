package org.lmshls.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.mediaconvert.model.AacCodecProfile;
import software.amazon.awssdk.services.mediaconvert.model.AacCodingMode;
import software.amazon.awssdk.services.mediaconvert.model.AudioDescription;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.FrameCaptureSettings;
import software.amazon.awssdk.services.mediaconvert.model.H264CodecProfile;
import software.amazon.awssdk.services.mediaconvert.model.H264GopSizeUnits;
import software.amazon.awssdk.services.mediaconvert.model.H264RateControlMode;
import software.amazon.awssdk.services.mediaconvert.model.H264Settings;
import software.amazon.awssdk.services.mediaconvert.model.HlsGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Mp4MoovPlacement;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;

/** The bundled template against the output contract in ARCHITECTURE.md. */
class JobTemplateTest {

    static final JobSettings T = JobTemplate.bundled();

    static OutputGroup group(String customName) {
        return T.outputGroups().stream()
                .filter(g -> customName.equals(g.customName()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void hlsGroupHasTheFiveRungLadderMidRungFirstWithOneAudioRendition() {
        OutputGroup hls = group("HLS");
        assertEquals(
                OutputGroupType.HLS_GROUP_SETTINGS, hls.outputGroupSettings().type());
        HlsGroupSettings s = hls.outputGroupSettings().hlsGroupSettings();
        assertEquals(6, s.segmentLength());
        assertEquals("SINGLE_DIRECTORY", s.directoryStructureAsString());
        assertEquals("INCLUDE", s.streamInfResolutionAsString());
        assertEquals("RFC_6381", s.codecSpecificationAsString());
        assertEquals("FLOATING_POINT", s.manifestDurationFormatAsString());
        assertEquals("ADVANCED", s.imageBasedTrickPlayAsString());
        assertEquals(160, s.imageBasedTrickPlaySettings().thumbnailWidth());
        assertEquals(90, s.imageBasedTrickPlaySettings().thumbnailHeight());
        List<Output> video =
                hls.outputs().stream().filter(o -> o.videoDescription() != null).toList();
        assertEquals(
                List.of("_540", "_360", "_720", "_234", "_1080"),
                video.stream().map(Output::nameModifier).toList());
        assertEquals(
                List.of(960, 640, 1280, 416, 1920),
                video.stream().map(o -> o.videoDescription().width()).toList());
        assertEquals(
                List.of(540, 360, 720, 234, 1080),
                video.stream().map(o -> o.videoDescription().height()).toList());
        assertEquals(
                List.of(2_000_000, 1_000_000, 3_000_000, 70_000, 5_500_000),
                video.stream().map(o -> h264(o).maxBitrate()).toList());
        for (Output o : video) {
            assertEquals(ContainerType.M3_U8, o.containerSettings().container());
            assertH264Contract(o);
            assertTrue(!o.hasAudioDescriptions() || o.audioDescriptions().isEmpty(), "video variants carry no audio");
            assertEquals("INCLUDE", o.outputSettings().hlsSettings().iFrameOnlyManifestAsString());
            assertEquals("program_audio", o.outputSettings().hlsSettings().audioRenditionSets());
        }
        List<Output> audio =
                hls.outputs().stream().filter(o -> o.videoDescription() == null).toList();
        assertEquals(1, audio.size());
        assertEquals("_audio", audio.get(0).nameModifier());
        assertEquals(
                "program_audio", audio.get(0).outputSettings().hlsSettings().audioGroupId());
        assertEquals(
                "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT",
                audio.get(0).outputSettings().hlsSettings().audioTrackTypeAsString());
        assertAacContract(audio.get(0), 64_000);
    }

    @Test
    void mp4IsProgressive720pWithTheSameEncoding() {
        OutputGroup mp4 = group("MP4");
        assertEquals(
                OutputGroupType.FILE_GROUP_SETTINGS, mp4.outputGroupSettings().type());
        Output o = mp4.outputs().get(0);
        assertEquals(ContainerType.MP4, o.containerSettings().container());
        assertEquals(
                Mp4MoovPlacement.PROGRESSIVE_DOWNLOAD,
                o.containerSettings().mp4Settings().moovPlacement());
        assertEquals(1280, o.videoDescription().width());
        assertEquals(720, o.videoDescription().height());
        assertEquals(3_000_000, h264(o).maxBitrate());
        assertNull(o.nameModifier(), "MP4 is named <name>.mp4");
        assertH264Contract(o);
        assertAacContract(o, 96_000);
    }

    @Test
    void thumbnailsAreA720pJpegEveryFiveSecondsCoveringAFourHourLecture() {
        OutputGroup t = group("Thumbnails");
        Output o = t.outputs().get(0);
        assertEquals(ContainerType.RAW, o.containerSettings().container());
        assertEquals(
                VideoCodec.FRAME_CAPTURE, o.videoDescription().codecSettings().codec());
        assertEquals(1280, o.videoDescription().width());
        assertEquals(720, o.videoDescription().height());
        FrameCaptureSettings f = o.videoDescription().codecSettings().frameCaptureSettings();
        assertEquals(1, f.framerateNumerator());
        assertEquals(5, f.framerateDenominator());
        assertEquals(80, f.quality());
        double secondsPerCapture = (double) f.framerateDenominator() / f.framerateNumerator();
        assertTrue(
                f.maxCaptures() * secondsPerCapture >= 4 * 3600,
                "MaxCaptures " + f.maxCaptures() + " stops thumbnails after " + f.maxCaptures() * secondsPerCapture
                        + " s, less than 4 h");
        // MediaConvert's API model: MaxCaptures is __integerMin1Max10000000.
        assertTrue(f.maxCaptures() <= 10_000_000, "MediaConvert rejects MaxCaptures above 10,000,000");
        assertTrue(!o.hasAudioDescriptions() || o.audioDescriptions().isEmpty(), "no audio in frame captures");
    }

    @Test
    void exactlyThreeGroupsAndOneInput() {
        assertEquals(3, T.outputGroups().size());
        assertEquals(1, T.inputs().size());
        assertTrue(T.inputs().get(0).audioSelectors().containsKey("Audio Selector 1"));
    }

    static H264Settings h264(Output o) {
        assertEquals(VideoCodec.H_264, o.videoDescription().codecSettings().codec());
        return o.videoDescription().codecSettings().h264Settings();
    }

    static void assertH264Contract(Output o) {
        H264Settings h = h264(o);
        assertEquals(H264RateControlMode.QVBR, h.rateControlMode());
        assertEquals(7, h.qvbrSettings().qvbrQualityLevel());
        // MediaConvert cuts HLS segments at GOP boundaries: a GOP in seconds that divides the segment
        // length gives segments of exactly SegmentLength at any frame rate (a GOP in frames does not).
        assertEquals(H264GopSizeUnits.SECONDS, h.gopSizeUnits());
        int segment = group("HLS").outputGroupSettings().hlsGroupSettings().segmentLength();
        double perSegment = segment / h.gopSize();
        assertTrue(
                h.gopSize() > 0 && perSegment == Math.rint(perSegment),
                "GOP " + h.gopSize() + " s does not divide the " + segment + " s HLS segment");
        assertEquals(2.0, h.gopSize());
        assertEquals(H264CodecProfile.HIGH, h.codecProfile());
        assertEquals("INITIALIZE_FROM_SOURCE", h.framerateControlAsString());
    }

    static void assertAacContract(Output o, int bitrate) {
        assertEquals(1, o.audioDescriptions().size());
        AudioDescription a = o.audioDescriptions().get(0);
        // ITU-R BS.1770 loudness normalisation to -16 LKFS (speech on mobile), true peaks at -1.5 dBFS.
        assertEquals("CORRECT_AUDIO", a.audioNormalizationSettings().algorithmControlAsString());
        assertEquals(-16.0, a.audioNormalizationSettings().targetLkfs());
        assertEquals(bitrate, a.codecSettings().aacSettings().bitrate());
        assertEquals(48_000, a.codecSettings().aacSettings().sampleRate());
        assertEquals(AacCodecProfile.LC, a.codecSettings().aacSettings().codecProfile());
        assertEquals(
                AacCodingMode.CODING_MODE_2_0, a.codecSettings().aacSettings().codingMode());
    }

    @Test
    void everyEnumValueInTheTemplateIsKnownToTheSdk() {
        List<String> unknown = new ArrayList<>();
        walk(T, "$", unknown);
        assertEquals(List.of(), unknown, "values MediaConvert would reject");
    }

    /** Visits every model object and calls each enum-typed accessor, collecting UNKNOWN_TO_SDK_VERSION. */
    private static void walk(Object node, String path, List<String> unknown) {
        if (node instanceof SdkPojo pojo) {
            for (Method m : pojo.getClass().getMethods()) {
                if (m.getParameterCount() != 0
                        || m.getDeclaringClass() == Object.class
                        || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                Class<?> r = m.getReturnType();
                try {
                    if (r.isEnum()) {
                        Object v = m.invoke(pojo);
                        if (v != null && ((Enum<?>) v).name().equals("UNKNOWN_TO_SDK_VERSION")) {
                            unknown.add(path + "." + m.getName());
                        }
                    } else if (SdkPojo.class.isAssignableFrom(r)
                            || Collection.class.isAssignableFrom(r)
                            || Map.class.isAssignableFrom(r)) {
                        if (m.getName().equals("sdkFields")
                                || m.getName().startsWith("has")
                                || m.getName().equals("toBuilder")
                                || m.getName().equals("sdkFieldNameToField")) {
                            continue;
                        }
                        walk(m.invoke(pojo), path + "." + m.getName(), unknown);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(path + "." + m.getName(), e);
                }
            }
        } else if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                walk(o, path + "[" + i++ + "]", unknown);
            }
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", unknown));
        }
    }

    @Test
    void anUnknownFieldOrAWrongTypeIsRejectedWithItsNameAndPlace() {
        String[][] table = {
            // JSON | the message starts with
            {
                "{\"OutputGroups\":[{\"Name\":\"x\",\"Outputs\":[{\"VideoDescription\":{\"Widht\":640}}]}]}",
                "unknown field \"Widht\" at $.OutputGroups[0].Outputs[0].VideoDescription"
            },
            {
                "{\"OutputGroups\":[{\"Outputs\":[{\"VideoDescription\":{\"Width\":\"wide\"}}]}]}",
                "invalid value at $.OutputGroups[0].Outputs[0].VideoDescription.Width"
            },
        };
        for (String[] row : table) {
            SdkJson.InvalidSdkJsonException e = assertThrows(
                    SdkJson.InvalidSdkJsonException.class,
                    () -> SdkJson.read(row[0].getBytes(StandardCharsets.UTF_8), JobSettings.class));
            assertTrue(e.getMessage().startsWith(row[1]), e.getMessage());
        }
    }

    @Test
    void malformedJsonIsRejected() {
        assertThrows(
                SdkJson.InvalidSdkJsonException.class,
                () -> SdkJson.read("{\"OutputGroups\": [".getBytes(StandardCharsets.UTF_8), JobSettings.class));
    }

    @Test
    void wireFormatCamelCaseReadsIntoTheSameModel() {
        String json = "{\"role\":\"arn:aws:iam::123456789012:role/mc\",\"clientRequestToken\":\"t\","
                + "\"userMetadata\":{\"assetID\":\"a\"},\"settings\":{\"inputs\":[{\"fileInput\":\"s3://in/a.mp4\"}]}}";
        CreateJobRequest r = SdkJson.read(json.getBytes(StandardCharsets.UTF_8), CreateJobRequest.class);
        assertEquals("arn:aws:iam::123456789012:role/mc", r.role());
        assertEquals("s3://in/a.mp4", r.settings().inputs().get(0).fileInput());
        assertEquals(Map.of("assetID", "a"), r.userMetadata());
    }
}

package org.lmshls.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmshls.template.JobTemplate;
import org.lmshls.template.SdkJson;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

class JobPlannerTest {

    @Test
    void templateNeedsThreeEncodesOneAudioEncodeAndThreeScales() throws Exception {
        EnginePlan plan = JobPlanner.plan(JobTemplate.bundled());
        assertEquals(3, plan.scales().size(), "640x360, 960x540, 1280x720 (frame captures reuse 720p)");
        assertEquals(3, plan.videoEncodes().size(), "the MP4 shares the 720p rung's encode");
        assertEquals(1, plan.audioEncodes().size());
        assertEquals(2.0, plan.videoEncodes().get(2).keyframeEverySeconds(), "GopSize 2 SECONDS: a keyframe every 2 s");
        var mp4 = plan.groups().get(1).outputs().get(0);
        var rung720 = plan.groups().get(0).outputs().get(2);
        assertEquals(rung720.videoEncode(), mp4.videoEncode());
    }

    @Test
    void unsupportedSettingIsNamedWithItsPathAndValue() {
        JobSettings s = SdkJson.read(
                ("{\"Inputs\":[{\"FileInput\":\"s3://b/k.mp4\",\"DeblockFilter\":\"ENABLED\"}],"
                                + "\"OutputGroups\":[]}")
                        .getBytes(),
                JobSettings.class);
        EngineException e = assertThrows(EngineException.class, () -> JobPlanner.plan(s));
        assertEquals(EngineException.UNSUPPORTED_SETTINGS, e.errorCode());
        assertTrue(e.getMessage().contains("Inputs[0].DeblockFilter = ENABLED"), e.getMessage());
    }

    @Test
    void unsupportedValueOfAKnownSettingSaysWhatIsSupported() throws Exception {
        String json;
        try (var in = JobTemplate.class.getClassLoader().getResourceAsStream("job-templates/hls-abr.json")) {
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        JobSettings s = SdkJson.read(
                json.replaceFirst("\"CodecProfile\": \"MAIN\"", "\"CodecProfile\": \"HIGH_10BIT\"")
                        .getBytes(),
                JobSettings.class);
        EngineException e = assertThrows(EngineException.class, () -> JobPlanner.plan(s));
        assertTrue(
                e.getMessage()
                        .contains(
                                "OutputGroups[0].Outputs[0].VideoDescription.CodecSettings.H264Settings.CodecProfile = HIGH_10BIT"),
                e.getMessage());
        assertTrue(e.getMessage().contains("BASELINE, MAIN, HIGH"), e.getMessage());
    }

    @Test
    void defaultScalingLetterboxesAndPillarboxesInsideTheFrame() {
        var s = new EnginePlan.Scale(1280, 720, false, true);
        Probe portrait = new Probe(3, 180, 320, 1, 0, 30, true);
        assertEquals(
                "scale=406:720:flags=bicubic,setsar=1,pad=1280:720:436:0:black",
                FfmpegCommand.scaleFilter(s, portrait, false));
        Probe wide = new Probe(3, 1920, 1080, 1, 0, 30, true);
        assertEquals("scale=1280:720:flags=bicubic,setsar=1", FfmpegCommand.scaleFilter(s, wide, false));
        Probe cinema = new Probe(3, 1920, 800, 1, 0, 30, true);
        assertEquals(
                "scale=1280:534:flags=bicubic,setsar=1,pad=1280:720:0:92:black",
                FfmpegCommand.scaleFilter(s, cinema, false));
    }

    @Test
    void qualityMappingsAreMonotonic() {
        assertEquals(23, FfmpegCommand.crfForQvbr(7));
        assertTrue(FfmpegCommand.crfForQvbr(10) < FfmpegCommand.crfForQvbr(1));
        assertEquals(8, FfmpegCommand.jpegQscale(80));
        assertEquals(2, FfmpegCommand.jpegQscale(100));
        assertEquals(31, FfmpegCommand.jpegQscale(1));
    }

    static JobSettings withCaptions(String selectorExtra, String descriptionExtra) throws Exception {
        String json;
        try (var in = JobTemplate.class.getClassLoader().getResourceAsStream("job-templates/hls-abr.json")) {
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        json = json.replace(
                "\"TimecodeSource\": \"ZEROBASED\",",
                "\"TimecodeSource\": \"ZEROBASED\", \"CaptionSelectors\": {\"Captions en\": "
                        + "{\"CustomLanguageCode\": \"ENG\", \"SourceSettings\": {\"SourceType\": \"SRT\", \"FileSourceSettings\": "
                        + "{\"SourceFile\": \"s3://in/a.en.srt\"" + selectorExtra + "}}}},");
        json = json.replaceFirst(
                "\"Outputs\": \\[",
                "\"Outputs\": [{\"NameModifier\": \"_subtitles_en\", \"ContainerSettings\": {\"Container\": \"M3U8\"}, "
                        + "\"CaptionDescriptions\": [{\"CaptionSelectorName\": \"Captions en\", \"CustomLanguageCode\": \"en\", "
                        + "\"LanguageDescription\": \"English\", \"DestinationSettings\": {\"DestinationType\": \"WEBVTT\""
                        + descriptionExtra + "}}]},");
        return SdkJson.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), JobSettings.class);
    }

    @Test
    void aSidecarCaptionBecomesASubtitleRenditionOfTheHlsGroup() throws Exception {
        EnginePlan plan = JobPlanner.plan(withCaptions("", ""));
        assertEquals(
                List.of(new EnginePlan.CaptionSource("Captions en", "s3://in/a.en.srt", EnginePlan.CaptionFormat.SRT)),
                plan.captionSources());
        EnginePlan.Output sub = plan.groups().get(0).outputs().get(0);
        assertEquals(EnginePlan.OutputType.SUBTITLES, sub.type());
        assertEquals(new EnginePlan.Subtitle(0, "en", "English"), sub.subtitle());
        assertEquals(3, plan.videoEncodes().size(), "no encode for the subtitle rendition");
    }

    @Test
    void captionSettingsTheEngineDoesNotSupportAreNamed() throws Exception {
        EngineException e =
                assertThrows(EngineException.class, () -> JobPlanner.plan(withCaptions(", \"TimeDelta\": 2", "")));
        assertTrue(
                e.getMessage()
                        .contains(
                                "Inputs[0].CaptionSelectors.Captions en.SourceSettings.FileSourceSettings.TimeDelta = 2"),
                e.getMessage());
        e = assertThrows(
                EngineException.class,
                () -> JobPlanner.plan(
                        withCaptions("", ", \"WebvttDestinationSettings\": {\"StylePassthrough\": \"ENABLED\"}")));
        assertTrue(e.getMessage().contains("StylePassthrough = ENABLED"), e.getMessage());
        assertEquals(EngineException.UNSUPPORTED_SETTINGS, e.errorCode());
    }
}

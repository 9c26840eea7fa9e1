package org.lmshls.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmshls.template.JobTemplate;
import org.lmshls.template.SdkJson;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

class JobPlannerTest {

    @Test
    void templateSharesEveryRepeatedPieceOfWork() throws Exception {
        EnginePlan plan = JobPlanner.plan(JobTemplate.bundled());
        assertEquals(
                List.of("160x90", "960x540", "640x360", "1280x720", "416x234", "1920x1080"),
                plan.scales().stream().map(s -> s.width() + "x" + s.height()).toList(),
                "the frame captures reuse 720p; 160x90 is the trick-play thumbnail");
        assertEquals(5, plan.videoEncodes().size(), "the MP4 shares the 720p rung's encode");
        assertEquals(2, plan.audioEncodes().size(), "64 kb/s for the HLS audio rendition, 96 kb/s for the MP4");
        assertEquals(
                plan.audioEncodes().get(0).loudness(),
                plan.audioEncodes().get(1).loudness(),
                "one loudness treatment, split to both encodes");
        assertEquals(
                java.util.Optional.of(new EnginePlan.Loudness(-16, -1.5)),
                plan.audioEncodes().get(0).loudness());
        assertEquals(2.0, plan.videoEncodes().get(2).keyframeEverySeconds().orElseThrow(), "GopSize 2 SECONDS");
        var hls = (EnginePlan.HlsGroup) plan.groups().get(0);
        assertEquals(6, hls.hls().segmentLength());
        assertTrue(!hls.hls().integerDurations());
        assertEquals(
                new EnginePlan.TrickPlay(0, 5.0, 5, 5, HlsGroupPlanner.TRICK_PLAY_QUALITY),
                hls.hls().trickPlay().orElseThrow());
        var rung720 = (EnginePlan.Variant) hls.outputs().get(2);
        assertEquals(java.util.Optional.of("program_audio"), rung720.audioGroup());
        assertTrue(rung720.muxedAudio().isEmpty() && rung720.iFrameManifest());
        var audio = (EnginePlan.AudioRendition) hls.outputs().get(5);
        assertEquals(
                new EnginePlan.AudioRendition(
                        "_audio",
                        0,
                        "program_audio",
                        "Lecture audio",
                        new EnginePlan.AudioLanguage(false, java.util.Optional.of("en")),
                        true,
                        true),
                audio);
        var mp4 = (EnginePlan.Mp4) plan.groups().get(1).outputs().get(0);
        assertEquals(rung720.videoEncode(), mp4.videoEncode());
    }

    @Test
    void theSeedLadderWithMuxedAudioStillPlans() throws Exception {
        JobSettings seed;
        try (var in = getClass().getResourceAsStream("/templates/seed-ladder-muxed-audio.json")) {
            seed = SdkJson.read(in.readAllBytes(), JobSettings.class);
        }
        EnginePlan plan = JobPlanner.plan(seed);
        var hls = (EnginePlan.HlsGroup) plan.groups().get(0);
        assertEquals(3, hls.outputs().size());
        for (var o : hls.outputs()) {
            var v = (EnginePlan.Variant) o;
            assertTrue(v.muxedAudio().isPresent() && v.audioGroup().isEmpty() && !v.iFrameManifest());
        }
        assertTrue(hls.hls().integerDurations() && hls.hls().trickPlay().isEmpty());
        assertEquals(1, plan.audioEncodes().size());
        assertTrue(plan.audioEncodes().get(0).loudness().isEmpty());
    }

    /** The template with {@code from} replaced by {@code to}, planned. */
    static EnginePlan planEdited(String from, String to) throws Exception {
        return JobPlanner.plan(settings(bundledJson().replace(from, to)));
    }

    /** Planning the template with {@code from} replaced by {@code to} fails with a message containing {@code says}. */
    static void refused(String from, String to, String says) throws Exception {
        EngineException e = refused(settings(bundledJson().replace(from, to)));
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void aVariantNamingAnAudioGroupNoOutputHasFails() throws Exception {
        refused(
                "\"AudioGroupId\": \"program_audio\"",
                "\"AudioGroupId\": \"other\"",
                "names audio group program_audio");
    }

    @Test
    void anAudioOnlyVariantStreamIsRefusedByName() throws Exception {
        refused(
                "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT",
                "AUDIO_ONLY_VARIANT_STREAM",
                "AudioTrackType = AUDIO_ONLY_VARIANT_STREAM");
    }

    static EnginePlan.AudioLanguage audioLanguage(EnginePlan plan) {
        return ((EnginePlan.AudioRendition) plan.groups().get(0).outputs().get(5)).language();
    }

    static Probe withAudioLanguage(String language) {
        Probe p = Probe.plain(3, 1280, 720, 25, true);
        return new Probe(
                3, 1280, 720, 1, 0, 25, true, p.video(), List.of(new Probe.AudioStream(2, "AAC", 2, 48_000, language)));
    }

    @Test
    void theAudioRenditionsLanguageFollowsLanguageCodeControl() throws Exception {
        // The template: USE_CONFIGURED with CustomLanguageCode "en", whatever the input's track says.
        EnginePlan.AudioLanguage configured = audioLanguage(JobPlanner.plan(JobTemplate.bundled()));
        assertEquals(java.util.Optional.of("en"), configured.of(withAudioLanguage("DEU")));
        assertEquals(java.util.Optional.of("en"), configured.of(Probe.plain(3, 1280, 720, 25, false)));
        // FOLLOW_INPUT: the input track's language, else the configured LanguageCode (ISO 639-2, lower case).
        EnginePlan.AudioLanguage follow = audioLanguage(planEdited(
                "\"LanguageCodeControl\": \"USE_CONFIGURED\",\n              \"CustomLanguageCode\": \"en\"",
                "\"LanguageCodeControl\": \"FOLLOW_INPUT\",\n              \"LanguageCode\": \"ENG\""));
        assertEquals(java.util.Optional.of("deu"), follow.of(withAudioLanguage("DEU")));
        assertEquals(java.util.Optional.of("eng"), follow.of(withAudioLanguage("UND")));
        // Neither an input language nor a configured one: no LANGUAGE, as MediaConvert writes none.
        EnginePlan.AudioLanguage none = audioLanguage(planEdited(
                ",\n              \"LanguageCodeControl\": \"USE_CONFIGURED\",\n              \"CustomLanguageCode\": \"en\"",
                ""));
        assertTrue(none.of(withAudioLanguage("UND")).isEmpty());
    }

    @Test
    void theMasterWritesTheAudioRenditionsLanguageAndName() {
        MasterPlaylist m = new MasterPlaylist();
        m.add(new MasterPlaylist.Rendition(
                "AUDIO", "program_audio", "Lecture audio", "en", true, true, "2", "intro_audio.m3u8"));
        assertTrue(
                m.render()
                        .contains(
                                "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"program_audio\",LANGUAGE=\"en\","
                                        + "NAME=\"Lecture audio\",AUTOSELECT=YES,DEFAULT=YES,CHANNELS=\"2\",URI=\"intro_audio.m3u8\"\n"),
                m.render());
    }

    static String bundledJson() throws Exception {
        try (var in = JobTemplate.class.getClassLoader().getResourceAsStream("job-templates/hls-abr.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Job settings from MediaConvert JSON, as the SDK reads them. */
    static JobSettings settings(String json) {
        return SdkJson.read(json.getBytes(StandardCharsets.UTF_8), JobSettings.class);
    }

    /** The planner's refusal of these settings. */
    static EngineException refused(JobSettings settings) {
        return assertThrows(EngineException.class, () -> JobPlanner.plan(settings));
    }

    @Test
    void unsupportedSettingIsNamedWithItsPathAndValue() {
        EngineException e = refused(settings(
                "{\"Inputs\":[{\"FileInput\":\"s3://b/k.mp4\",\"DeblockFilter\":\"ENABLED\"}],\"OutputGroups\":[]}"));
        assertEquals(EngineException.UNSUPPORTED_SETTINGS, e.errorCode());
        assertTrue(e.getMessage().contains("Inputs[0].DeblockFilter = ENABLED"), e.getMessage());
    }

    @Test
    void unsupportedValueOfAKnownSettingSaysWhatIsSupported() throws Exception {
        EngineException e = refused(
                settings(bundledJson().replaceFirst("\"CodecProfile\": \"HIGH\"", "\"CodecProfile\": \"HIGH_10BIT\"")));
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
        var portrait = VideoGraph.fit(s, Probe.plain(3, 180, 320, 30, true), false);
        assertEquals("scale=406:720:flags=bicubic,setsar=1", portrait.scale());
        assertEquals(java.util.Optional.of("pad=1280:720:436:0:black"), portrait.pad());
        var wide = VideoGraph.fit(s, Probe.plain(3, 1920, 1080, 30, true), false);
        assertEquals("scale=1280:720:flags=bicubic,setsar=1", wide.scale());
        assertTrue(wide.pad().isEmpty());
        var cinema = VideoGraph.fit(s, Probe.plain(3, 1920, 800, 30, true), false);
        assertEquals("scale=1280:534:flags=bicubic,setsar=1", cinema.scale());
        assertEquals(java.util.Optional.of("pad=1280:720:0:92:black"), cinema.pad());
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
        String json = bundledJson()
                .replace(
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
        return settings(json);
    }

    @Test
    void aSidecarCaptionBecomesASubtitleRenditionOfTheHlsGroup() throws Exception {
        EnginePlan plan = JobPlanner.plan(withCaptions("", ""));
        assertEquals(
                List.of(new EnginePlan.CaptionSource("Captions en", "s3://in/a.en.srt", EnginePlan.CaptionFormat.SRT)),
                plan.captionSources());
        EnginePlan.Output sub = plan.groups().get(0).outputs().get(0);
        assertEquals(new EnginePlan.SubtitleRendition("_subtitles_en", 0, "en", "English"), sub);
        assertEquals(5, plan.videoEncodes().size(), "no encode for the subtitle rendition");
    }

    @Test
    void captionSettingsTheEngineDoesNotSupportAreNamed() throws Exception {
        EngineException e = refused(withCaptions(", \"TimeDelta\": 2", ""));
        assertTrue(
                e.getMessage()
                        .contains(
                                "Inputs[0].CaptionSelectors.Captions en.SourceSettings.FileSourceSettings.TimeDelta = 2"),
                e.getMessage());
        e = refused(withCaptions("", ", \"WebvttDestinationSettings\": {\"StylePassthrough\": \"ENABLED\"}"));
        assertTrue(e.getMessage().contains("StylePassthrough = ENABLED"), e.getMessage());
        assertEquals(EngineException.UNSUPPORTED_SETTINGS, e.errorCode());
    }
}

package org.lmshls.local.mediaconvert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmshls.converter.Captions;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.BadRequestException;
import software.amazon.awssdk.services.mediaconvert.model.CaptionSelector;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;

/**
 * The local MediaConvert API is no kinder than the service: a CreateJob that breaks MediaConvert's
 * published model or its documented rules is refused with the service's error (HTTP 400,
 * {@code BadRequestException}, a message naming the member's path), and no job is created. Spoken
 * to through the real SDK client; the bad requests are the converter's own request for a video
 * with captions, with one thing changed the way an upload's file name could change it.
 */
class LocalApiRefusesWhatMediaConvertRefusesTest {
    static JobService service;
    static MediaConvertServer api;
    static MediaConvertClient client;
    static final Captions CAPTIONS = Captions.bundled();

    @BeforeAll
    static void start() throws Exception {
        ConverterRequestsConformanceTest.load();
        service = LocalApiFixture.service(Duration.ofMillis(100));
        api = MediaConvertServer.start(0, service, null, ServiceModel.installed());
        client = LocalApiFixture.client(api.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        LocalApiFixture.closeAll(client, api, service);
    }

    /** The converter's request for intro.mp4 with one English WebVTT file (which MediaConvert accepts). */
    static CreateJobRequest withEnglishCaptions() {
        var video = new org.lmshls.converter.S3Upload(
                ConverterRequestsConformanceTest.INPUT,
                "intro.mp4",
                null,
                "0055AED6DCD90281E5",
                "d41d8cd98f00b204e9800998ecf8427e");
        var found = CAPTIONS.forStem("intro", List.of("intro.en.vtt", "intro.mp4"), "en");
        return ConverterRequestsConformanceTest.factory.build(
                video,
                ConverterRequestsConformanceTest.asset("intro.mp4").orElseThrow(),
                found.files(),
                CAPTIONS,
                null,
                org.lmshls.converter.Ladder.Source.unknown("not probed"));
    }

    static BadRequestException refused(CreateJobRequest request) {
        int before = client.listJobs(r -> r.maxResults(20)).jobs().size();
        BadRequestException e = assertThrows(BadRequestException.class, () -> client.createJob(request));
        assertEquals(400, e.statusCode());
        assertEquals("BadRequestException", e.awsErrorDetails().errorCode());
        assertEquals(before, client.listJobs(r -> r.maxResults(20)).jobs().size(), "no job is created");
        return e;
    }

    @Test
    void theConvertersRequestWithEnglishCaptionsIsAccepted() {
        String id = client.createJob(withEnglishCaptions()).job().id();
        assertTrue(id != null && !id.isEmpty());
    }

    @Test
    void aCustomLanguageCodeWithDigitsIsRefusedNamingTheCaptionDescription() {
        CreateJobRequest r = withEnglishCaptions();
        JobSettings s = r.settings();
        OutputGroup hls = s.outputGroups().get(0);
        List<Output> outputs = new java.util.ArrayList<>(hls.outputs());
        int last = outputs.size() - 1;
        Output captions = outputs.get(last);
        outputs.set(
                last,
                captions.toBuilder()
                        .captionDescriptions(captions.captionDescriptions().get(0).toBuilder()
                                .customLanguageCode("es-419")
                                .build())
                        .build());
        BadRequestException e = refused(r.toBuilder()
                .settings(s.toBuilder()
                        .outputGroups(replace(
                                s.outputGroups(),
                                0,
                                hls.toBuilder().outputs(outputs).build()))
                        .build())
                .build());
        assertTrue(
                e.getMessage()
                        .contains("/settings/outputGroups/0/outputs/" + last
                                + "/captionDescriptions/0/customLanguageCode: should match the pattern"),
                e.getMessage());
        assertTrue(e.getMessage().contains("es-419"), e.getMessage());
    }

    @Test
    void aCaptionFileWithAMixedCaseSuffixIsRefusedNamingTheSelectorsSourceFile() {
        CreateJobRequest r = withEnglishCaptions();
        Input in = r.settings().inputs().get(0);
        Map<String, CaptionSelector> selectors = new LinkedHashMap<>(in.captionSelectors());
        CaptionSelector en = selectors.get("Captions en");
        selectors.put(
                "Captions en",
                en.toBuilder()
                        .sourceSettings(en.sourceSettings().toBuilder()
                                .fileSourceSettings(en.sourceSettings().fileSourceSettings().toBuilder()
                                        .sourceFile("s3://" + ConverterRequestsConformanceTest.INPUT + "/intro.fr.Vtt")
                                        .build())
                                .build())
                        .build());
        BadRequestException e =
                refused(withInput(r, in.toBuilder().captionSelectors(selectors).build()));
        assertTrue(
                e.getMessage()
                        .contains(
                                "/settings/inputs/0/captionSelectors/Captions en/sourceSettings/fileSourceSettings/sourceFile: should match the pattern"),
                e.getMessage());
    }

    @Test
    void moreThanAHundredCaptionSelectorsAreRefused() {
        CreateJobRequest r = withEnglishCaptions();
        Input in = r.settings().inputs().get(0);
        CaptionSelector en = in.captionSelectors().get("Captions en");
        Map<String, CaptionSelector> selectors = new LinkedHashMap<>();
        for (int i = 0; i <= DocumentedRules.MAX_CAPTION_SELECTORS; i++) selectors.put("Captions " + i, en);
        selectors.put("Captions en", en);
        BadRequestException e =
                refused(withInput(r, in.toBuilder().captionSelectors(selectors).build()));
        assertTrue(
                e.getMessage()
                        .contains("/settings/inputs/0/captionSelectors: should have at most 100 captions selectors"),
                e.getMessage());
    }

    @Test
    void aCaptionDescriptionNamingNoSelectorIsRefused() {
        CreateJobRequest r = withEnglishCaptions();
        Input in = r.settings().inputs().get(0);
        BadRequestException e =
                refused(withInput(r, in.toBuilder().captionSelectors(Map.of()).build()));
        assertTrue(
                e.getMessage().contains("/captionSelectorName: \"Captions en\" is not a captions selector"),
                e.getMessage());
    }

    static CreateJobRequest withInput(CreateJobRequest r, Input in) {
        return r.toBuilder()
                .settings(r.settings().toBuilder().inputs(in).build())
                .build();
    }

    static <T> List<T> replace(List<T> list, int i, T value) {
        List<T> out = new java.util.ArrayList<>(list);
        out.set(i, value);
        return out;
    }
}

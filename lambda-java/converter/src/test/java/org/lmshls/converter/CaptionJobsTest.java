package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

/**
 * Caption files next to a video, end to end on the wire: objects in a real S3 API server
 * (listed by the converter with signed ListObjectsV2), S3 notifications as the Lambda runtime
 * deserializes them, and the CreateJob bodies the SDK client sent to a loopback MediaConvert.
 */
class CaptionJobsTest {

    static final String INPUT = ConverterHandlerTest.INPUT;
    static LoopbackS3 s3;
    static JobSettings template;
    static final AtomicLong SEQUENCER = new AtomicLong(0x0055AED6DCD90281L);

    /** course/intro.mp4's caption files in three languages, and keys next to them that are not its captions. */
    static final List<String> THREE_LANGUAGES_AND_OTHERS = List.of(
            "course/intro.de.srt",
            "course/intro.pt-br.VTT",
            "course/intro.vtt",
            // Not this video's captions: another video, another suffix, a folder below, no stem.
            "course/intro2.en.vtt",
            "course/intro.en.txt",
            "course/intro/x.en.vtt",
            "course/.en.vtt",
            "intro.fr.vtt");

    RecordingMediaConvert server;
    MediaConvertClient client;
    ConverterHandler handler;

    @BeforeAll
    static void parseTemplateOnce() {
        template = JobTemplate.bundled();
    }

    @BeforeEach
    void start() throws Exception {
        s3 = LoopbackS3.shared();
        server = new RecordingMediaConvert();
        client = server.client(ConverterHandlerTest.CONFIG);
        handler = handler(ConverterHandlerTest.CONFIG, s3.objects());
    }

    ConverterHandler handler(ConverterConfig config, S3Objects listing) {
        return new ConverterHandler(config, client, listing, template);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** Puts the object into S3 and returns the notification S3 would send for it. */
    static S3Event upload(String key) {
        s3.put(INPUT, key, key.endsWith(".mp4") || key.endsWith(".MP4") ? "video bytes" : "WEBVTT\n");
        return event(key, Long.toHexString(SEQUENCER.incrementAndGet()).toUpperCase());
    }

    static S3Event event(String key, String sequencer) {
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
        String json = """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
          "eventTime":"2026-11-25T10:15:30.123Z","eventName":"ObjectCreated:Put",
          "s3":{"s3SchemaVersion":"1.0","configurationId":"converter",
            "bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},
            "object":{"key":"%s","size":11,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"%s"}}}]}
        """.formatted(INPUT, INPUT, encoded, sequencer);
        try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
            return LambdaEventSerializers.serializerFor(S3Event.class, CaptionJobsTest.class.getClassLoader())
                    .fromJson(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<JsonNode> jobs() {
        List<JsonNode> out = new ArrayList<>();
        for (RecordingMediaConvert.Request r : server.requests()) {
            assertEquals("/2017-08-29/jobs", r.path());
            out.add(r.json());
        }
        return out;
    }

    static JsonNode group(JsonNode job, String type) {
        for (JsonNode g : job.path("settings").path("outputGroups")) {
            if (g.path("outputGroupSettings").path("type").asText().equals(type)) {
                return g;
            }
        }
        throw new AssertionError("no " + type + " group in " + job);
    }

    static JsonNode hls(JsonNode job) {
        return group(job, "HLS_GROUP_SETTINGS");
    }

    /** The HLS outputs the template keeps for the default probe answer (1280x720). */
    static List<software.amazon.awssdk.services.mediaconvert.model.Output> fittedFor720() {
        return Ladder.fit(
                template.outputGroups().get(TemplateGroups.of(template).hls()).outputs(),
                Ladder.Source.of(1280, 720, 12.5));
    }

    static int rungsFor720() {
        return Ladder.heights(fittedFor720()).size();
    }

    /** language tag → {format, file, name} as the job says on the wire, checked for consistency. */
    static Map<String, List<String>> captions(JsonNode job) {
        JsonNode input = job.path("settings").path("inputs").get(0);
        JsonNode selectors = input.path("captionSelectors");
        Map<String, List<String>> out = new TreeMap<>();
        int rungs = 0;
        for (JsonNode o : hls(job).path("outputs")) {
            if (!o.has("captionDescriptions")) {
                // A video rung, or the template's audio-only rendition (audio, no video).
                assertTrue(o.has("videoDescription") || o.has("audioDescriptions"), o.toString());
                if (o.has("videoDescription")) {
                    rungs++;
                }
                continue;
            }
            assertFalse(
                    o.has("videoDescription") || o.has("audioDescriptions"),
                    "a subtitle rendition is captions only: " + o);
            assertEquals("M3U8", o.path("containerSettings").path("container").asText());
            JsonNode d = o.path("captionDescriptions");
            assertEquals(1, d.size());
            String lang = d.get(0).path("customLanguageCode").asText();
            assertEquals("_subtitles_" + lang, o.path("nameModifier").asText());
            assertEquals(
                    "WEBVTT",
                    d.get(0).path("destinationSettings").path("destinationType").asText());
            JsonNode sel = selectors.path(d.get(0).path("captionSelectorName").asText());
            assertFalse(sel.isMissingNode(), "the description's selector exists: " + d);
            out.put(
                    lang,
                    List.of(
                            sel.path("sourceSettings").path("sourceType").asText(),
                            sel.path("sourceSettings")
                                    .path("fileSourceSettings")
                                    .path("sourceFile")
                                    .asText(),
                            d.get(0).path("languageDescription").asText()));
        }
        assertEquals(rungsFor720(), rungs, "the template's rungs for the probed 1280x720 source are kept");
        assertEquals(out.size(), selectors.size(), "one selector per caption file: " + selectors);
        return out;
    }

    /** Puts the caption files, uploads the video, returns the job it started. */
    JsonNode jobWith(List<String> captionKeys, String video, InvocationContext context) {
        for (String k : captionKeys) {
            s3.put(INPUT, k, "x");
        }
        handler.handle(upload(video), context);
        return jobs().get(0);
    }

    @Test
    void videoWithoutCaptionsGetsNoSelectorsAndTheTemplatesGroups() {
        handler.handle(upload("intro.mp4"), null);
        JsonNode job = jobs().get(0);
        assertEquals(Map.of(), captions(job));
        assertFalse(job.path("settings").path("inputs").get(0).has("captionSelectors"));
        assertEquals(fittedFor720().size(), hls(job).path("outputs").size());
    }

    @Test
    void oneWebVttFileBecomesOneSelectorAndOneSubtitleRendition() {
        s3.put(INPUT, "intro.en.vtt", "WEBVTT\n");
        handler.handle(upload("intro.mp4"), null);
        JsonNode job = jobs().get(0);
        assertEquals(Map.of("en", List.of("WEBVTT", "s3://" + INPUT + "/intro.en.vtt", "English")), captions(job));
        JsonNode selector = job.path("settings")
                .path("inputs")
                .get(0)
                .path("captionSelectors")
                .path("Captions en");
        assertEquals("ENG", selector.path("customLanguageCode").asText(), selector.toString());
    }

    @Test
    void threeLanguagesInSrtAndVttWithTheDefaultLanguageForAnUntaggedFile() {
        JsonNode job = jobWith(THREE_LANGUAGES_AND_OTHERS, "course/intro.mp4", null);
        assertEquals(
                Map.of(
                        "de", List.of("SRT", "s3://" + INPUT + "/course/intro.de.srt", "Deutsch"),
                        "en", List.of("WEBVTT", "s3://" + INPUT + "/course/intro.vtt", "English"),
                        "pt-BR", List.of("WEBVTT", "s3://" + INPUT + "/course/intro.pt-br.VTT", "Português (Brasil)")),
                captions(job));
    }

    @Test
    void captionsChangeNothingButTheInputsSelectorsAndTheHlsGroupsOutputs() {
        handler.handle(upload("intro.mp4"), null);
        s3.put(INPUT, "intro.en.vtt", "x");
        s3.put(INPUT, "intro.de.srt", "x");
        handler.handle(upload("intro.mp4"), null);
        List<JsonNode> jobs = jobs();
        JsonNode without = jobs.get(0), with = jobs.get(1);
        assertEquals(group(without, "FILE_GROUP_SETTINGS"), group(with, "FILE_GROUP_SETTINGS"));
        assertEquals(
                without.path("settings").path("outputGroups").get(1),
                with.path("settings").path("outputGroups").get(1));
        assertEquals(
                without.path("settings").path("outputGroups").get(2),
                with.path("settings").path("outputGroups").get(2));
        assertEquals(withoutToken(without.path("userMetadata")), withoutToken(with.path("userMetadata")));
        assertEquals(hls(without).path("outputGroupSettings"), hls(with).path("outputGroupSettings"));
        int kept = hls(without).path("outputs").size();
        assertEquals(fittedFor720().size(), kept);
        for (int i = 0; i < kept; i++) {
            assertEquals(
                    hls(without).path("outputs").get(i),
                    hls(with).path("outputs").get(i));
        }
        assertEquals(kept + 2, hls(with).path("outputs").size(), "the two subtitle renditions come after");
    }

    @Test
    void aCaptionUploadedBeforeItsVideoIsSkippedWithOneLineAndJoinsTheVideosJob() {
        InvocationContext context = new InvocationContext(30_000);
        Summary result = handler.handle(upload("talks/week1.de.srt"), context);
        assertEquals(0, server.requests().size(), "no job without the video");
        assertEquals(1, result.skipped());
        List<JsonNode> skipped = context.decisions("skipped");
        assertEquals(1, skipped.size(), context.lines().toString());
        assertEquals("talks/week1.de.srt", skipped.get(0).path("key").asText());
        assertTrue(
                skipped.get(0).path("reason").asText().contains("not uploaded yet"),
                skipped.get(0).toString());

        handler.handle(upload("talks/week1.mp4"), null);
        assertEquals(
                Map.of("de", List.of("SRT", "s3://" + INPUT + "/talks/week1.de.srt", "Deutsch")),
                captions(jobs().get(0)));
    }

    @Test
    void aCaptionUploadedAfterItsVideoStartsANewJobWithAllOfTheVideosCaptions() {
        s3.put(INPUT, "intro.en.vtt", "x");
        handler.handle(upload("intro.mp4"), null);
        S3Event late = upload("intro.de.srt");
        InvocationContext context = new InvocationContext(30_000);
        handler.handle(late, context);
        List<JsonNode> jobs = jobs();
        assertEquals(2, jobs.size());
        JsonNode first = jobs.get(0), second = jobs.get(1);
        assertEquals(List.of("en"), List.copyOf(captions(first).keySet()));
        assertEquals(List.of("de", "en"), List.copyOf(captions(second).keySet()));
        assertEquals(
                "s3://" + INPUT + "/intro.mp4",
                second.path("settings").path("inputs").get(0).path("fileInput").asText());
        assertEquals(
                hls(first).path("outputGroupSettings"), hls(second).path("outputGroupSettings"), "same asset folder");
        assertEquals(withoutToken(first.path("userMetadata")), withoutToken(second.path("userMetadata")));
        assertNotEquals(first.path("clientRequestToken"), second.path("clientRequestToken"));
        JsonNode line = context.decisions("submitted").get(0);
        assertEquals("intro.mp4", line.path("key").asText());
        assertEquals("intro.de.srt", line.path("trigger").asText());

        // Lambda delivers an event more than once at times: this one is older than MediaConvert's
        // token window, so ListJobs finds the job by its token and nothing is submitted again.
        InvocationContext again = new InvocationContext(30_000);
        Summary redelivered = handler.handle(late, again);
        assertEquals(2, jobs().size());
        assertEquals(
                1, again.decisions("already_submitted").size(), again.lines().toString());
        assertTrue(redelivered.submitted().get(0).alreadySubmitted());
    }

    static JsonNode withoutToken(JsonNode metadata) {
        var copy = metadata.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(JobRequestFactory.METADATA_REQUEST_TOKEN);
        return copy;
    }

    @Test
    void aCaptionForTwoCaseVariantsOfAVideoStartsTwoJobsWithDifferentTokens() {
        s3.put(INPUT, "intro.mp4", "v");
        s3.put(INPUT, "intro.MP4", "v");
        handler.handle(upload("intro.en.vtt"), null);
        List<JsonNode> jobs = jobs();
        assertEquals(2, jobs.size());
        assertNotEquals(jobs.get(0).path("clientRequestToken"), jobs.get(1).path("clientRequestToken"));
        assertNotEquals(
                hls(jobs.get(0)).path("outputGroupSettings"), hls(jobs.get(1)).path("outputGroupSettings"));
    }

    @Test
    void aTaggedLookingNameCanBeAnUntaggedCaptionOfADottedVideo() {
        s3.put(INPUT, "lecture.de.mp4", "v");
        handler.handle(upload("lecture.de.vtt"), null);
        JsonNode job = jobs().get(0);
        assertEquals(
                "s3://" + INPUT + "/lecture.de.mp4",
                job.path("settings").path("inputs").get(0).path("fileInput").asText());
        assertEquals(List.of("en"), List.copyOf(captions(job).keySet()));
    }

    @Test
    void theDefaultLanguageComesFromTheConfigurationAndATaggedFileOfItWins() {
        ConverterConfig german = new ConverterConfig(
                ConverterHandlerTest.OUTPUT, ConverterHandlerTest.ROLE, "lms-hls-streaming-test", "us-east-1", "de");
        ConverterHandler h = handler(german, s3.objects());
        s3.put(INPUT, "intro.vtt", "x");
        s3.put(INPUT, "intro.en.srt", "x");
        s3.put(INPUT, "intro.en.vtt", "x");
        h.handle(upload("intro.mp4"), null);
        assertEquals(
                Map.of(
                        "de", List.of("WEBVTT", "s3://" + INPUT + "/intro.vtt", "Deutsch"),
                        "en", List.of("WEBVTT", "s3://" + INPUT + "/intro.en.vtt", "English")),
                captions(jobs().get(0)));
        assertThrows(
                IllegalStateException.class,
                () -> new ConverterConfig(
                        ConverterHandlerTest.OUTPUT, ConverterHandlerTest.ROLE, "x", "us-east-1", "not a tag"));
    }

    @Test
    void aListingOfMoreThanOnePageFindsTheCaptionOnTheLastPage() {
        for (int i = 0; i < 1005; i++) {
            s3.put(INPUT, "big.a%04d.txt".formatted(i), "x");
        }
        s3.put(INPUT, "big.zu.vtt", "x");
        handler.handle(upload("big.mp4"), null);
        assertEquals(
                Map.of("zu", List.of("WEBVTT", "s3://" + INPUT + "/big.zu.vtt", "IsiZulu")), captions(jobs().get(0)));
    }

    @Test
    void aDeniedListingFailsTheRecordWithS3sAnswerAndSubmitsNothing() {
        ConverterHandler h =
                handler(ConverterHandlerTest.CONFIG, s3.objects("us-east-1", LoopbackS3.ACCESS_KEY, "wrong-secret"));
        InvocationContext context = new InvocationContext(30_000);
        ConverterHandler.JobSubmissionException e = assertThrows(
                ConverterHandler.JobSubmissionException.class, () -> h.handle(upload("intro.mp4"), context));
        assertTrue(e.getMessage().contains("intro.mp4"), e.getMessage());
        assertEquals(0, server.requests().size());
        JsonNode line = context.decisions("list_captions_failed").get(0);
        assertEquals(403, line.path("httpStatus").asInt(), line.toString());
        assertEquals("SignatureDoesNotMatch", line.path("errorCode").asText(), line.toString());
        assertEquals(1, line.path("attempts").asInt(), "a denied call is not retried: " + line);
        assertEquals("intro.", line.path("prefix").asText());
    }

    @Test
    void aHungS3EndpointFailsTheRecordWellInsideTheFunctionTimeout() throws Exception {
        long functionTimeoutMs = 8_000;
        try (HungEndpoint hung = new HungEndpoint();
                S3Objects listing = new S3Objects(
                        CallTimeouts.httpClient(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
                        "us-east-1",
                        hung.endpoint())) {
            ConverterHandler h = handler(ConverterHandlerTest.CONFIG, listing);
            InvocationContext context = new InvocationContext(functionTimeoutMs);
            S3Event event = upload("intro.mp4");
            assertTimeoutPreemptively(
                    Duration.ofMillis(functionTimeoutMs),
                    () -> assertThrows(ConverterHandler.JobSubmissionException.class, () -> h.handle(event, context)));
            assertTrue(hung.connections() >= 1);
            JsonNode line = context.decisions("list_captions_failed").get(0);
            assertTrue(
                    List.of("Timeout", "SocketTimeout")
                            .contains(line.path("errorCode").asText()),
                    line.toString());
            assertEquals("intro.mp4", line.path("key").asText());
            assertEquals(0, server.requests().size());
        }
    }

    @Test
    void captionsMediaConvertWouldRejectAreMappedOrLeftOutWithOneLineEachAndTheVideoIsStillConverted() {
        InvocationContext context = new InvocationContext(30_000);
        JsonNode job = jobWith(
                List.of("intro.es-419.vtt", "intro.de-CH-1901.srt", "intro.fr.Vtt", "intro.it.vtt", "intro.es.srt"),
                "intro.mp4",
                context);
        // es-419 maps to es, where the exact es file wins; de-CH-1901 maps to de-CH; .Vtt is left out.
        assertEquals(
                Map.of(
                        "de-CH", List.of("SRT", "s3://" + INPUT + "/intro.de-CH-1901.srt", "Deutsch (Schweiz)"),
                        "es", List.of("SRT", "s3://" + INPUT + "/intro.es.srt", "Español"),
                        "it", List.of("WEBVTT", "s3://" + INPUT + "/intro.it.vtt", "Italiano")),
                captions(job));
        java.util.regex.Pattern language = java.util.regex.Pattern.compile(Captions.MEDIACONVERT_LANGUAGE);
        for (JsonNode o : hls(job).path("outputs")) {
            for (JsonNode d : o.path("captionDescriptions")) {
                assertTrue(
                        language.matcher(d.path("customLanguageCode").asText()).matches(), d.toString());
            }
        }
        Map<String, String> skipped = new TreeMap<>();
        for (JsonNode l : context.decisions("caption_skipped")) {
            skipped.put(l.path("key").asText(), l.path("reason").asText());
        }
        assertEquals(List.of("intro.es-419.vtt", "intro.fr.Vtt"), List.copyOf(skipped.keySet()), skipped.toString());
        assertTrue(skipped.get("intro.fr.Vtt").contains("mixed case"), skipped.toString());
        List<JsonNode> mapped = context.decisions("caption_language_mapped");
        assertEquals(1, mapped.size(), context.lines().toString());
        assertEquals("de-CH-1901", mapped.get(0).path("fileTag").asText());
    }

    @Test
    void atMostOneHundredCaptionSelectorsThePastOnesLoggedAndTheVideoStillConverted() {
        List<String> tags = new ArrayList<>();
        for (char a = 'a'; a <= 'e'; a++) {
            for (char b = 'a'; b <= 'z' && tags.size() < 103; b++) {
                tags.add("" + a + b);
            }
        }
        for (String t : tags) {
            s3.put(INPUT, "many." + t + ".vtt", "x");
        }
        InvocationContext context = new InvocationContext(30_000);
        handler.handle(upload("many.mp4"), context);
        JsonNode job = jobs().get(0);
        assertEquals(
                Captions.MAX_SELECTORS,
                job.path("settings")
                        .path("inputs")
                        .get(0)
                        .path("captionSelectors")
                        .size());
        assertEquals(
                3, context.decisions("caption_skipped").size(), context.lines().toString());
        assertTrue(context.decisions("caption_skipped")
                .get(0)
                .path("reason")
                .asText()
                .contains("at most 100 caption selectors"));
    }
}

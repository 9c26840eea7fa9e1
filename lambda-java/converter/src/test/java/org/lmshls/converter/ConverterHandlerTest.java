package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
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
 * The handler, driven with S3 notification fixtures, talking through the real SDK client to a
 * loopback server that speaks MediaConvert's wire format. Assertions are on what went over HTTP.
 */
class ConverterHandlerTest {

    static final String INPUT = "input-bucket-terraform-lms-hls-streaming";
    static final String OUTPUT = "output-bucket-terraform-lms-hls-streaming";
    static final String ROLE = "arn:aws:iam::123456789012:role/lms-hls-streaming-mediaconvert";
    static final ConverterConfig CONFIG = new ConverterConfig(OUTPUT, ROLE, "lms-hls-streaming-test", "us-east-1");

    static JobSettings template;
    RecordingMediaConvert server;
    MediaConvertClient client;
    ConverterHandler handler;

    static LoopbackS3 s3;

    @BeforeAll
    static void parseTemplateOnce() {
        template = JobTemplate.bundled();
    }

    static ConverterHandler handler(MediaConvertClient client) {
        return new ConverterHandler(CONFIG, client, s3.objects(), template);
    }

    @BeforeEach
    void start() throws Exception {
        s3 = LoopbackS3.shared();
        server = new RecordingMediaConvert();
        client = server.client(CONFIG);
        handler = handler(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private List<RecordingMediaConvert.Request> run(String fixture) {
        S3Event event = EventLoader.loadS3Event("events/" + fixture);
        handler.handle(event, null);
        return server.requests();
    }

    /** The fixture as S3 would send it now: its eventTime is this moment, inside MediaConvert's token window. */
    static S3Event fresh(String fixture) {
        try (var in = ConverterHandlerTest.class.getClassLoader().getResourceAsStream("events/" + fixture)) {
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replaceAll("\"eventTime\": *\"[^\"]+\"", "\"eventTime\": \"" + java.time.Instant.now() + "\"");
            return com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers.serializerFor(
                            S3Event.class, ConverterHandlerTest.class.getClassLoader())
                    .fromJson(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<RecordingMediaConvert.Request> runFresh(String fixture) {
        handler.handle(fresh(fixture), null);
        return server.requests();
    }

    private static JsonNode only(List<RecordingMediaConvert.Request> requests) {
        assertEquals(1, requests.size(), "CreateJob calls");
        RecordingMediaConvert.Request r = requests.get(0);
        assertEquals("POST", r.method());
        assertEquals("/2017-08-29/jobs", r.path());
        return r.json();
    }

    /** The HLS, MP4 and Thumbnails destinations, found by group type on the wire. */
    private static Map<String, String> destinations(JsonNode body) {
        JsonNode groups = body.path("settings").path("outputGroups");
        String hls = null, mp4 = null, thumbs = null;
        for (JsonNode g : groups) {
            JsonNode s = g.path("outputGroupSettings");
            if (s.path("type").asText().equals("HLS_GROUP_SETTINGS")) {
                hls = s.path("hlsGroupSettings").path("destination").asText();
            } else {
                String dest = s.path("fileGroupSettings").path("destination").asText();
                String codec = g.path("outputs")
                        .path(0)
                        .path("videoDescription")
                        .path("codecSettings")
                        .path("codec")
                        .asText();
                if (codec.equals("FRAME_CAPTURE")) {
                    thumbs = dest;
                } else {
                    mp4 = dest;
                }
            }
        }
        return Map.of("HLS", hls, "MP4", mp4, "Thumbnails", thumbs);
    }

    private static void assertPaths(JsonNode body, String inputKey, String assetId, String name) {
        assertEquals(
                "s3://" + INPUT + "/" + inputKey,
                body.path("settings").path("inputs").path(0).path("fileInput").asText());
        Map<String, String> d = destinations(body);
        String root = "s3://" + OUTPUT + "/assets/" + assetId;
        assertEquals(root + "/HLS/" + name, d.get("HLS"));
        assertEquals(root + "/MP4/" + name, d.get("MP4"));
        assertEquals(root + "/Thumbnails/" + name, d.get("Thumbnails"));
        assertEquals(assetId, body.path("userMetadata").path("assetID").asText());
        assertEquals(
                "assets/" + assetId + "/HLS/" + name + ".m3u8",
                body.path("userMetadata").path("masterKey").asText());
        assertEquals(
                "assets/" + assetId + "/Thumbnails/" + name + ".0000000.jpg",
                body.path("userMetadata").path("thumbnailKey").asText());
        assertMetadataWithinMediaConvertLimits(body);
    }

    /** At most 10 pairs, keys of at most 128 and values of at most 256 allowed characters (MediaConvert User Guide). */
    private static void assertMetadataWithinMediaConvertLimits(JsonNode body) {
        JsonNode meta = body.path("userMetadata");
        assertTrue(meta.size() <= 10, "pairs: " + meta.size());
        meta.fieldNames().forEachRemaining(k -> {
            assertTrue(
                    k.length() <= 128
                            && AssetLayoutTest.METADATA_VALUE.matcher(k).matches(),
                    k);
            String v = meta.path(k).asText();
            assertTrue(
                    v.length() <= 256
                            && AssetLayoutTest.METADATA_VALUE.matcher(v).matches(),
                    k + "=" + v);
        });
    }

    @Test
    void plainUploadSubmitsOneSignedJobWithRoleMetadataAndToken() {
        List<RecordingMediaConvert.Request> requests = run("put-plain.json");
        JsonNode body = only(requests);
        assertPaths(body, "intro.mp4", "intro", "intro");
        assertEquals(ROLE, body.path("role").asText());
        assertEquals(
                "lms-hls-streaming-test",
                body.path("userMetadata").path("application").asText());
        String token = body.path("clientRequestToken").asText();
        assertTrue(token.matches("[0-9a-f]{64}"), "token is 64 ASCII hex characters: " + token);
        String auth = requests.get(0).header("Authorization");
        assertNotNull(auth, "request is SigV4-signed");
        assertTrue(auth.contains("/us-east-1/mediaconvert/aws4_request"), auth);
        // The body goes in one write (OneWriteBody): a plain Content-Length, set by the JDK, unsigned.
        assertEquals(
                String.valueOf(requests.get(0).body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                requests.get(0).header("Content-Length"));
        assertEquals(null, requests.get(0).header("Transfer-Encoding"));
        assertTrue(!auth.contains("content-length"), auth);
    }

    /** The Lambda entry: the event's JSON in (as the runtime passes it), the summary's JSON out. */
    @Test
    void theStreamEntryReadsTheEventJsonAndWritesTheSummary() throws Exception {
        byte[] json;
        try (var in = ConverterHandlerTest.class.getClassLoader().getResourceAsStream("events/put-plain.json")) {
            json = in.readAllBytes();
        }
        var out = new java.io.ByteArrayOutputStream();
        handler.handleRequest(new java.io.ByteArrayInputStream(json), out, null);
        JsonNode body = only(server.requests());
        JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toByteArray());
        assertEquals(0, summary.path("skipped").asInt());
        assertEquals(1, summary.path("submitted").size());
        JsonNode s = summary.path("submitted").get(0);
        assertEquals(
                body.path("userMetadata").path("assetID").asText(),
                s.path("assetId").asText());
        assertTrue(s.path("jobId").asText().length() > 0, summary.toString());
        assertFalse(s.path("alreadySubmitted").asBoolean());
        assertTrue(s.path("captions").isArray() && s.path("trigger").isNull(), summary.toString());
    }

    @Test
    void templateIsSentUnchangedApartFromInputAndDestinations() {
        JsonNode body = only(run("put-plain.json"));
        JsonNode groups = body.path("settings").path("outputGroups");
        assertEquals(3, groups.size());
        List<Integer> heights = StreamSupport.stream(
                        groups.get(0).path("outputs").spliterator(), false)
                .map(o -> o.path("videoDescription").path("height").asInt())
                .toList();
        // The template's HLS outputs in its order, less the rungs taller than the probed 1280x720
        // source; the audio-only rendition (no video, height 0 here) stays.
        var template = org.lmshls.template.JobTemplate.bundled();
        var hls = template.outputGroups().get(TemplateGroups.of(template).hls());
        List<Integer> expected = hls.outputs().stream()
                .map(o ->
                        o.videoDescription() == null ? 0 : o.videoDescription().height())
                .filter(h -> h <= 720)
                .toList();
        assertEquals(expected, heights);
        assertTrue(heights.contains(0) && heights.containsAll(List.of(360, 540, 720)), heights.toString());
        assertEquals(
                hls.outputGroupSettings().hlsGroupSettings().segmentLength(),
                groups.get(0)
                        .path("outputGroupSettings")
                        .path("hlsGroupSettings")
                        .path("segmentLength")
                        .asInt());
    }

    @Test
    void keyWithSpacesAndParenthesesIsDecodedBeforeBuildingPaths() {
        assertPaths(
                only(run("put-spaces-parens.json")),
                "Lecture 1 (draft).mp4",
                "Lecture=201=20=28draft=29",
                "Lecture=201=20=28draft=29");
    }

    @Test
    void unicodeKeyIsDecodedAndEscapedByteByByte() {
        assertPaths(
                only(run("put-unicode.json")),
                "Vorlesung über Größe/café ☕.mp4",
                "Vorlesung=20=C3=BCber=20Gr=C3=B6=C3=9Fe/caf=C3=A9=20=E2=98=95",
                "caf=C3=A9=20=E2=98=95");
    }

    @Test
    void encodedPlusIsALiteralPlusNotASpace() {
        assertPaths(only(run("put-literal-plus.json")), "C++ basics.mp4", "C=2B=2B=20basics", "C=2B=2B=20basics");
    }

    @Test
    void nestedFoldersAreKeptInTheAssetId() {
        assertPaths(only(run("put-nested.json")), "course-1/week-2/intro.mp4", "course-1/week-2/intro", "intro");
    }

    @Test
    void onlyTheLastExtensionIsRemoved() {
        assertPaths(only(run("put-several-dots.json")), "talk.v2.final.mp4", "talk.v2.final", "talk.v2.final");
    }

    @Test
    void upperCaseSuffixIsAVideo() {
        String id = "INTRO@" + AssetLayout.hash("INTRO.MP4");
        assertPaths(only(run("put-uppercase-suffix.json")), "INTRO.MP4", id, id);
    }

    @Test
    void caseVariantsOfTheSuffixAreTwoUploadsWithTwoFolders() {
        JsonNode lower = only(run("put-lowercase-intro.json"));
        JsonNode upper = run("put-uppercase-intro.json").get(1).json();
        assertPaths(lower, "intro.mp4", "intro", "intro");
        String id = "intro@" + AssetLayout.hash("intro.MP4");
        assertPaths(upper, "intro.MP4", id, id);
    }

    @Test
    void longNonLatinKeyIsConvertedNotSkipped() {
        String key = "course-1/" + "讲".repeat(55) + ".mp4";
        String id = "course-1/_@" + AssetLayout.hash(key);
        assertPaths(only(run("put-long-cjk.json")), key, id, "_@" + AssetLayout.hash(key));
    }

    @Test
    void nonVideoKeyIsSkippedWithoutAnyCall() {
        assertEquals(List.of(), run("put-not-video.json"));
    }

    @Test
    void objectRemovedIsSkippedWithoutAnyCall() {
        assertEquals(List.of(), run("removed.json"));
    }

    @Test
    void s3TestEventWithoutRecordsIsSkipped() {
        Summary result = handler.handle(EventLoader.loadS3Event("events/s3-test-event.json"), null);
        assertEquals(List.of(), server.requests());
        assertEquals(List.of(), result.submitted());
    }

    @Test
    void everyRecordOfAnEventIsHandledNotOnlyTheFirst() {
        List<RecordingMediaConvert.Request> requests = run("multiple-records.json");
        assertEquals(2, requests.size(), "two videos, the PDF skipped");
        assertPaths(requests.get(0).json(), "week-1/a.mp4", "week-1/a", "a");
        assertPaths(requests.get(1).json(), "week-1/b.mp4", "week-1/b", "b");
        assertNotEquals(
                requests.get(0).json().path("clientRequestToken"),
                requests.get(1).json().path("clientRequestToken"));
    }

    @Test
    void redeliveredRecordCarriesTheSameTokenAndPaths() {
        runFresh("put-spaces-parens.json");
        List<RecordingMediaConvert.Request> requests = runFresh("put-spaces-parens.json");
        assertEquals(2, requests.size());
        JsonNode first = requests.get(0).json();
        JsonNode second = requests.get(1).json();
        assertEquals(first.path("clientRequestToken"), second.path("clientRequestToken"));
        assertEquals(destinations(first), destinations(second));
        assertEquals(first, second, "the whole request is identical");
    }

    @Test
    void anotherVersionOfTheSameKeyGetsAnotherTokenButTheSamePaths() {
        JsonNode versioned = only(run("put-plain.json"));
        List<RecordingMediaConvert.Request> both = run("put-unversioned.json");
        JsonNode unversioned = both.get(1).json();
        assertNotEquals(versioned.path("clientRequestToken"), unversioned.path("clientRequestToken"));
        assertEquals(destinations(versioned), destinations(unversioned));
    }

    @Test
    void newUploadOfTheSameKeyWithVersioningSuspendedGetsANewToken() {
        var first = EventLoader.loadS3Event("events/put-suspended-first.json")
                .getRecords()
                .get(0)
                .getS3()
                .getObject();
        var second = EventLoader.loadS3Event("events/put-suspended-second.json")
                .getRecords()
                .get(0)
                .getS3()
                .getObject();
        assertEquals(List.of("null", "null"), List.of(first.getVersionId(), second.getVersionId()));
        assertEquals(first.geteTag(), second.geteTag(), "the same bytes uploaded again");
        assertNotEquals(first.getSequencer(), second.getSequencer());
        run("put-suspended-first.json");
        List<RecordingMediaConvert.Request> both = run("put-suspended-second.json");
        assertEquals(2, both.size());
        assertNotEquals(
                both.get(0).json().path("clientRequestToken"),
                both.get(1).json().path("clientRequestToken"));
        assertEquals(destinations(both.get(0).json()), destinations(both.get(1).json()));
    }

    @Test
    void redeliveryWithVersioningSuspendedGetsTheSameToken() {
        runFresh("put-suspended-first.json");
        List<RecordingMediaConvert.Request> both = runFresh("put-suspended-first.json");
        assertEquals(both.get(0).json(), both.get(1).json());
    }

    @Test
    void hungEndpointFailsTheInvocationWellInsideTheFunctionTimeoutWithOneLineNamingTheRecord() throws Exception {
        long functionTimeoutMs = 8_000;
        try (HungEndpoint hung = new HungEndpoint();
                MediaConvertClient hungClient = ConverterHandler.clientBuilder(CONFIG)
                        .endpointOverride(hung.endpoint())
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                        .build()) {
            ConverterHandler h = handler(hungClient);
            InvocationContext context = new InvocationContext(functionTimeoutMs);
            S3Event event = EventLoader.loadS3Event("events/put-plain.json");
            // Bounded by the function's timeout: a handler that blocks fails here instead of hanging the build.
            ConverterHandler.JobSubmissionException e = assertTimeoutPreemptively(
                    Duration.ofMillis(functionTimeoutMs),
                    () -> assertThrows(ConverterHandler.JobSubmissionException.class, () -> h.handle(event, context)));
            assertTrue(context.getRemainingTimeInMillis() > 0, "failed before the function's timeout");
            assertTrue(e.getMessage().contains("intro.mp4"), e.getMessage());
            assertTrue(hung.connections() >= 1, "the client did connect");
            List<JsonNode> failed = context.decisions("create_job_failed");
            assertEquals(1, failed.size(), context.lines().toString());
            JsonNode line = failed.get(0);
            assertEquals("ERROR", line.path("level").asText());
            assertEquals(INPUT, line.path("bucket").asText());
            assertEquals("intro.mp4", line.path("key").asText());
            assertEquals("Timeout", line.path("errorCode").asText(), line.toString());
            assertTrue(
                    line.path("apiCallTimeoutMs").asLong() <= functionTimeoutMs - CallTimeouts.RESERVE.toMillis(),
                    line.toString());
        }
    }

    @Test
    void rejectedCallIsLoggedWithStatusErrorCodeAndRequestId() {
        server.failAlways(400, "BadRequestException");
        InvocationContext context = new InvocationContext(30_000);
        S3Event event = EventLoader.loadS3Event("events/put-plain.json");
        assertThrows(ConverterHandler.JobSubmissionException.class, () -> handler.handle(event, context));
        JsonNode line = context.decisions("create_job_failed").get(0);
        assertEquals(400, line.path("httpStatus").asInt(), line.toString());
        assertEquals("BadRequestException", line.path("errorCode").asText());
        assertEquals(RecordingMediaConvert.REQUEST_ID, line.path("requestId").asText());
        assertEquals("intro.mp4", line.path("key").asText());
    }

    @Test
    void noCallIsStartedWhenTheInvocationHasNoTimeLeftForOne() {
        InvocationContext context = new InvocationContext(CallTimeouts.RESERVE.toMillis());
        S3Event event = EventLoader.loadS3Event("events/put-plain.json");
        assertThrows(ConverterHandler.JobSubmissionException.class, () -> handler.handle(event, context));
        assertEquals(List.of(), server.requests());
        // The record's first call is the caption listing: it is not started either.
        assertTrue(context.decisions("list_captions_failed")
                .get(0)
                .path("reason")
                .asText()
                .contains("time left"));
    }

    @Test
    void beforeCheckpointPrimesWithoutAnyRequestLeavingTheProcess() {
        handler.beforeCheckpoint(null);
        assertEquals(List.of(), server.requests(), "priming must not reach the endpoint");
        handler.afterRestore(null);
        only(run("put-plain.json"));
    }

    @Test
    void throttledOrFailingCreateJobFailsTheInvocationAfterTheSdkRetriesWithOneToken() throws Exception {
        for (Object[] failure :
                new Object[][] {{429, "TooManyRequestsException"}, {500, "InternalServerErrorException"}}) {
            try (RecordingMediaConvert failing = new RecordingMediaConvert()) {
                failing.failAlways((int) failure[0], (String) failure[1]);
                ConverterHandler h = failing.converter(s3.objects());
                S3Event event = EventLoader.loadS3Event("events/put-plain.json");
                ConverterHandler.JobSubmissionException e =
                        assertThrows(ConverterHandler.JobSubmissionException.class, () -> h.handle(event, null));
                assertTrue(e.getMessage().contains("intro.mp4"), e.getMessage());
                List<RecordingMediaConvert.Request> attempts = failing.requests();
                assertTrue(attempts.size() > 1, failure[1] + ": the SDK retried, " + attempts.size() + " attempts");
                assertEquals(
                        1,
                        attempts.stream()
                                .map(r -> r.json().path("clientRequestToken"))
                                .distinct()
                                .count(),
                        "every retry carries the same token");
            }
        }
    }

    @Test
    void aFailedRecordDoesNotStopTheOthersFromBeingTried() {
        server.failAlways(400, "BadRequestException");
        S3Event event = EventLoader.loadS3Event("events/multiple-records.json");
        ConverterHandler.JobSubmissionException e =
                assertThrows(ConverterHandler.JobSubmissionException.class, () -> handler.handle(event, null));
        assertTrue(e.getMessage().startsWith("2 of 3 records"), e.getMessage());
        assertEquals(2, server.requests().size(), "a 400 is not retried; both videos were tried");
    }
}

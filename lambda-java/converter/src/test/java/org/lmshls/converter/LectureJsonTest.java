package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * PLAN C2: after CreateJob the converter writes {@code assets/<assetId>/lecture.json} into the
 * output bucket of a real S3 API (S3Proxy), read back here with the SDK's own S3 client; the title
 * comes from the upload's {@code x-amz-meta-title} (HeadObject), else from its file name.
 */
class LectureJsonTest {

    static final String INPUT = ConverterHandlerTest.INPUT;
    static final String OUTPUT = ConverterHandlerTest.OUTPUT;
    static LoopbackS3 s3;
    static S3Client sdk;

    RecordingMediaConvert server;
    ConverterHandler handler;

    @BeforeAll
    static void sdkClient() throws Exception {
        s3 = LoopbackS3.shared();
        sdk = S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LoopbackS3.ACCESS_KEY, LoopbackS3.SECRET_KEY)))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void closeSdkClient() {
        sdk.close();
    }

    @BeforeEach
    void start() throws Exception {
        s3 = LoopbackS3.shared();
        server = new RecordingMediaConvert();
        handler = server.converter(s3.objects());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static JsonNode json(byte[] bytes) {
        try {
            return new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void upload(String key, Map<String, String> metadata) {
        sdk.putObject(b -> b.bucket(INPUT).key(key).metadata(metadata), RequestBody.fromString("video"));
    }

    @Test
    void theManifestCarriesTheTitleFromTheUploadsMetadataAndEveryPathRelativeToTheAsset() throws Exception {
        // Non-ASCII metadata travels RFC 2047-encoded, as S3 stores and returns it for REST clients.
        String title = "Vorlesung 3: Räder";
        upload(
                "course/Vorlesung 3.mp4",
                Map.of(
                        "title",
                        "=?UTF-8?B?"
                                + java.util.Base64.getEncoder()
                                        .encodeToString(title.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                + "?="));
        sdk.putObject(b -> b.bucket(INPUT).key("course/Vorlesung 3.de.vtt"), RequestBody.fromString("WEBVTT\n"));
        server.probeAnswers(1920, 1080, 5400.25);
        Summary summary = handler.handle(ExactlyOnceTest.uploadAt("course/Vorlesung+3.mp4", Instant.now(), "0E"), null);

        String assetId = "course/Vorlesung=203";
        var got = sdk.getObjectAsBytes(b -> b.bucket(OUTPUT).key("assets/" + assetId + "/lecture.json"));
        assertEquals("application/json", got.response().contentType());
        assertEquals(LectureManifest.CACHE_CONTROL, got.response().cacheControl());
        String jobId = summary.submitted().get(0).jobId();
        assertEquals(
                json(("""
                {"version":1,"assetId":"course/Vorlesung=203","title":"Vorlesung 3: Räder","status":"SUBMITTED",
                 "master":"HLS/Vorlesung=203.m3u8","mp4":"MP4/Vorlesung=203.mp4","downloadName":"Vorlesung 3.mp4",
                 "poster":"Thumbnails/Vorlesung=203.0000000.jpg",
                 "thumbnails":{"prefix":"Thumbnails/Vorlesung=203.","digits":7,"suffix":".jpg","intervalSeconds":5},
                 "captions":[{"language":"de","name":"Deutsch","playlist":"HLS/Vorlesung=203_subtitles_de.m3u8"}],
                 "durationSeconds":5400.25,"jobId":"%s"}
                """).formatted(jobId).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                json(got.asByteArray()));
        // Each path is one the job request names: the master and caption playlists under its HLS destination.
        JsonNode job = server.requests().get(0).json();
        assertEquals(
                "s3://" + OUTPUT + "/assets/" + assetId + "/HLS/Vorlesung=203",
                CaptionJobsTest.hls(job)
                        .path("outputGroupSettings")
                        .path("hlsGroupSettings")
                        .path("destination")
                        .asText());
    }

    @Test
    void withoutATitleTheFileNameIsTheTitleAndAFailedProbeLeavesTheDurationNull() {
        upload("intro.MP4", Map.of());
        server.probeFails();
        handler.handle(ExactlyOnceTest.uploadAt("intro.MP4", Instant.now(), "0F"), null);
        String assetId = AssetLayout.forKey("intro.MP4", ".MP4").assetId();
        JsonNode m = json(s3.get(OUTPUT, "assets/" + assetId + "/lecture.json"));
        assertEquals("intro", m.path("title").asText());
        assertEquals("intro.mp4", m.path("downloadName").asText());
        assertEquals(assetId, m.path("assetId").asText());
        assertNull(m.get("durationSeconds").textValue());
        assertEquals(true, m.get("durationSeconds").isNull());
        assertEquals(0, m.path("captions").size());
    }
}

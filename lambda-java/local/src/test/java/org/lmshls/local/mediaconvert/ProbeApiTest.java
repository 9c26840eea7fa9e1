package org.lmshls.local.mediaconvert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmshls.local.Pipeline;
import org.lmshls.local.engine.Ffmpeg;
import org.lmshls.local.engine.ObjectLocation;
import org.lmshls.local.s3.LocalS3;
import org.lmshls.local.s3.S3Credentials;
import org.lmshls.local.s3.S3Storage;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.BadRequestException;
import software.amazon.awssdk.services.mediaconvert.model.Codec;
import software.amazon.awssdk.services.mediaconvert.model.ProbeResult;
import software.amazon.awssdk.services.mediaconvert.model.Track;
import software.amazon.awssdk.services.mediaconvert.model.TrackType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * MediaConvert's Probe ({@code POST /2017-08-29/probe}) on the local API, called with the SDK's
 * unchanged {@code MediaConvertClient.probe}: ffprobe's view of an S3 object in the service's
 * shapes (container, tracks with video and audio properties, frame rate, size).
 */
class ProbeApiTest {
    @TempDir
    static Path dir;

    static LocalS3 localS3;
    static S3Client s3;
    static JobService service;
    static MediaConvertServer api;
    static MediaConvertClient client;

    @BeforeAll
    static void start() throws Exception {
        localS3 = LocalS3.start(dir.resolve("data"), 0, S3Credentials.LOCAL, o -> {});
        s3 = S3Storage.client(localS3.endpoint(), "us-east-1", S3Credentials.LOCAL.provider());
        s3.createBucket(r -> r.bucket("input-bucket"));
        Ffmpeg ffmpeg = Ffmpeg.resolve(null, Ffmpeg.defaultCacheRoot());
        Path clip = Pipeline.clip(ffmpeg, dir.resolve("clip.mp4"), 2, "320x180", "30000/1001", 48000, "-ac", "2");
        s3.putObject(
                r -> r.bucket("input-bucket").key("talks/clip.mp4").contentType("video/mp4"),
                RequestBody.fromFile(clip));
        S3Storage storage = new S3Storage(s3);
        service = LocalApiFixture.service(Duration.ofMillis(10));
        api = MediaConvertServer.start(
                0,
                service,
                new FfprobeInputProbe(
                        ffmpeg, (uri, to) -> storage.download(ObjectLocation.parse(uri), to), dir.resolve("probe")),
                ServiceModel.installed());
        client = LocalApiFixture.client(api.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        LocalApiFixture.closeAll(client, api, service, s3, localS3);
    }

    @Test
    void probeDescribesTheContainerAndEachTrackInTheServicesShapes() {
        List<ProbeResult> results = client.probe(r -> r.inputFiles(f -> f.fileUrl("s3://input-bucket/talks/clip.mp4")))
                .probeResults();
        assertEquals(1, results.size());
        ProbeResult r = results.get(0);
        assertEquals("mp4", r.container().formatAsString());
        assertEquals(2.0, r.container().duration(), 0.1);
        Track video = first(r, TrackType.VIDEO);
        assertEquals(Codec.AVC, video.codec());
        assertEquals(320, video.videoProperties().width());
        assertEquals(180, video.videoProperties().height());
        assertEquals(30000, video.videoProperties().frameRate().numerator());
        assertEquals(1001, video.videoProperties().frameRate().denominator());
        Track audio = first(r, TrackType.AUDIO);
        assertEquals(Codec.AAC, audio.codec());
        assertEquals(2, audio.audioProperties().channels());
        assertEquals(48000, audio.audioProperties().sampleRate());
        assertEquals(List.of(video.index()), r.trackMappings().get(0).videoTrackIndexes());
        assertTrue(r.metadata().fileSize() > 1000, "the object's size");
        assertEquals("video/mp4", r.metadata().mimeType());
    }

    private static Track first(ProbeResult r, TrackType type) {
        return r.container().tracks().stream()
                .filter(t -> t.trackType() == type)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void probingAMissingObjectIsABadRequestNamingTheFile() {
        BadRequestException e = assertThrows(
                BadRequestException.class,
                () -> client.probe(r -> r.inputFiles(f -> f.fileUrl("s3://input-bucket/nothing-here.mp4"))));
        assertEquals(400, e.statusCode());
        assertTrue(e.getMessage().contains("/inputFiles/0/fileUrl"), e.getMessage());
    }
}

package org.lmshls.converter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.lmshls.converter.log.Log;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;

/**
 * SnapStart priming, run once from {@link ConverterHandler#beforeCheckpoint} and nowhere else:
 * load and run what the first event needs, so the snapshot holds it.
 *
 * <p>Lambda resumes many environments from one snapshot, so nothing unique may be created before
 * it (AWS Lambda Developer Guide, "Handling uniqueness with Lambda SnapStart"). The converter
 * creates nothing random during init; its token is derived from the event. Priming therefore
 * never touches the network: no socket, DNS answer or credential is captured, and the real
 * clients open their first connections after the restore. The JDK's default TLS context (trust
 * store, no session) is set up here; it holds nothing per environment.
 */
final class Priming {

    private Priming() {}

    static void beforeCheckpoint(JobRequestFactory jobs, Captions captions) {
        S3Upload video = new S3Upload("prime", "prime.mp4", null, null, null);
        AssetLayout asset = AssetLayout.forKey("prime.mp4", ".mp4");
        List<Captions.CaptionFile> files =
                captions.forStem("prime", List.of("prime.en.vtt"), "en").files();
        var request =
                jobs.build(video, asset, files, captions, video.idempotencyToken(), Ladder.Source.of(1920, 1080, 60.0));
        new LectureManifest(
                        asset,
                        "prime",
                        "prime.mp4",
                        null,
                        jobs.names().mp4Key(asset),
                        jobs.names().thumbnails(),
                        jobs.thumbnailIntervalSeconds(),
                        List.of(),
                        null,
                        "prime")
                .toJson();
        S3Objects.prime();
        Log.info("primed").with("list", List.of("a")).with("n", 1).toJson();
        try (MediaConvertClient client = MediaConvertClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("https://mediaconvert.us-east-1.amazonaws.com"))
                // Placeholder credentials, so requests are signed as real ones are; they reach no one.
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("PRIMING", "priming")))
                .httpClient(new InMemoryAnswer())
                .overrideConfiguration(CallTimeouts::applyDefaults)
                .build()) {
            client.createJob(request);
            client.probe(b -> b.inputFiles(f -> f.fileUrl("s3://prime/prime.mp4")));
            client.listJobs(b -> b.maxResults(20));
        }
        try {
            SSLContext.getDefault();
            HttpsURLConnection.getDefaultSSLSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    /** Answers every request with a small success of the right shape, without a socket. */
    private static final class InMemoryAnswer implements SdkHttpClient {
        private static final byte[] JOB =
                "{\"job\":{\"id\":\"prime\",\"status\":\"SUBMITTED\"}}".getBytes(StandardCharsets.UTF_8);
        private static final byte[] JOBS =
                "{\"jobs\":[{\"id\":\"prime\",\"status\":\"SUBMITTED\",\"userMetadata\":{\"a\":\"b\"}}]}"
                        .getBytes(StandardCharsets.UTF_8);
        private static final byte[] PROBE =
                ("{\"probeResults\":[{\"container\":{\"duration\":1.0,\"tracks\":[{\"trackType\":"
                                + "\"video\",\"videoProperties\":{\"width\":2,\"height\":2}}]}}]}")
                        .getBytes(StandardCharsets.UTF_8);

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    if (request.contentStreamProvider().isPresent()) {
                        try (InputStream body =
                                request.contentStreamProvider().get().newStream()) {
                            body.readAllBytes();
                        }
                    }
                    String path = request.httpRequest().encodedPath();
                    byte[] answer = path.endsWith("/probe")
                            ? PROBE
                            : path.endsWith("/jobs")
                                            && request.httpRequest()
                                                    .method()
                                                    .name()
                                                    .equals("GET")
                                    ? JOBS
                                    : JOB;
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder()
                                    .statusCode(200)
                                    .putHeader("Content-Type", "application/json")
                                    .build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
                            .build();
                }

                @Override
                public void abort() {}
            };
        }

        @Override
        public String clientName() {
            return "InMemoryPriming";
        }

        @Override
        public void close() {}
    }
}

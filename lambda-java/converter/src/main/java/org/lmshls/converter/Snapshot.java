package org.lmshls.converter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * SnapStart support: what the snapshot may hold, and the priming that fills it.
 *
 * <p>Lambda resumes many environments from one snapshot, so nothing unique may be created before
 * it (AWS Lambda Developer Guide, "Handling uniqueness with Lambda SnapStart"). The converter
 * creates nothing random during init; its token is derived from the event. Priming therefore
 * never touches the network: no socket, DNS answer or credential is captured, and the real client
 * opens its first connection after the restore.
 */
final class Snapshot {

    /** Set by Lambda during init: {@code snap-start} when the init is the one that is snapshotted. */
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

    private Snapshot() {}

    /**
     * Whether init itself should prime (build a request and a log line on the side thread). Not when
     * a snapshot follows: {@code beforeCheckpoint} primes then, with no cold start waiting for it.
     */
    static boolean primeDuringInit() {
        return !"snap-start".equals(System.getenv(INITIALIZATION_TYPE));
    }

    /**
     * Runs one CreateJob through the whole SDK pipeline (endpoint rules, marshalling, signing,
     * response parsing) of a throwaway client whose HTTP client answers in memory, so those classes
     * are loaded and run before the snapshot without a request leaving the process.
     */
    static void primeSdkPipeline(JobRequestFactory jobs) {
        try (MediaConvertClient client = MediaConvertClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("https://mediaconvert.us-east-1.amazonaws.com"))
                // Placeholder credentials, so the request is signed as a real one is; they reach no one.
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("PRIMING", "priming")))
                .httpClient(new InMemoryAnswer())
                .overrideConfiguration(CallTimeouts::applyDefaults)
                .build()) {
            client.createJob(jobs.build(
                    new S3Upload("prime", "prime.mp4", null, null, null), AssetLayout.forKey("prime.mp4", ".mp4")));
        }
    }

    /** Answers every request with the shape of a CreateJob success, without a socket. */
    private static final class InMemoryAnswer implements SdkHttpClient {
        private static final byte[] CREATED =
                "{\"job\":{\"id\":\"prime\",\"status\":\"SUBMITTED\"}}".getBytes(StandardCharsets.UTF_8);

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
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder()
                                    .statusCode(201)
                                    .putHeader("Content-Type", "application/json")
                                    .build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(CREATED)))
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

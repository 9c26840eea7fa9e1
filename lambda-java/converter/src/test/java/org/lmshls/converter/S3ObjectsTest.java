package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** S3Objects' retries (the SDK's standard strategy) and error kinds, against a server that answers as S3 does. */
class S3ObjectsTest {

    static final String LIST =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><IsTruncated>false</IsTruncated>"
                    + "<Contents><Key>intro.en.vtt</Key></Contents></ListBucketResult>";

    /** Answers the first {@code failures} requests with this status and S3 error code, then succeeds. */
    static HttpServer server(int failures, int status, String code, List<Long> arrivals) throws Exception {
        AtomicInteger n = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            arrivals.add(System.nanoTime());
            boolean fail = n.incrementAndGet() <= failures;
            byte[] body = (fail
                            ? "<Error><Code>" + code
                                    + "</Code><Message>injected</Message><RequestId>R1</RequestId></Error>"
                            : LIST)
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/xml");
            ex.sendResponseHeaders(fail ? status : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }

    static S3Objects objects(HttpServer server) {
        return new S3Objects(
                CallTimeouts.httpClient(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
                "us-east-1",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @Test
    void slowDownIsRetriedWithBackOffAndTheThirdAttemptSucceeds() throws Exception {
        List<Long> arrivals = new ArrayList<>();
        HttpServer server = server(2, 503, "SlowDown", arrivals);
        try (S3Objects s3 = objects(server)) {
            assertEquals(List.of("intro.en.vtt"), s3.keys("in", "intro.", CallTimeouts.DEFAULT));
            assertEquals(3, arrivals.size());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerErrorOnEveryAttemptFailsAfterThreeWithItsKind() throws Exception {
        List<Long> arrivals = new ArrayList<>();
        HttpServer server = server(99, 500, "InternalError", arrivals);
        try (S3Objects s3 = objects(server)) {
            S3Objects.S3Exception e =
                    assertThrows(S3Objects.S3Exception.class, () -> s3.keys("in", "intro.", CallTimeouts.DEFAULT));
            assertEquals(S3Objects.Failure.SERVER_ERROR, e.failure());
            assertEquals(3, e.describe().get("attempts"));
            assertEquals("InternalError", e.describe().get("errorCode"));
            assertEquals(3, arrivals.size());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDeniedOrMissingObjectIsNotRetried() throws Exception {
        for (Object[] c : new Object[][] {
            {403, "AccessDenied", S3Objects.Failure.DENIED}, {404, "NoSuchBucket", S3Objects.Failure.NOT_FOUND}
        }) {
            List<Long> arrivals = new ArrayList<>();
            HttpServer server = server(99, (int) c[0], (String) c[1], arrivals);
            try (S3Objects s3 = objects(server)) {
                S3Objects.S3Exception e =
                        assertThrows(S3Objects.S3Exception.class, () -> s3.keys("in", "intro.", CallTimeouts.DEFAULT));
                assertEquals(c[2], e.failure());
                assertEquals(1, arrivals.size());
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void encodedMetadataIsDecoded() {
        assertEquals("Vorlesung 3: Räder", S3Objects.decodeRfc2047("=?UTF-8?B?Vm9ybGVzdW5nIDM6IFLDpGRlcg==?="));
        assertEquals("Räder", S3Objects.decodeRfc2047("=?utf-8?Q?R=C3=A4der?="));
        assertEquals("plain title", S3Objects.decodeRfc2047("plain title"));
        assertTrue(S3Objects.decodeRfc2047("=?x-unknown?B?AA==?=").startsWith("=?"));
    }
}

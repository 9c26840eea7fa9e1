package org.lmshls.converter;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * S3 ListObjectsV2 and nothing else: the one S3 call the converter makes, to find a video's
 * caption files.
 *
 * <p>Why not the SDK's S3 client: its module adds 4.4 MB to the shaded jar (15.61 MB instead of
 * 11.24 MB; most of it request and response classes of the ~100 operations the converter never
 * calls). This class uses the same SDK parts the
 * MediaConvert client does: the SigV4 signer, the default credentials chain, and the
 * url-connection HTTP client with the explicit timeouts of {@link CallTimeouts}.
 *
 * <p>Endpoint: {@code aws.endpointUrlS3} / {@code AWS_ENDPOINT_URL_S3} / {@code aws.endpointUrl} /
 * {@code AWS_ENDPOINT_URL} as the SDK resolves them (path-style, as S3-compatible servers expect),
 * else the regional endpoint, virtual-hosted style.
 */
public final class S3Listing implements AutoCloseable {

    /** SHA-256 of the empty body, which S3 wants in {@code x-amz-content-sha256}. */
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    static final int MAX_ATTEMPTS = 3;

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    /** The override's base URI and its path without trailing slashes, or both null: derived once, not per call. */
    private final URI endpointBase;

    private final String endpointPath;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public S3Listing(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpointOverride) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        if (endpointOverride == null) {
            this.endpointBase = null;
            this.endpointPath = null;
        } else {
            String path = endpointOverride.getRawPath() == null
                    ? ""
                    : endpointOverride.getRawPath().replaceAll("/+$", "");
            this.endpointBase = endpointOverride.resolve(path.isEmpty() ? "/" : path + "/");
            this.endpointPath = path;
        }
    }

    /** As on Lambda: default credentials, endpoint as the SDK resolves it, {@link CallTimeouts}' HTTP client. */
    public static S3Listing fromEnvironment(ConverterConfig config) {
        return new S3Listing(
                CallTimeouts.httpClient(),
                DefaultCredentialsProvider.builder().build(),
                config.region(),
                configuredEndpoint().orElse(null));
    }

    static Optional<URI> configuredEndpoint() {
        for (String v : new String[] {
            System.getProperty("aws.endpointUrlS3"),
            System.getenv("AWS_ENDPOINT_URL_S3"),
            System.getProperty("aws.endpointUrl"),
            System.getenv("AWS_ENDPOINT_URL")
        }) {
            if (v != null && !v.isBlank()) {
                return Optional.of(URI.create(v.trim()));
            }
        }
        return Optional.empty();
    }

    /**
     * Every key in {@code bucket} that starts with {@code prefix}, all pages, within {@code
     * timeouts}: each attempt at most {@code attempt()}, all of them at most {@code total()}.
     */
    public List<String> keys(String bucket, String prefix, CallTimeouts timeouts) {
        long deadline = System.nanoTime() + timeouts.total().toNanos();
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            Page page = page(bucket, prefix, token, deadline, timeouts.attempt());
            keys.addAll(page.keys());
            token = page.truncated() ? page.next() : null;
        } while (token != null);
        return keys;
    }

    private record Page(List<String> keys, boolean truncated, String next) {}

    private Page page(String bucket, String prefix, String token, long deadline, Duration attemptLimit) {
        ListingException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw last != null
                        ? last.after(attempt - 1)
                        : new ListingException(
                                "Timeout", null, null, "ListObjectsV2 call time limit reached", attempt - 1, null);
            }
            Duration limit = Duration.ofNanos(Math.min(left, attemptLimit.toNanos()));
            try {
                return attempt(bucket, prefix, token, limit, attempt);
            } catch (ListingException e) {
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private Page attempt(String bucket, String prefix, String token, Duration limit, int attempt) {
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET);
        if (endpointBase != null) {
            b.uri(endpointBase).encodedPath(endpointPath + "/" + bucket);
        } else if (bucket.indexOf('.') < 0) {
            b.uri(URI.create("https://" + bucket + ".s3." + region + ".amazonaws.com/"))
                    .encodedPath("/");
        } else {
            // A dotted bucket name does not match the wildcard certificate of the virtual host.
            b.uri(URI.create("https://s3." + region + ".amazonaws.com/")).encodedPath("/" + bucket);
        }
        b.putRawQueryParameter("list-type", "2").putRawQueryParameter("prefix", prefix);
        if (token != null) {
            b.putRawQueryParameter("continuation-token", token);
        }
        b.putHeader("x-amz-content-sha256", EMPTY_SHA256);
        SdkHttpFullRequest unsigned = b.build();
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.resolveIdentity().join();
        } catch (RuntimeException e) {
            Throwable cause =
                    e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new ListingException(
                    "CredentialsUnavailable",
                    null,
                    null,
                    "no AWS credentials for ListObjectsV2: " + cause.getMessage(),
                    attempt,
                    cause);
        }
        ExecutableHttpRequest call = http.prepareRequest(
                HttpExecuteRequest.builder().request(sign(unsigned, identity)).build());
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().unstarted(() -> {
            try {
                Thread.sleep(limit);
                timedOut.set(true);
                call.abort();
            } catch (InterruptedException e) {
                // The call ended in time.
            }
        });
        watchdog.start();
        try {
            HttpExecuteResponse response = call.call();
            int status = response.httpResponse().statusCode();
            String requestId = response.httpResponse()
                    .firstMatchingHeader("x-amz-request-id")
                    .orElse(null);
            byte[] body;
            try (InputStream in = response.responseBody().orElse(null)) {
                body = in == null ? new byte[0] : in.readAllBytes();
            }
            if (timedOut.get()) {
                throw new ListingException(
                        "Timeout",
                        status,
                        requestId,
                        "ListObjectsV2 attempt exceeded " + limit.toMillis() + " ms",
                        attempt,
                        null);
            }
            if (status / 100 != 2) {
                Map<String, String> error = parseError(body);
                throw new ListingException(
                        error.getOrDefault("Code", "HTTP" + status),
                        status,
                        error.getOrDefault("RequestId", requestId),
                        error.getOrDefault("Message", "ListObjectsV2 answered HTTP " + status),
                        attempt,
                        null);
            }
            return parsePage(body);
        } catch (IOException e) {
            String code = timedOut.get()
                    ? "Timeout"
                    : e instanceof java.net.SocketTimeoutException ? "SocketTimeout" : "IOException";
            throw new ListingException(code, null, null, "ListObjectsV2 failed: " + e, attempt, e);
        } finally {
            watchdog.interrupt();
        }
    }

    /** SigV4 as S3 wants it: the path as given, neither encoded twice nor normalised. */
    private SdkHttpRequest sign(SdkHttpFullRequest unsigned, AwsCredentialsIdentity identity) {
        return signer.sign(r -> r.identity(identity)
                        .request(unsigned)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false))
                .request();
    }

    /**
     * Runs what the first listing runs, without the network: a signature with placeholder
     * credentials and a parsed answer, so init (or the SnapStart snapshot) has loaded those classes.
     */
    static void prime() {
        S3Listing s = new S3Listing(
                null,
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("PRIMING", "priming")),
                "us-east-1",
                null);
        AwsCredentialsIdentity identity = s.credentials.resolveIdentity().join();
        SdkHttpFullRequest r = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create("https://prime.s3.us-east-1.amazonaws.com/"))
                .encodedPath("/")
                .putRawQueryParameter("list-type", "2")
                .putRawQueryParameter("prefix", "prime.")
                .putHeader("x-amz-content-sha256", EMPTY_SHA256)
                .build();
        s.sign(r, identity);
        parsePage(("<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>prime.en.vtt</Key></Contents>"
                        + "</ListBucketResult>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    // One per thread, configured once: finding the implementation is a service lookup, and a factory
    // may hand out a reused reader, so threads (the local runtime's concurrent invocations) do not share one.
    private static final ThreadLocal<XMLInputFactory> XML = ThreadLocal.withInitial(S3Listing::xmlFactory);

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    private static XMLStreamReader xml(byte[] body) throws XMLStreamException {
        return XML.get().createXMLStreamReader(new java.io.ByteArrayInputStream(body));
    }

    static Page parsePage(byte[] body) {
        List<String> keys = new ArrayList<>();
        boolean truncated = false;
        String next = null;
        try {
            XMLStreamReader r = xml(body);
            List<String> path = new ArrayList<>();
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamReader.START_ELEMENT) {
                    path.add(r.getLocalName());
                    String here = String.join("/", path);
                    switch (here) {
                        case "ListBucketResult/Contents/Key" -> keys.add(r.getElementText());
                        case "ListBucketResult/IsTruncated" ->
                            truncated = Boolean.parseBoolean(r.getElementText().trim());
                        case "ListBucketResult/NextContinuationToken" -> next = r.getElementText();
                        default -> {
                            continue;
                        }
                    }
                    // getElementText consumed the end tag.
                    path.remove(path.size() - 1);
                } else if (ev == XMLStreamReader.END_ELEMENT) {
                    path.remove(path.size() - 1);
                }
            }
        } catch (XMLStreamException e) {
            throw new ListingException(
                    "MalformedResponse", 200, null, "ListObjectsV2 answer is not XML: " + e.getMessage(), 1, e);
        }
        if (truncated && (next == null || next.isEmpty())) {
            throw new ListingException(
                    "MalformedResponse",
                    200,
                    null,
                    "ListObjectsV2 answer is truncated but has no NextContinuationToken",
                    1,
                    null);
        }
        return new Page(keys, truncated, next);
    }

    private static Map<String, String> parseError(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            XMLStreamReader r = xml(body);
            while (r.hasNext()) {
                if (r.next() == XMLStreamReader.START_ELEMENT) {
                    String name = r.getLocalName();
                    if (name.equals("Code") || name.equals("Message") || name.equals("RequestId")) {
                        out.put(name, r.getElementText());
                    }
                }
            }
        } catch (XMLStreamException e) {
            // Not an S3 error document (a proxy's HTML page): the status says enough.
        }
        return out;
    }

    @Override
    public void close() {
        http.close();
    }

    /** A ListObjectsV2 call that did not succeed, with what S3 said. */
    public static final class ListingException extends RuntimeException {
        private final String errorCode;
        private final Integer httpStatus;
        private final String requestId;
        private final int attempts;

        ListingException(
                String errorCode, Integer httpStatus, String requestId, String message, int attempts, Throwable cause) {
            super(message, cause);
            this.errorCode = errorCode;
            this.httpStatus = httpStatus;
            this.requestId = requestId;
            this.attempts = attempts;
        }

        ListingException after(int attempts) {
            return new ListingException(
                    errorCode,
                    httpStatus,
                    requestId,
                    getMessage() + " (call time limit reached)",
                    attempts,
                    getCause());
        }

        /** Throttling, S3's 5xx and network trouble are retried; a denied or missing bucket is not. */
        boolean retryable() {
            return !"CredentialsUnavailable".equals(errorCode)
                    && (httpStatus == null || httpStatus >= 500 || httpStatus == 429 || "SlowDown".equals(errorCode));
        }

        /** The log line's fields, as {@link CallTimeouts#describe} gives them for MediaConvert. */
        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("exception", getClass().getSimpleName());
            if (httpStatus != null) {
                out.put("httpStatus", httpStatus);
            }
            out.put("errorCode", errorCode);
            if (requestId != null) {
                out.put("requestId", requestId);
            }
            out.put("attempts", attempts);
            out.put("error", getMessage());
            return out;
        }
    }
}

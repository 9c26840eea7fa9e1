package org.lmshls.converter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The three S3 calls the converter makes, signed with SigV4: ListObjectsV2 (a video's caption
 * files), HeadObject (the upload's {@code x-amz-meta-title}) and PutObject ({@code lecture.json}).
 *
 * <p>Why not the SDK's S3 client: measured in {@code lambda-java/README.md} (jar size and cold
 * start, both ways). This class uses the SDK parts the MediaConvert client uses anyway: the SigV4
 * signer, the default credentials chain, the url-connection HTTP client with the timeouts of
 * {@link CallTimeouts}, and the SDK's standard retry strategy (three attempts, exponential
 * back-off with full jitter, a longer one for throttling, the SDK's retry circuit breaker).
 *
 * <p>Endpoint: {@code aws.endpointUrlS3} / {@code AWS_ENDPOINT_URL_S3} / {@code aws.endpointUrl} /
 * {@code AWS_ENDPOINT_URL} as the SDK resolves them (path-style, as S3-compatible servers expect),
 * else the regional endpoint, virtual-hosted style.
 */
public final class S3Objects implements AutoCloseable {

    /** What went wrong, and whether trying again can help. */
    public enum Failure {
        THROTTLED(true),
        SERVER_ERROR(true),
        NETWORK(true),
        TIMEOUT(true),
        DENIED(false),
        NOT_FOUND(false),
        REJECTED(false),
        NO_CREDENTIALS(false),
        MALFORMED_RESPONSE(false);

        public final boolean retryable;

        Failure(boolean retryable) {
            this.retryable = retryable;
        }
    }

    static final int MAX_ATTEMPTS = 3;

    private static final String EMPTY_SHA256 = sha256(new byte[0]);

    // One timer for every attempt's time limit (not a thread per attempt), created on first use.
    private static final class Timer {
        static final ScheduledExecutorService INSTANCE = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "s3-attempt-timer");
            t.setDaemon(true);
            return t;
        });
    }

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    /** The override's base URI and its path without trailing slashes, or both null. */
    private final URI endpointBase;

    private final String endpointPath;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final StandardRetryStrategy retries = StandardRetryStrategy.builder()
            .maxAttempts(MAX_ATTEMPTS)
            .retryOnException(e -> e instanceof S3Exception s && s.failure().retryable)
            .treatAsThrottling(e -> e instanceof S3Exception s && s.failure() == Failure.THROTTLED)
            .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2)))
            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(5)))
            .build();

    public S3Objects(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpointOverride) {
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
    public static S3Objects fromEnvironment(ConverterConfig config) {
        return new S3Objects(
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

    /** Every key in {@code bucket} that starts with {@code prefix}, all pages (ListObjectsV2). */
    public List<String> keys(String bucket, String prefix, CallTimeouts timeouts) {
        long deadline = System.nanoTime() + timeouts.total().toNanos();
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            Page page = withRetries("ListObjectsV2", deadline, timeouts.attempt(), limit -> {
                SdkHttpFullRequest.Builder b = request(SdkHttpMethod.GET, bucket, "");
                b.putRawQueryParameter("list-type", "2").putRawQueryParameter("prefix", prefix);
                if (continuation != null) {
                    b.putRawQueryParameter("continuation-token", continuation);
                }
                return parsePage(call(b, EMPTY_SHA256, null, limit));
            });
            keys.addAll(page.keys());
            token = page.truncated() ? page.next() : null;
        } while (token != null);
        return keys;
    }

    /**
     * The object's user metadata (HeadObject): {@code x-amz-meta-<name>} headers by lower-case
     * {@code <name>}, values decoded from RFC 2047 where S3 encoded non-ASCII text.
     */
    public Map<String, String> userMetadata(String bucket, String key, CallTimeouts timeouts) {
        long deadline = System.nanoTime() + timeouts.total().toNanos();
        return withRetries("HeadObject", deadline, timeouts.attempt(), limit -> {
            Map<String, String> out = new LinkedHashMap<>();
            call(request(SdkHttpMethod.HEAD, bucket, key), EMPTY_SHA256, out, limit);
            return out;
        });
    }

    /** PutObject of a small body with its content type and cache control. */
    public void put(
            String bucket, String key, byte[] body, String contentType, String cacheControl, CallTimeouts timeouts) {
        long deadline = System.nanoTime() + timeouts.total().toNanos();
        String hash = sha256(body);
        withRetries("PutObject", deadline, timeouts.attempt(), limit -> {
            SdkHttpFullRequest.Builder b = request(SdkHttpMethod.PUT, bucket, key)
                    .putHeader("Content-Type", contentType)
                    .putHeader("Cache-Control", cacheControl)
                    .putHeader("Content-Length", Integer.toString(body.length))
                    .contentStreamProvider(() -> new ByteArrayInputStream(body));
            call(b, hash, null, limit);
            return null;
        });
    }

    private interface Attempt<T> {
        T run(Duration limit);
    }

    /** Runs attempts as the SDK's standard retry strategy says, within the call's deadline. */
    private <T> T withRetries(String operation, long deadline, Duration attemptLimit, Attempt<T> attempt) {
        RetryToken token = retries.acquireInitialToken(AcquireInitialTokenRequest.create("s3"))
                .token();
        for (int n = 1; ; n++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new S3Exception(
                        Failure.TIMEOUT, "Timeout", null, null, operation + " call time limit reached", n - 1, null);
            }
            try {
                T result = attempt.run(Duration.ofNanos(Math.min(left, attemptLimit.toNanos())));
                retries.recordSuccess(RecordSuccessRequest.create(token));
                return result;
            } catch (S3Exception e) {
                S3Exception failed = e.after(n);
                Duration delay;
                try {
                    var refreshed = retries.refreshRetryToken(RefreshRetryTokenRequest.builder()
                            .token(token)
                            .failure(failed)
                            .build());
                    token = refreshed.token();
                    delay = refreshed.delay();
                } catch (TokenAcquisitionFailedException noMore) {
                    throw failed;
                }
                if (System.nanoTime() + delay.toNanos() >= deadline) {
                    throw failed.withMessage(failed.getMessage() + " (call time limit reached)");
                }
                sleep(delay);
            }
        }
    }

    private SdkHttpFullRequest.Builder request(SdkHttpMethod method, String bucket, String key) {
        String path = SdkHttpUtils.urlEncodeIgnoreSlashes(key);
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder().method(method);
        if (endpointBase != null) {
            b.uri(endpointBase).encodedPath(endpointPath + "/" + bucket + (key.isEmpty() ? "" : "/" + path));
        } else if (bucket.indexOf('.') < 0) {
            b.uri(URI.create("https://" + bucket + ".s3." + region + ".amazonaws.com/"))
                    .encodedPath("/" + path);
        } else {
            // A dotted bucket name does not match the wildcard certificate of the virtual host.
            b.uri(URI.create("https://s3." + region + ".amazonaws.com/"))
                    .encodedPath("/" + bucket + (key.isEmpty() ? "" : "/" + path));
        }
        return b;
    }

    /**
     * One signed attempt; returns the body of a 2xx answer. With {@code metadata}, collects the
     * answer's {@code x-amz-meta-*} headers into it.
     */
    private byte[] call(
            SdkHttpFullRequest.Builder b, String payloadHash, Map<String, String> metadata, Duration limit) {
        b.putHeader("x-amz-content-sha256", payloadHash);
        SdkHttpFullRequest unsigned = b.build();
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.resolveIdentity().join();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new S3Exception(
                    Failure.NO_CREDENTIALS,
                    "CredentialsUnavailable",
                    null,
                    null,
                    "no AWS credentials for S3: " + cause.getMessage(),
                    1,
                    cause);
        }
        SdkHttpFullRequest signed = sign(unsigned, identity);
        ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed)
                .contentStreamProvider(unsigned.contentStreamProvider().orElse(null))
                .build());
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> timer = Timer.INSTANCE.schedule(
                () -> {
                    timedOut.set(true);
                    call.abort();
                },
                limit.toNanos(),
                TimeUnit.NANOSECONDS);
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
                throw timeout(limit, status, null);
            }
            if (status / 100 != 2) {
                Map<String, String> error = parseError(body);
                String code = error.getOrDefault("Code", status == 404 ? "NotFound" : "HTTP" + status);
                throw new S3Exception(
                        classify(status, code),
                        code,
                        status,
                        error.getOrDefault("RequestId", requestId),
                        error.getOrDefault("Message", unsigned.method() + " answered HTTP " + status),
                        1,
                        null);
            }
            if (metadata != null) {
                response.httpResponse().headers().forEach((name, values) -> {
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("x-amz-meta-") && !values.isEmpty()) {
                        metadata.put(lower.substring("x-amz-meta-".length()), decodeRfc2047(values.get(0)));
                    }
                });
            }
            return body;
        } catch (IOException e) {
            if (timedOut.get()) {
                throw timeout(limit, null, e);
            }
            Failure f = e instanceof SocketTimeoutException ? Failure.TIMEOUT : Failure.NETWORK;
            String code = e instanceof SocketTimeoutException ? "SocketTimeout" : "IOException";
            throw new S3Exception(f, code, null, null, unsigned.method() + " failed: " + e, 1, e);
        } finally {
            timer.cancel(false);
        }
    }

    private static S3Exception timeout(Duration limit, Integer status, Throwable cause) {
        return new S3Exception(
                Failure.TIMEOUT, "Timeout", status, null, "attempt exceeded " + limit.toMillis() + " ms", 1, cause);
    }

    static Failure classify(int status, String code) {
        if (status == 429
                || "SlowDown".equals(code)
                || "Throttling".equals(code)
                || "RequestLimitExceeded".equals(code)) {
            return Failure.THROTTLED;
        }
        if (status >= 500) {
            return Failure.SERVER_ERROR;
        }
        if (status == 401 || status == 403) {
            return Failure.DENIED;
        }
        if (status == 404) {
            return Failure.NOT_FOUND;
        }
        return Failure.REJECTED;
    }

    /** SigV4 as S3 wants it: the path as given, neither encoded twice nor normalised. */
    private SdkHttpFullRequest sign(SdkHttpFullRequest unsigned, AwsCredentialsIdentity identity) {
        SdkHttpRequest signed = signer.sign(r -> r.identity(identity)
                        .request(unsigned)
                        .payload(unsigned.contentStreamProvider().orElse(null))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false))
                .request();
        return (SdkHttpFullRequest) signed;
    }

    /**
     * Runs what the first calls run, without the network: a signature with placeholder credentials
     * and a parsed listing, so init (or the SnapStart snapshot) has loaded those classes.
     */
    static void prime() {
        S3Objects s = new S3Objects(
                null,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("PRIMING", "priming")),
                "us-east-1",
                null);
        SdkHttpFullRequest.Builder r = s.request(SdkHttpMethod.GET, "prime", "")
                .putRawQueryParameter("list-type", "2")
                .putRawQueryParameter("prefix", "prime.")
                .putHeader("x-amz-content-sha256", EMPTY_SHA256);
        s.sign(r.build(), s.credentials.resolveIdentity().join());
        parsePage(("<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>prime.en.vtt</Key></Contents>"
                        + "</ListBucketResult>")
                .getBytes(StandardCharsets.UTF_8));
        s.retries.acquireInitialToken(AcquireInitialTokenRequest.create("s3"));
    }

    record Page(List<String> keys, boolean truncated, String next) {}

    // One per thread, configured once: finding the implementation is a service lookup, and a factory
    // may hand out a reused reader, so threads (the local runtime's concurrent invocations) do not share one.
    private static final ThreadLocal<XMLInputFactory> XML = ThreadLocal.withInitial(S3Objects::xmlFactory);

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    private static XMLStreamReader xml(byte[] body) throws XMLStreamException {
        return XML.get().createXMLStreamReader(new ByteArrayInputStream(body));
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
            throw new S3Exception(
                    Failure.MALFORMED_RESPONSE,
                    "MalformedResponse",
                    200,
                    null,
                    "ListObjectsV2 answer is not XML: " + e.getMessage(),
                    1,
                    e);
        }
        if (truncated && (next == null || next.isEmpty())) {
            throw new S3Exception(
                    Failure.MALFORMED_RESPONSE,
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
        if (body.length == 0) {
            return out;
        }
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

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=");

    /** S3 returns non-ASCII metadata as RFC 2047 encoded words ({@code =?UTF-8?B?...?=}); plain text stays. */
    static String decodeRfc2047(String value) {
        Matcher m = ENCODED_WORD.matcher(value);
        if (!m.find()) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int last = 0;
        do {
            String between = value.substring(last, m.start());
            if (last == 0 || !between.isBlank()) {
                out.append(between);
            }
            try {
                java.nio.charset.Charset cs = java.nio.charset.Charset.forName(m.group(1));
                byte[] bytes;
                if (m.group(2).equalsIgnoreCase("B")) {
                    bytes = Base64.getDecoder().decode(m.group(3));
                } else {
                    bytes = qDecode(m.group(3));
                }
                out.append(new String(bytes, cs));
            } catch (IllegalArgumentException e) {
                out.append(m.group());
            }
            last = m.end();
        } while (m.find());
        return out.append(value.substring(last)).toString();
    }

    private static byte[] qDecode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < s.length()) {
                out.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new S3Exception(Failure.TIMEOUT, "Interrupted", null, null, "interrupted while backing off", 0, e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** An S3 call that did not succeed, with what S3 said and what kind of failure it is. */
    public static final class S3Exception extends RuntimeException {
        private final Failure failure;
        private final String errorCode;
        private final Integer httpStatus;
        private final String requestId;
        private final int attempts;

        S3Exception(
                Failure failure,
                String errorCode,
                Integer httpStatus,
                String requestId,
                String message,
                int attempts,
                Throwable cause) {
            super(message, cause);
            this.failure = failure;
            this.errorCode = errorCode;
            this.httpStatus = httpStatus;
            this.requestId = requestId;
            this.attempts = attempts;
        }

        S3Exception after(int attempts) {
            return new S3Exception(failure, errorCode, httpStatus, requestId, getMessage(), attempts, getCause());
        }

        S3Exception withMessage(String message) {
            return new S3Exception(failure, errorCode, httpStatus, requestId, message, attempts, getCause());
        }

        public Failure failure() {
            return failure;
        }

        public Integer httpStatus() {
            return httpStatus;
        }

        /** The log line's fields, as {@link CallTimeouts#describe} gives them for MediaConvert. */
        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("exception", getClass().getSimpleName());
            out.put("httpStatus", httpStatus);
            out.put("errorCode", errorCode);
            out.put("failure", failure);
            out.put("requestId", requestId);
            out.put("attempts", attempts);
            out.put("error", getMessage());
            return out;
        }
    }
}

package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.Context;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;

/**
 * How long one CreateJob may take, so that an endpoint that accepts a connection and never
 * answers fails the invocation with a log line instead of running into the function's timeout.
 *
 * <p>The HTTP client bounds each connect (2 s, the SDK's own default) and each socket read
 * (5 s; a CreateJob answer takes well under a second). On top, the SDK bounds each attempt (5 s)
 * and the whole call including its retries (15 s, room for the standard mode's three attempts
 * and back-off). Per call the total is cut to what the invocation has left minus
 * {@link #RESERVE}, the time kept to log, try the other records and throw; the function's 30 s
 * timeout leaves one hung call its full 15 s.
 *
 * @param total the whole call, retries included ({@code apiCallTimeout})
 * @param attempt one HTTP attempt ({@code apiCallAttemptTimeout})
 */
record CallTimeouts(Duration total, Duration attempt) {

    static final Duration CONNECT = Duration.ofSeconds(2);
    static final Duration SOCKET = Duration.ofSeconds(5);
    static final Duration ATTEMPT = Duration.ofSeconds(5);
    static final Duration TOTAL = Duration.ofSeconds(15);
    static final Duration RESERVE = Duration.ofSeconds(2);
    /** Below this, a call cannot even connect and be answered; the record fails without one. */
    static final Duration MINIMUM = Duration.ofMillis(500);

    static final CallTimeouts DEFAULT = new CallTimeouts(TOTAL, ATTEMPT);

    /**
     * For the calls a job can do without (Probe, the ListJobs lookup, HeadObject for the title):
     * at most this long each, so that a slow MediaConvert leaves CreateJob its time.
     */
    static final Duration OPTIONAL = Duration.ofSeconds(3);

    /**
     * The SDK's url-connection client, with connections opened by the JDK with explicit connect and
     * read timeouts. HTTPS is the JDK's default: its trust store and host-name verification, set up
     * on the first HTTPS connection rather than when the client is built (the SDK's own builder
     * loads the CA certificates at once, about a tenth of a second of every cold start; see
     * lambda-java/README.md). With SnapStart, {@link Priming} sets it up before the snapshot.
     */
    static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.create(uri -> {
            try {
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                c.setConnectTimeout((int) CONNECT.toMillis());
                c.setReadTimeout((int) SOCKET.toMillis());
                return c;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * The client-wide settings: the bounds for calls made without an invocation's {@link Context},
     * and the body sent in one write ({@link OneWriteBody}).
     */
    static void applyDefaults(ClientOverrideConfiguration.Builder b) {
        b.apiCallTimeout(TOTAL).apiCallAttemptTimeout(ATTEMPT).addExecutionInterceptor(new OneWriteBody());
    }

    /** The bounds for a call now, or empty when the invocation has too little time left for one. */
    static Optional<CallTimeouts> forRemaining(Context context) {
        if (context == null) {
            return Optional.of(DEFAULT);
        }
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESERVE);
        if (left.compareTo(MINIMUM) < 0) {
            return Optional.empty();
        }
        Duration total = left.compareTo(TOTAL) < 0 ? left : TOTAL;
        Duration attempt = total.compareTo(ATTEMPT) < 0 ? total : ATTEMPT;
        return Optional.of(new CallTimeouts(total, attempt));
    }

    /** These bounds, cut to {@code limit}. */
    CallTimeouts atMost(Duration limit) {
        return new CallTimeouts(
                total.compareTo(limit) < 0 ? total : limit, attempt.compareTo(limit) < 0 ? attempt : limit);
    }

    CreateJobRequest applyTo(CreateJobRequest request) {
        return request.toBuilder().overrideConfiguration(this::applyTo).build();
    }

    /** These bounds on one call's override configuration. */
    void applyTo(software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration.Builder o) {
        o.apiCallTimeout(total).apiCallAttemptTimeout(attempt);
    }

    /** What the log line says about a failed call: HTTP status, error code and request id where there is one. */
    static Map<String, Object> describe(SdkException e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exception", e.getClass().getSimpleName());
        if (e instanceof AwsServiceException s) {
            out.put("httpStatus", s.statusCode());
            if (s.awsErrorDetails() != null) {
                out.put("errorCode", s.awsErrorDetails().errorCode());
            }
            out.put("requestId", s.requestId());
        } else if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            out.put("errorCode", "Timeout");
        } else if (e.getCause() instanceof java.net.SocketTimeoutException) {
            out.put("errorCode", "SocketTimeout");
        }
        if (e.numAttempts() != null) {
            out.put("attempts", e.numAttempts());
        }
        out.put("error", e.getMessage());
        return out;
    }
}

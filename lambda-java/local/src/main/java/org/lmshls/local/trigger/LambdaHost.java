package org.lmshls.local.trigger;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.lmshls.local.logging.JsonLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Lambda service for the converter: the event JSON is turned into {@link S3Event}
 * by the same serializer the Java runtime uses, and the handler is invoked asynchronously, one
 * event at a time, retried twice on failure (Lambda's default for asynchronous invocations).
 */
public final class LambdaHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("lambda");
    private static final int RETRIES = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestHandler<S3Event, ?> handler;
    private final PojoSerializer<S3Event> serializer;
    private final ExecutorService invoker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lambda-invoke");
        t.setDaemon(true);
        return t;
    });
    private final long retryDelayMillis;

    public LambdaHost(RequestHandler<S3Event, ?> handler, long retryDelayMillis) {
        this.handler = handler;
        this.serializer = LambdaEventSerializers.serializerFor(S3Event.class, LambdaHost.class.getClassLoader());
        this.retryDelayMillis = retryDelayMillis;
    }

    private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();

    /** Queues one invocation (like {@code InvocationType=Event}). */
    public void invokeAsync(String eventJson) {
        queued.incrementAndGet();
        invoker.execute(() -> invoke(eventJson));
    }

    /** How many events were queued so far (one per object S3 reported). */
    public long queued() {
        return queued.get();
    }

    /** Invokes the handler now, with retries; returns true if an attempt succeeded. */
    public boolean invoke(String eventJson) {
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            String requestId = UUID.randomUUID().toString();
            try {
                S3Event event = serializer.fromJson(eventJson);
                Object result = handler.handleRequest(event, new LocalContext(requestId));
                LOG.info(JsonLine.of("invoked", "requestId", requestId, "result", JSON.valueToTree(result)));
                return true;
            } catch (RuntimeException e) {
                LOG.warn(JsonLine.of(
                        "invoke_failed",
                        "requestId",
                        requestId,
                        "attempt",
                        attempt + 1,
                        "error",
                        String.valueOf(e.getMessage())));
                if (attempt < RETRIES) {
                    try {
                        Thread.sleep(retryDelayMillis * (attempt + 1));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
        }
        LOG.error(JsonLine.of("invoke_gave_up", "attempts", RETRIES + 1, "payload", payload(eventJson)));
        return false;
    }

    private static Object payload(String eventJson) {
        try {
            return JSON.readTree(eventJson);
        } catch (IOException e) {
            return eventJson; // logged as a string: the payload that could not be parsed is the point
        }
    }

    /** Waits until queued invocations are done. */
    public void drain(long timeoutMillis) throws Exception {
        invoker.submit(() -> {}).get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        invoker.shutdownNow();
    }

    /** The Context the Lambda runtime passes: request id, names, a logger to stdout. */
    private record LocalContext(String requestId) implements Context {
        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/converter-local";
        }

        @Override
        public String getLogStreamName() {
            return "local";
        }

        @Override
        public String getFunctionName() {
            return "converter-local";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:local:000000000000:function:converter-local";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 60_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    LOG.info("{}", message.stripTrailing());
                }

                @Override
                public void log(byte[] message) {
                    log(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}

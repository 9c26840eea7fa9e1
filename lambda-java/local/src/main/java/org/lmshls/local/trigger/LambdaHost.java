package org.lmshls.local.trigger;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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

    /** Queues one invocation (like {@code InvocationType=Event}). */
    public void invokeAsync(String eventJson) {
        invoker.execute(() -> invoke(eventJson));
    }

    /** Invokes the handler now, with retries; returns true if an attempt succeeded. */
    public boolean invoke(String eventJson) {
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            String requestId = UUID.randomUUID().toString();
            try {
                S3Event event = serializer.fromJson(eventJson);
                Object result = handler.handleRequest(event, new LocalContext(requestId));
                LOG.info("{\"event\":\"invoked\",\"requestId\":\"{}\",\"result\":{}}", requestId, json(result));
                return true;
            } catch (RuntimeException e) {
                LOG.warn("{\"event\":\"invoke_failed\",\"requestId\":\"{}\",\"attempt\":{},\"error\":\"{}\"}", requestId, attempt + 1,
                        String.valueOf(e.getMessage()).replace("\"", "'"));
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
        LOG.error("{\"event\":\"invoke_gave_up\",\"attempts\":{},\"payload\":{}}", RETRIES + 1, eventJson);
        return false;
    }

    private static String json(Object o) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
        } catch (Exception e) {
            return "\"" + o + "\"";
        }
    }

    /** Waits until queued invocations are done. */
    public void drain(long timeoutMillis) throws Exception {
        invoker.submit(() -> { }).get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        invoker.shutdownNow();
    }

    /** The Context the Lambda runtime passes: request id, names, a logger to stdout. */
    private record LocalContext(String requestId) implements Context {
        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/converter-local"; }
        @Override public String getLogStreamName() { return "local"; }
        @Override public String getFunctionName() { return "converter-local"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:local:000000000000:function:converter-local"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 60_000; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { LOG.info("{}", message.stripTrailing()); }
                @Override public void log(byte[] message) { log(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}

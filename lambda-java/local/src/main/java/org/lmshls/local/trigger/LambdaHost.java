package org.lmshls.local.trigger;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.lmshls.converter.StandaloneContext;
import org.lmshls.converter.log.Log;
import org.lmshls.local.logging.Slf4jSink;

/**
 * Plays the Lambda service for the converter: the event JSON is turned into {@link S3Event}
 * by the same serializer the Java runtime uses, and the handler is invoked asynchronously, one
 * event at a time, retried twice on failure (Lambda's default for asynchronous invocations).
 */
public final class LambdaHost implements AutoCloseable {
    private static final Slf4jSink LOG = Slf4jSink.named("lambda");
    private static final String FUNCTION_ARN = "arn:aws:lambda:local:000000000000:function:converter-local";
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
                // The converter's own lines (its Lambda logger) go to the same log at INFO; their level is in the line.
                Object result = handler.handleRequest(
                        event,
                        new StandaloneContext(
                                requestId, FUNCTION_ARN, () -> 60_000, m -> LOG.accept(m.stripTrailing())));
                Log.info("invoked")
                        .with("requestId", requestId)
                        .with("result", JSON.valueToTree(result))
                        .to(LOG);
                return true;
            } catch (RuntimeException e) {
                Log.warn("invoke_failed")
                        .with("requestId", requestId)
                        .with("attempt", attempt + 1)
                        .with("error", String.valueOf(e.getMessage()))
                        .to(LOG);
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
        Log.error("invoke_gave_up")
                .with("attempts", RETRIES + 1)
                .with("payload", payload(eventJson))
                .to(LOG);
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
}

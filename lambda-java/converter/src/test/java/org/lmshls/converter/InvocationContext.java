package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The part of Lambda's {@link Context} the handler reads: the time left, counted down from a
 * deadline as the runtime does, and the logger, whose lines are kept for assertions.
 */
final class InvocationContext implements Context {

    private final long deadlineNanos;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    InvocationContext(long remainingMillis) {
        this.deadlineNanos = System.nanoTime() + remainingMillis * 1_000_000;
    }

    /** The JSON log lines whose {@code event} is this one. */
    List<JsonNode> decisions(String decision) {
        ObjectMapper json = new ObjectMapper();
        return lines.stream()
                .map(l -> {
                    try {
                        return json.readTree(l);
                    } catch (IOException e) {
                        throw new UncheckedIOException("log line is not JSON: " + l, e);
                    }
                })
                .filter(n -> n.path("event").asText().equals(decision))
                .toList();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                lines.add(message.strip());
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, java.nio.charset.StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public String getAwsRequestId() {
        return "test-request";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/converter-test";
    }

    @Override
    public String getLogStreamName() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return "converter-test";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:converter-test";
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
    public int getMemoryLimitInMB() {
        return 512;
    }
}

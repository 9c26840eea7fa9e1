package org.lmshls.converter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The part of Lambda's {@link com.amazonaws.services.lambda.runtime.Context} the handler reads:
 * the time left, counted down from a deadline as the runtime does, and the logger, whose lines are
 * kept for assertions.
 */
final class InvocationContext extends StandaloneContext {

    private final List<String> lines;

    InvocationContext(long remainingMillis) {
        this(remainingMillis, new CopyOnWriteArrayList<>());
    }

    private InvocationContext(long remainingMillis, List<String> lines) {
        super(
                "test-request",
                "arn:aws:lambda:us-east-1:123456789012:function:converter-test",
                countdown(remainingMillis),
                message -> lines.add(message.strip()));
        this.lines = lines;
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
}

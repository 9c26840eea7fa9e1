package org.lmshls.local.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One structured log line, written by Jackson so any value (quotes, newlines, control
 * characters, non-ASCII in an S3 key or an FFmpeg message) stays valid JSON. The rules are the
 * converter's ({@code org.lmshls.converter.log.Log}): the key {@code event} names what happened, in
 * snake_case (checked), fields follow in the order given, null values are left out. The level is
 * the SLF4J logger's, which the line is handed to.
 */
public final class JsonLine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern EVENT_NAME =
            java.util.regex.Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    private JsonLine() {}

    /** {@code {"event":event, k1:v1, k2:v2, …}}; values are written as JSON numbers,
     * booleans, the tree itself for a {@link JsonNode}, or else as strings; a null value drops its key. */
    public static String of(String event, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("keys and values must come in pairs");
        if (event == null || !EVENT_NAME.matcher(event).matches())
            throw new IllegalArgumentException("log event names are snake_case: " + event);
        ObjectNode line = JSON.createObjectNode();
        line.put("event", event);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = String.valueOf(keysAndValues[i]);
            Object value = keysAndValues[i + 1];
            switch (value) {
                case null -> {}
                case JsonNode v -> line.set(key, v);
                case Integer v -> line.put(key, v);
                case Long v -> line.put(key, v);
                case Double v -> line.put(key, v);
                case Boolean v -> line.put(key, v);
                default -> line.put(key, value.toString());
            }
        }
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers always serializes", e);
        }
    }
}

package org.lmshls.local.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One structured log line, written by Jackson so any value (quotes, newlines, control
 * characters, non-ASCII in an S3 key or an FFmpeg message) stays valid JSON.
 */
public final class JsonLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLine() {}

    /** {@code {"event":event, k1:v1, k2:v2, …}}; values are written as JSON numbers,
     * booleans, null, the tree itself for a {@link JsonNode}, or else as strings. */
    public static String of(String event, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("keys and values must come in pairs");
        ObjectNode line = JSON.createObjectNode();
        line.put("event", event);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = String.valueOf(keysAndValues[i]);
            Object value = keysAndValues[i + 1];
            switch (value) {
                case null -> line.putNull(key);
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

package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON line per decision, e.g. {@code {"level":"INFO","decision":"submitted",...}}. */
final class DecisionLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionLog() {}

    /** Loads the JSON writer so the first real decision does not pay for it. */
    static void prime() {
        try {
            JSON.writeValueAsString(Map.of("level", "INFO"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void info(Context context, String decision, Object... keyValues) {
        write(context, "INFO", decision, keyValues);
    }

    static void warn(Context context, String decision, Object... keyValues) {
        write(context, "WARN", decision, keyValues);
    }

    static void error(Context context, String decision, Object... keyValues) {
        write(context, "ERROR", decision, keyValues);
    }

    static void error(Context context, String decision, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", "ERROR");
        line.put("decision", decision);
        fields.forEach((k, v) -> {
            if (v != null) {
                line.put(k, v);
            }
        });
        emit(context, line);
    }

    private static void write(Context context, String level, String decision, Object... keyValues) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", level);
        line.put("decision", decision);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                line.put(
                        String.valueOf(keyValues[i]),
                        keyValues[i + 1] instanceof Enum<?> e ? e.toString() : keyValues[i + 1]);
            }
        }
        emit(context, line);
    }

    private static void emit(Context context, Map<String, Object> line) {
        String text;
        try {
            text = JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            text = "{\"level\":\"ERROR\",\"decision\":\"log_failed\"}";
        }
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(text + "\n");
        } else {
            System.out.println(text);
        }
    }
}

package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Map;
import org.lmshls.converter.log.Log;

/** Where the converter's {@link Log} lines go: the invocation's logger, else standard output. */
final class DecisionLog {

    private DecisionLog() {}

    static Log.Sink sink(Context context) {
        if (context != null && context.getLogger() != null) {
            return line -> context.getLogger().log(line + "\n");
        }
        return Log.Sink.STDOUT;
    }

    /** Loads the JSON writer so the first real line does not pay for it. */
    static void prime() {
        Log.info("primed").with("n", 1).with("list", java.util.List.of("a")).toJson();
    }

    static void info(Context context, String event, Object... keyValues) {
        pairs(Log.info(event), keyValues).to(sink(context));
    }

    static void warn(Context context, String event, Object... keyValues) {
        pairs(Log.warn(event), keyValues).to(sink(context));
    }

    static void error(Context context, String event, Object... keyValues) {
        pairs(Log.error(event), keyValues).to(sink(context));
    }

    static void error(Context context, String event, Map<String, Object> fields) {
        Log.error(event).withAll(fields).to(sink(context));
    }

    private static Log pairs(Log line, Object... keyValues) {
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.with(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        return line;
    }
}

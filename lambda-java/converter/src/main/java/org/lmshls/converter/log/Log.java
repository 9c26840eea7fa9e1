package org.lmshls.converter.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.TreeNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The structured log of the converter and the local runtime: one JSON object per line,
 * {@code {"level":"INFO","event":"submitted","key":"intro.mp4",...}}.
 *
 * <ul>
 *   <li>{@code event} names what happened, in snake_case ({@code submitted},
 *       {@code caption_skipped}); checked when the line is built.
 *   <li>Fields follow in the order given; a field whose value is null is left out, always.
 *   <li>Values are strings, numbers, booleans, enums (their {@code toString()}: the SDK's enums give
 *       the service's own spelling), collections and maps of those; a JSON tree (Jackson's {@link
 *       TreeNode}, e.g. a parsed event) is embedded as it is, nulls inside it included; anything else
 *       is written with {@code toString()}.
 * </ul>
 *
 * <p>Where a line goes is the caller's {@link Sink}: on Lambda the invocation's logger (so the line
 * carries the request id in CloudWatch), elsewhere standard output or an SLF4J logger (the local
 * runtime's {@code Slf4jSink}, which also gets the level and the throwable behind the line).
 */
public final class Log {

    public enum Level {
        /** Not used by the Lambda; the local runtime's detail (an SLF4J sink drops it below its threshold). */
        DEBUG,
        INFO,
        WARN,
        ERROR
    }

    /** Receives finished lines, without a trailing newline. */
    @FunctionalInterface
    public interface Sink extends Consumer<String> {
        /** Standard output. */
        Sink STDOUT = System.out::println;

        /**
         * A line with its level and the throwable behind it (null when there is none). By default
         * the line alone goes to {@code accept(String)}: its level is in it already, and the throwable is
         * dropped. A sink with levels of its own (an SLF4J logger) overrides this.
         */
        default void accept(Level level, String line, Throwable cause) {
            accept(line);
        }
    }

    private static final Pattern EVENT_NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Level level;
    private final String event;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Log(Level level, String event) {
        if (event == null || !EVENT_NAME.matcher(event).matches()) {
            throw new IllegalArgumentException("log event names are snake_case: " + event);
        }
        this.level = level;
        this.event = event;
    }

    public static Log debug(String event) {
        return new Log(Level.DEBUG, event);
    }

    public static Log info(String event) {
        return new Log(Level.INFO, event);
    }

    public static Log warn(String event) {
        return new Log(Level.WARN, event);
    }

    public static Log error(String event) {
        return new Log(Level.ERROR, event);
    }

    /** Adds a field; null values are dropped. A key given twice keeps its first place and the last value. */
    public Log with(String key, Object value) {
        Objects.requireNonNull(key, "key");
        if (value != null) {
            fields.put(key, value);
        }
        return this;
    }

    /** Adds every entry, in the map's order; null values are dropped. */
    public Log withAll(Map<String, ?> more) {
        more.forEach(this::with);
        return this;
    }

    public Level level() {
        return level;
    }

    public String event() {
        return event;
    }

    /** The line's JSON. */
    public String toJson() {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("level", level.name());
            g.writeStringField("event", event);
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                g.writeFieldName(e.getKey());
                value(g, e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the line to {@code sink}. */
    public void to(Sink sink) {
        sink.accept(level, toJson(), null);
    }

    /** Writes the line to {@code sink} with the throwable behind it, for a sink that prints stack traces. */
    public void to(Sink sink, Throwable cause) {
        sink.accept(level, toJson(), cause);
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof TreeNode tree) {
            try (JsonParser p = tree.traverse()) {
                p.nextToken();
                g.copyCurrentStructure(p);
            }
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() != null) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    value(g, e.getValue());
                }
            }
            g.writeEndObject();
        } else {
            g.writeString(v.toString());
        }
    }
}

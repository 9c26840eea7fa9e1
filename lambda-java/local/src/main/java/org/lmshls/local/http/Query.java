package org.lmshls.local.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request's query string ({@code application/x-www-form-urlencoded}: {@code +} is a space),
 * the one parser both loopback servers use. A key may repeat; {@link #first} is the value every
 * single-valued parameter takes (the first one given), so the web pages and the MediaConvert API
 * read {@code ?a=1&a=2} the same way.
 */
public final class Query {
    private final Map<String, List<String>> values;

    private Query(Map<String, List<String>> values) {
        this.values = values;
    }

    /** {@code raw}: the URI's raw (still encoded) query, or null. */
    public static Query parse(String raw) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
        return new Query(q);
    }

    /** The first value given for {@code key}. */
    public Optional<String> first(String key) {
        List<String> v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The first value, or null. */
    public String get(String key) {
        return first(key).orElse(null);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }
}

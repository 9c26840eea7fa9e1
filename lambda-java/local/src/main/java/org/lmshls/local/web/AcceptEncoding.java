package org.lmshls.local.web;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request's {@code Accept-Encoding} (RFC 9110 §12.5.3): content codings with optional weights,
 * {@code br;q=0.8, gzip, *;q=0}. Codings are case-insensitive; {@code x-gzip} counts as {@code gzip}
 * (§8.4.1.3); {@code *} stands for every coding not listed; {@code identity} is acceptable unless
 * refused ({@code identity;q=0}, or {@code *;q=0} without {@code identity}). An element that does not
 * parse (a coding with characters a token cannot hold, a weight outside 0..1 or with more than three
 * decimals) is left out, as if it were not sent: it can make nothing acceptable. Weights are kept in
 * thousandths, the precision RFC 9110 allows.
 */
final class AcceptEncoding {
    /** No header: nothing but identity (the pages are then served as they are). */
    static final AcceptEncoding NONE = new AcceptEncoding(Map.of(), null);

    private final Map<String, Integer> weights;
    private final Integer wildcard;

    private AcceptEncoding(Map<String, Integer> weights, Integer wildcard) {
        this.weights = weights;
        this.wildcard = wildcard;
    }

    /** {@code header} null: {@link #NONE}. An empty value asks for identity alone, as RFC 9110 says. */
    static AcceptEncoding parse(String header) {
        if (header == null) return NONE;
        Map<String, Integer> weights = new HashMap<>();
        Integer wildcard = null;
        for (String element : header.split(",", -1)) {
            String e = element.strip();
            if (e.isEmpty()) continue;
            String[] parts = e.split(";", -1);
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            if (!isToken(coding)) continue;
            Optional<Integer> q = Optional.of(1000);
            for (int i = 1; i < parts.length && q.isPresent(); i++) {
                String p = parts[i].strip();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    q = Optional.empty(); // a parameter without a value: not RFC 9110's grammar
                } else if (p.substring(0, eq).strip().equalsIgnoreCase("q")) {
                    q = qvalue(p.substring(eq + 1).strip());
                }
                // other parameters (none are defined for Accept-Encoding) are ignored
            }
            if (q.isEmpty()) continue;
            if (coding.equals("x-gzip")) coding = "gzip";
            if (coding.equals("*")) {
                if (wildcard == null) wildcard = q.get();
            } else {
                weights.putIfAbsent(coding, q.get());
            }
        }
        return new AcceptEncoding(Map.copyOf(weights), wildcard);
    }

    /**
     * The weight in thousandths a coding gets: its own, else {@code *}'s, else 0; identity, when
     * neither names it, 1 (acceptable, ranked below any coding given a weight above 0).
     */
    int weight(String coding) {
        String c = coding.toLowerCase(Locale.ROOT);
        Integer w = weights.get(c);
        if (w != null) return w;
        if (wildcard != null) return wildcard;
        return c.equals("identity") ? 1 : 0;
    }

    /**
     * Of the codings a file is available in ({@code offered}, in the server's order of preference),
     * the one to send: the highest weight above 0 that identity does not outrank; ties go to the
     * earlier in {@code offered}. Empty: send the file as it is.
     */
    Optional<String> choose(List<String> offered) {
        String best = null;
        int bestWeight = 0;
        for (String c : offered) {
            int w = weight(c);
            if (w > bestWeight) {
                best = c;
                bestWeight = w;
            }
        }
        if (best == null || weight("identity") > bestWeight) return Optional.empty();
        return Optional.of(best);
    }

    /** RFC 9110 qvalue: {@code 0[.ddd]} or {@code 1[.000]}. */
    private static Optional<Integer> qvalue(String v) {
        if (!v.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?")) return Optional.empty();
        if (v.startsWith("1")) return Optional.of(1000);
        String frac = v.length() > 2 ? v.substring(2) : "";
        return Optional.of(frac.isEmpty() ? 0 : Integer.parseInt((frac + "00").substring(0, 3)));
    }

    /** RFC 9110 token (tchar), or {@code *}. */
    private static boolean isToken(String s) {
        if (s.equals("*")) return true;
        return !s.isEmpty() && s.chars().allMatch(ch -> ch < 127 && ch > 32 && "\"(),/:;<=>?@[\\]{}".indexOf(ch) < 0);
    }

    @Override
    public String toString() {
        return "AcceptEncoding" + weights + (wildcard == null ? "" : " *=" + wildcard);
    }
}

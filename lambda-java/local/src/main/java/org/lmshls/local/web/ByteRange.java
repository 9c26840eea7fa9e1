package org.lmshls.local.web;

import java.util.Optional;

/**
 * One byte range of an object of known length, from an HTTP {@code Range} header (RFC 9110
 * §14.1.2): {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}. Several ranges at once are
 * answered with the whole object (a server may ignore Range; media players never ask for several).
 */
public record ByteRange(long first, long last, long total) {

    /** Thrown for a syntactically valid range that lies outside the object: 416. */
    public static final class Unsatisfiable extends Exception {
        public Unsatisfiable(String message) {
            super(message);
        }
    }

    public long length() {
        return last - first + 1;
    }

    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + total;
    }

    /** Empty: serve the whole object (no header, another unit, several ranges, or a malformed header). */
    public static Optional<ByteRange> parse(String header, long total) throws Unsatisfiable {
        if (header == null) return Optional.empty();
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return Optional.empty();
        String spec = h.substring(6).trim();
        if (spec.contains(",")) return Optional.empty();
        int dash = spec.indexOf('-');
        if (dash < 0) return Optional.empty();
        String a = spec.substring(0, dash).trim(), b = spec.substring(dash + 1).trim();
        if (!a.chars().allMatch(Character::isDigit)
                || !b.chars().allMatch(Character::isDigit)
                || a.length() > 18
                || b.length() > 18) {
            return Optional.empty();
        }
        if (a.isEmpty()) {
            if (b.isEmpty()) return Optional.empty();
            long suffix = Long.parseLong(b);
            if (suffix == 0 || total == 0)
                throw new Unsatisfiable("suffix range of " + suffix + " bytes of a " + total + "-byte object");
            return Optional.of(new ByteRange(Math.max(0, total - suffix), total - 1, total));
        }
        long first = Long.parseLong(a);
        long last = b.isEmpty() ? total - 1 : Long.parseLong(b);
        if (!b.isEmpty() && last < first) return Optional.empty(); // invalid syntax: ignore the header
        if (first >= total)
            throw new Unsatisfiable("range starts at byte " + first + " of a " + total + "-byte object");
        return Optional.of(new ByteRange(first, Math.min(last, total - 1), total));
    }
}

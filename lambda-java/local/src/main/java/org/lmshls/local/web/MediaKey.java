package org.lmshls.local.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.lmshls.converter.AssetLayout;

/**
 * A request path under {@code /media/} turned into an object key of the output bucket, or
 * nothing. Only keys under {@code assets/} are served (the converted lectures, nothing else the
 * bucket may hold, such as the page itself behind CloudFront). Each path segment is
 * percent-decoded on its own, so an encoded {@code /} or {@code \} can never form a new segment;
 * segments that are empty, {@code .} or {@code ..} (however encoded), hold control characters or
 * are not valid UTF-8 are refused rather than normalised: a key that needs normalising is not one
 * the pipeline wrote.
 */
public final class MediaKey {
    /** Where the converted lectures are ({@link AssetLayout#ROOT}). */
    public static final String ROOT = AssetLayout.ROOT;

    private MediaKey() {}

    /** {@code rawPath}: the part after {@code /media/}, still percent-encoded, no query. */
    public static Optional<String> fromRawPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) return Optional.empty();
        StringBuilder key = new StringBuilder();
        for (String raw : rawPath.split("/", -1)) {
            String segment = decode(raw);
            if (segment == null || segment.isEmpty() || segment.equals(".") || segment.equals(".."))
                return Optional.empty();
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) return Optional.empty();
            }
            if (key.length() > 0) key.append('/');
            key.append(segment);
        }
        String k = key.toString();
        if (!k.startsWith(ROOT) || k.length() == ROOT.length()) return Optional.empty();
        return Optional.of(k);
    }

    /** Percent-decoding of one segment ({@code +} stays a plus: this is a path, not a form); null if malformed. */
    private static String decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) return null;
                int hi = Character.digit(s.charAt(i + 1), 16), lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                return null; // a raw non-ASCII byte in a request line is not a well-formed URI
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The URL path for a key: each segment percent-encoded (RFC 3986 unreserved kept). */
    public static String encode(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || c == '/') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}

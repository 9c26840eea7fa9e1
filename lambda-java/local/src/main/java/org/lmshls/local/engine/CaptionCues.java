package org.lmshls.local.engine;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lmshls.local.engine.EnginePlan.CaptionFormat;

/**
 * A sidecar caption file (WebVTT or SRT) read into cues, strictly: a file the engine cannot read
 * exactly fails the job with the file and the line, so nothing is published with captions that
 * differ from what was uploaded.
 *
 * <p>Encoding: UTF-8 (with or without a byte-order mark); UTF-16 with a byte-order mark is
 * converted. Anything else, typically Windows-1252 or Latin-1 from older subtitle editors, is
 * rejected naming the line and the byte: a legacy 8-bit file cannot be told apart from another
 * legacy encoding by its bytes, so converting it would garble some files. Line ends may be LF,
 * CRLF or CR.
 */
public final class CaptionCues {

    /** One cue; times in milliseconds from the start of the video; text as WebVTT cue text. */
    public record Cue(long startMs, long endMs, String text) {}

    private static final Pattern VTT_TIMING = Pattern.compile(
            "^((?:\\d{2,}:)?[0-5]\\d:[0-5]\\d\\.\\d{3})[ \\t]+-->[ \\t]+((?:\\d{2,}:)?[0-5]\\d:[0-5]\\d\\.\\d{3})(?:[ \\t].*)?$");
    private static final Pattern SRT_TIMING = Pattern.compile(
            "^(\\d{1,3}:[0-5]\\d:[0-5]\\d[,.]\\d{1,3})[ \\t]*-->[ \\t]*(\\d{1,3}:[0-5]\\d:[0-5]\\d[,.]\\d{1,3})(?:[ \\t].*)?$");
    private static final Pattern SRT_INDEX = Pattern.compile("^\\d+$");
    private static final Pattern SRT_KEPT_TAG = Pattern.compile("</?[ibu]>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SRT_FONT_TAG = Pattern.compile("</?font(?:\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);

    private CaptionCues() {}

    /** The cues of {@code bytes}, named {@code uri} in errors. */
    public static List<Cue> parse(byte[] bytes, CaptionFormat format, String uri) throws EngineException {
        String text = decode(bytes, uri);
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        if (text.isBlank()) {
            throw error(uri, 0, "is empty (no cues); upload it with its cues, or delete it");
        }
        List<Cue> cues = format == CaptionFormat.WEBVTT ? vtt(lines, uri) : srt(lines, uri);
        if (cues.isEmpty()) {
            throw error(uri, 0, "has no cues");
        }
        return cues;
    }

    /** Cues that start before {@code durationMs}, ending at the latest there; the rest are past the video's end. */
    public static List<Cue> within(List<Cue> cues, long durationMs) {
        List<Cue> out = new ArrayList<>();
        for (Cue c : cues) {
            if (c.startMs() < durationMs) {
                out.add(new Cue(c.startMs(), Math.min(c.endMs(), durationMs), c.text()));
            }
        }
        return out;
    }

    static String decode(byte[] b, String uri) throws EngineException {
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            return strictUtf8(b, 3, uri);
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
            return strict(b, 2, StandardCharsets.UTF_16LE, uri);
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
            return strict(b, 2, StandardCharsets.UTF_16BE, uri);
        }
        return strictUtf8(b, 0, uri);
    }

    private static String strictUtf8(byte[] b, int from, String uri) throws EngineException {
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, from, b.length - from);
        try {
            return d.decode(in).toString();
        } catch (CharacterCodingException e) {
            // Find the first byte that is not UTF-8, to name its line.
            int at = firstInvalidUtf8(b, from);
            int line = 1;
            for (int i = from; i < at; i++) {
                if (b[i] == '\n') line++;
            }
            throw error(
                    uri,
                    line,
                    String.format(
                            Locale.ROOT,
                            "is not UTF-8: byte 0x%02X is not valid UTF-8 (a Windows-1252 or Latin-1 file?). Save it as UTF-8 "
                                    + "(e.g. iconv -f WINDOWS-1252 -t UTF-8) and upload it again",
                            b[at] & 0xff));
        }
    }

    private static String strict(byte[] b, int from, Charset cs, String uri) throws EngineException {
        try {
            return cs.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, b.length - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error(uri, 0, "starts with a " + cs.name() + " byte-order mark but is not valid " + cs.name());
        }
    }

    private static int firstInvalidUtf8(byte[] b, int from) {
        int i = from;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int n = c < 0x80
                    ? 0
                    : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            if (n < 0) return i;
            for (int k = 1; k <= n; k++) {
                if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) return i;
            }
            i += n + 1;
        }
        // Well-formed lead/continuation bytes that still decode badly (an overlong form or a surrogate).
        return Math.max(from, b.length - 1);
    }

    private static List<Cue> vtt(String[] lines, String uri) throws EngineException {
        if (!(lines[0].equals("WEBVTT") || lines[0].startsWith("WEBVTT ") || lines[0].startsWith("WEBVTT\t"))) {
            throw error(uri, 1, "does not start with the line WEBVTT (is it an SRT file named .vtt?)");
        }
        int i = 1;
        while (i < lines.length && !lines[i].isEmpty()) i++; // the header block
        List<Cue> cues = new ArrayList<>();
        while (i < lines.length) {
            if (lines[i].isEmpty()) {
                i++;
                continue;
            }
            int blockStart = i;
            String first = lines[i];
            if (first.equals("NOTE")
                    || first.startsWith("NOTE ")
                    || first.startsWith("NOTE\t")
                    || first.equals("STYLE")
                    || first.equals("REGION")) {
                while (i < lines.length && !lines[i].isEmpty()) i++;
                continue;
            }
            int timingLine = first.contains("-->") ? i : i + 1;
            if (timingLine >= lines.length || lines[timingLine].isEmpty()) {
                throw error(
                        uri,
                        blockStart + 1,
                        "a cue identifier without a timing line after it: \"" + clip(first) + "\"");
            }
            i = cue(lines, timingLine, VTT, uri, cues);
        }
        return cues;
    }

    private static List<Cue> srt(String[] lines, String uri) throws EngineException {
        List<Cue> cues = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            int timingLine = SRT_INDEX.matcher(lines[i].strip()).matches() ? i + 1 : i;
            if (timingLine >= lines.length) {
                throw error(uri, i + 1, "a cue number without a timing line after it");
            }
            i = cue(lines, timingLine, SRT, uri, cues);
        }
        return cues;
    }

    /**
     * How the two formats' cue blocks differ: the timing line's syntax (and an example for messages),
     * whether the timing line may have spaces around it and whether a whitespace-only line ends the
     * text (SRT), whether a timing inside the text is an error (WebVTT: a missing blank line), and how
     * a text line becomes WebVTT cue text.
     */
    private record Syntax(
            Pattern timing,
            String example,
            boolean lenientSpace,
            boolean timingInTextIsError,
            UnaryOperator<String> textLine) {}

    private static final Syntax VTT =
            new Syntax(VTT_TIMING, "00:00:01.000 --> 00:00:04.000", false, true, UnaryOperator.identity());
    private static final Syntax SRT =
            new Syntax(SRT_TIMING, "00:00:01,000 --> 00:00:04,000", true, false, CaptionCues::srtLineToVtt);

    /** The cue whose timing line is {@code timingLine}, added to {@code cues}; returns the line after its text. */
    private static int cue(String[] lines, int timingLine, Syntax syntax, String uri, List<Cue> cues)
            throws EngineException {
        Matcher m = syntax.timing().matcher(syntax.lenientSpace() ? lines[timingLine].strip() : lines[timingLine]);
        if (!m.matches()) {
            throw error(
                    uri,
                    timingLine + 1,
                    "expected a cue timing like " + syntax.example() + ", found \"" + clip(lines[timingLine]) + "\"");
        }
        long start = millis(m.group(1)), end = millis(m.group(2));
        if (end <= start) {
            throw error(uri, timingLine + 1, "the cue ends (" + m.group(2) + ") before it starts (" + m.group(1) + ")");
        }
        int i = timingLine + 1;
        StringBuilder text = new StringBuilder();
        while (i < lines.length && !(syntax.lenientSpace() ? lines[i].isBlank() : lines[i].isEmpty())) {
            if (syntax.timingInTextIsError() && lines[i].contains("-->")) {
                throw error(uri, i + 1, "a cue timing inside a cue's text (a blank line is missing before it?)");
            }
            if (!text.isEmpty()) text.append('\n');
            text.append(syntax.textLine().apply(lines[i]));
            i++;
        }
        cues.add(new Cue(start, end, text.toString()));
        return i;
    }

    /** SRT text as WebVTT cue text: i/b/u kept, font tags dropped, every other {@code & < >} escaped. */
    static String srtLineToVtt(String line) {
        String noFont = SRT_FONT_TAG.matcher(line).replaceAll("");
        StringBuilder out = new StringBuilder();
        Matcher tag = SRT_KEPT_TAG.matcher(noFont);
        int at = 0;
        while (tag.find()) {
            out.append(escape(noFont.substring(at, tag.start())))
                    .append(tag.group().toLowerCase(Locale.ROOT));
            at = tag.end();
        }
        return out.append(escape(noFont.substring(at))).toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static long millis(String t) {
        String[] parts = t.replace(',', '.').split(":");
        long h = parts.length == 3 ? Long.parseLong(parts[0]) : 0;
        long m = Long.parseLong(parts[parts.length - 2]);
        String[] sec = parts[parts.length - 1].split("\\.");
        long s = Long.parseLong(sec[0]);
        String frac = (sec[1] + "00").substring(0, 3);
        return ((h * 60 + m) * 60 + s) * 1000 + Long.parseLong(frac);
    }

    /** {@code HH:MM:SS.mmm}, as WebVTT writes it. */
    static String timestamp(long ms) {
        return String.format(
                Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static EngineException error(String uri, int line, String what) {
        return new EngineException(
                EngineException.INPUT_UNREADABLE,
                "Caption file " + uri + (line > 0 ? ", line " + line : "") + ": " + what);
    }
}

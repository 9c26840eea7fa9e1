package org.lmshls.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmshls.local.engine.CaptionCues.Cue;
import org.lmshls.local.engine.EnginePlan.CaptionFormat;

/** Awkward caption files: each is read exactly or fails naming the file and the line. */
class CaptionCuesTest {
    static final String URI = "s3://input/course/intro.de.srt";

    static List<Cue> srt(byte[] b) throws EngineException {
        return CaptionCues.parse(b, CaptionFormat.SRT, URI);
    }

    static List<Cue> vtt(String s) throws EngineException {
        return CaptionCues.parse(s.getBytes(StandardCharsets.UTF_8), CaptionFormat.WEBVTT, "s3://input/intro.en.vtt");
    }

    static byte[] bytes(String s, Charset cs) {
        return s.getBytes(cs);
    }

    @Test
    void emptyFileFailsNamingIt() {
        for (byte[] empty : List.of(new byte[0], "\r\n\n ".getBytes(StandardCharsets.UTF_8), new byte[] {
            (byte) 0xEF, (byte) 0xBB, (byte) 0xBF
        })) {
            EngineException e = assertThrows(EngineException.class, () -> srt(empty));
            assertTrue(e.getMessage().contains(URI) && e.getMessage().contains("empty"), e.getMessage());
            assertEquals(EngineException.INPUT_UNREADABLE, e.errorCode());
        }
    }

    @Test
    void byteOrderMarkAndCrlfAreRead() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        b.write(
                "1\r\n00:00:01,000 --> 00:00:02,500\r\nÜber <i>alles</i>\r\nzweite Zeile\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nEnde\r\n"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(
                List.of(new Cue(1000, 2500, "Über <i>alles</i>\nzweite Zeile"), new Cue(3000, 4000, "Ende")),
                srt(b.toByteArray()));
        assertEquals(List.of(new Cue(1000, 2000, "a")), vtt("\uFEFFWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\na\r\n"));
        assertEquals(List.of(new Cue(1000, 2000, "a")), vtt("WEBVTT\r\r00:01.000 --> 00:02.000\ra\r"));
    }

    @Test
    void windows1252IsRejectedNamingTheLineAndTheByteNeverGarbled() {
        byte[] b = bytes("1\n00:00:01,000 --> 00:00:02,000\nCaf\u00e9 cr\u00e8me\n", Charset.forName("windows-1252"));
        EngineException e = assertThrows(EngineException.class, () -> srt(b));
        assertTrue(e.getMessage().contains(URI + ", line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("0xE9") && e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void utf16WithAByteOrderMarkIsConverted() throws Exception {
        byte[] b = bytes("\uFEFF1\n00:00:01,000 --> 00:00:02,000\nCaf\u00e9 \u65e5\u672c\n", StandardCharsets.UTF_16LE);
        assertEquals(List.of(new Cue(1000, 2000, "Caf\u00e9 \u65e5\u672c")), srt(b));
    }

    @Test
    void overlappingCuesAreKept() throws Exception {
        List<Cue> cues =
                vtt("WEBVTT\n\n00:01.000 --> 00:05.000\nfirst\n\nid-2\n00:03.000 --> 00:04.000 line:10%\nsecond\n");
        assertEquals(List.of(new Cue(1000, 5000, "first"), new Cue(3000, 4000, "second")), cues);
    }

    @Test
    void cuesPastTheEndAreCutOrDropped() {
        List<Cue> cues = List.of(new Cue(1000, 2000, "a"), new Cue(9000, 12_000, "b"), new Cue(10_000, 11_000, "c"));
        assertEquals(List.of(new Cue(1000, 2000, "a"), new Cue(9000, 10_000, "b")), CaptionCues.within(cues, 10_000));
    }

    @Test
    void malformedTimingFailsNamingTheLine() {
        EngineException e = assertThrows(
                EngineException.class,
                () -> srt("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03 -> 00:00:04\nbad\n"
                        .getBytes(StandardCharsets.UTF_8)));
        assertTrue(
                e.getMessage().contains(URI + ", line 6") && e.getMessage().contains("00:00:03 -> 00:00:04"),
                e.getMessage());
        e = assertThrows(EngineException.class, () -> vtt("1\n00:00:01.000 --> 00:00:02.000\nan SRT named .vtt\n"));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("WEBVTT"), e.getMessage());
        e = assertThrows(EngineException.class, () -> vtt("WEBVTT\n\n00:05.000 --> 00:02.000\nbackwards\n"));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("before it starts"), e.getMessage());
    }

    @Test
    void srtMarkupBecomesValidWebVttText() {
        assertEquals("<i>a</i> &lt; b &amp; c", CaptionCues.srtLineToVtt("<I>a</I> < b & c"));
        assertEquals("red", CaptionCues.srtLineToVtt("<font color=\"#ff0000\">red</font>"));
    }
}

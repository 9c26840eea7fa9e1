package org.lmshls.converter.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anyTextStaysValidJsonAndReadsBackUnchanged() throws Exception {
        String message = "Unable to open input file [s3://in/\u8B1B\u7FA9 \"final\"\\v2.mp4]: line1\nline2\t\u0001 end";
        String line = Log.warn("job_error")
                .with("jobId", "1-abc")
                .with("errorCode", 1010)
                .with("errorMessage", message)
                .with("seconds", 1.5)
                .with("retry", false)
                .with("token", null)
                .toJson();
        assertTrue(line.indexOf('\n') < 0, "one line: " + line);
        JsonNode back = JSON.readTree(line);
        assertEquals(
                List.of("level", "event", "jobId", "errorCode", "errorMessage", "seconds", "retry"),
                iterable(back.fieldNames()),
                "level and event first, then the fields in the order given, the null one left out");
        assertEquals("WARN", back.path("level").asText());
        assertEquals("job_error", back.path("event").asText());
        assertEquals(message, back.path("errorMessage").asText());
        assertEquals(1010, back.path("errorCode").intValue());
        assertTrue(back.path("errorCode").isInt());
        assertEquals(1.5, back.path("seconds").doubleValue());
        assertTrue(back.path("retry").isBoolean());
    }

    @Test
    void eventNamesAreSnakeCase() {
        assertThrows(IllegalArgumentException.class, () -> Log.info("web-started"));
        assertThrows(IllegalArgumentException.class, () -> Log.debug("webStarted"));
    }

    @Test
    void aJsonTreeIsEmbeddedAsJsonNotAsAStringWithItsNulls() throws Exception {
        JsonNode result = JSON.readTree("{\"submitted\":[{\"key\":\"a.mp4\",\"trigger\":null}],\"skipped\":0}");
        JsonNode back = JSON.readTree(Log.info("invoked").with("result", result).toJson());
        assertEquals(result, back.path("result"), "the tree as it is, its null included");
    }

    @Test
    void aPlainSinkGetsTheLineAndALeveledSinkAlsoItsLevelAndCause() {
        List<String> plain = new ArrayList<>();
        Log.error("create_job_failed").with("key", "a.mp4").to(plain::add, new IllegalStateException("x"));
        assertEquals(List.of("{\"level\":\"ERROR\",\"event\":\"create_job_failed\",\"key\":\"a.mp4\"}"), plain);

        List<Object> seen = new ArrayList<>();
        Log.Sink leveled = new Log.Sink() {
            @Override
            public void accept(String line) {
                throw new AssertionError("the leveled method is called");
            }

            @Override
            public void accept(Log.Level level, String line, Throwable cause) {
                seen.add(level);
                seen.add(line);
                seen.add(cause);
            }
        };
        IllegalStateException cause = new IllegalStateException("boom");
        Log.debug("listed").with("lectures", 2).to(leveled, cause);
        assertEquals(Log.Level.DEBUG, seen.get(0));
        assertEquals("{\"level\":\"DEBUG\",\"event\":\"listed\",\"lectures\":2}", seen.get(1));
        assertSame(cause, seen.get(2));
        Log.info("started").to(leveled);
        assertNull(seen.get(5), "no throwable");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}

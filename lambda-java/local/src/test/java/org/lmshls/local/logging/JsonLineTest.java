package org.lmshls.local.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anyTextStaysValidJsonAndReadsBackUnchanged() throws Exception {
        String message = "Unable to open input file [s3://in/\u8B1B\u7FA9 \"final\"\\v2.mp4]: line1\nline2\t\u0001 end";
        String line = JsonLine.of(
                "job_error",
                "jobId",
                "1-abc",
                "errorCode",
                1010,
                "errorMessage",
                message,
                "seconds",
                1.5,
                "retry",
                false,
                "token",
                null);
        assertTrue(line.indexOf('\n') < 0, "one line: " + line);
        JsonNode back = JSON.readTree(line);
        assertEquals("job_error", back.path("event").asText());
        assertEquals(message, back.path("errorMessage").asText());
        assertEquals(1010, back.path("errorCode").intValue());
        assertTrue(back.path("errorCode").isInt());
        assertEquals(1.5, back.path("seconds").doubleValue());
        assertTrue(back.path("retry").isBoolean());
        assertTrue(back.path("token").isMissingNode(), "a null value is left out, as the converter's Log does");
    }

    @Test
    void eventNamesAreSnakeCase() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> JsonLine.of("web-started"));
    }

    @Test
    void aJsonValueIsEmbeddedAsJsonNotAsAString() throws Exception {
        JsonNode result = JSON.readTree("{\"batchItemFailures\":[]}");
        JsonNode back = JSON.readTree(JsonLine.of("invoked", "result", result));
        assertTrue(back.path("result").isObject());
    }
}

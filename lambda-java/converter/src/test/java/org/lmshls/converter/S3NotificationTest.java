package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The converter's own event parsing against the Lambda runtime's: for every event fixture the
 * records it reads are the ones the runtime's serializer and {@code S3Event} give.
 */
class S3NotificationTest {

    static S3Event runtime(byte[] json) throws IOException {
        try (InputStream in = new ByteArrayInputStream(json)) {
            return LambdaEventSerializers.serializerFor(S3Event.class, S3NotificationTest.class.getClassLoader())
                    .fromJson(in);
        }
    }

    @Test
    void everyFixtureParsesToTheRecordsTheRuntimesSerializerGives() throws IOException {
        List<Path> fixtures;
        try (var dir = Files.list(Path.of("src/test/resources/events"))) {
            fixtures = dir.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(fixtures.isEmpty());
        int records = 0;
        for (Path f : fixtures) {
            byte[] json = Files.readAllBytes(f);
            List<S3Notification.Record> ours = S3Notification.parse(new ByteArrayInputStream(json));
            assertEquals(S3Notification.of(runtime(json)), ours, f.toString());
            records += ours.size();
        }
        assertFalse(records == 0, "the fixtures have records");
    }

    @Test
    void unknownFieldsNestedValuesAndNullsAreSkipped() {
        String json = """
            {"extra":{"Records":[1]},"Records":[{"eventName":"ObjectCreated:Put","userIdentity":{"a":[{"b":1}]},
             "eventTime":null,"s3":{"bucket":{"name":"in","ownerIdentity":{"principalId":"x"}},
             "object":{"key":"a%20b.mp4","size":3,"eTag":"e","sequencer":"01","versionId":null}}}],"more":[]}
            """;
        List<S3Notification.Record> r = S3Notification.parse(in(json));
        assertEquals(
                List.of(new S3Notification.Record("ObjectCreated:Put", null, "in", "a%20b.mp4", "", "01", "e")), r);
    }

    @Test
    void aTestEventHasNoRecordsAndAnEventTimeIsAnInstant() {
        assertEquals(List.of(), S3Notification.parse(in("{\"Event\":\"s3:TestEvent\",\"Bucket\":\"in\"}")));
        assertEquals(List.of(), S3Notification.parse(in("[]")));
        assertEquals(Instant.parse("2026-11-25T10:15:30.123Z"), S3Notification.instant("2026-11-25T10:15:30.123Z"));
        assertNull(S3Notification.instant("yesterday"));
        assertThrows(UncheckedIOException.class, () -> S3Notification.parse(in("{\"Records\":[{")));
    }

    static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}

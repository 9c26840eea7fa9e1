package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pure part of the handler: one record in, one plan out, for each kind of record S3 sends. */
class RecordPlannerTest {

    static final RecordPlanner PLANNER = new RecordPlanner(VideoSuffixes.bundled(), Captions.bundled(), "en");

    /** A record as S3 sends it: event name and raw (form-encoded) key. */
    static S3Event event(String eventName, String rawKey) {
        String object = rawKey == null ? "{}" : "{\"key\":\"" + rawKey + "\",\"sequencer\":\"0A\",\"eTag\":\"e\"}";
        String json = """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventTime":"2026-11-25T10:15:30.123Z",
          "eventName":"%s","s3":{"bucket":{"name":"in"},"object":%s}}]}
        """.formatted(eventName, object);
        return LambdaEventSerializers.serializerFor(S3Event.class, RecordPlannerTest.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The plan in one line: kind, key and what the kind adds. */
    static String describe(Plan p) {
        return switch (p) {
            case Plan.Video v -> "video " + v.upload().key() + " suffix=" + v.suffix() + " list=" + v.listPrefix();
            case Plan.Caption c ->
                "caption " + c.upload().key() + " "
                        + c.readings().stream()
                                .map(r -> r.stem() + ":" + r.language()
                                        + (r.fileTag() != null && !r.fileTag().equals(r.language())
                                                ? "(" + r.fileTag() + ")"
                                                : ""))
                                .collect(Collectors.joining(","))
                        + " list=" + c.listPrefix();
            case Plan.Skip s -> (s.malformed() ? "malformed " : "skip ") + s.reason();
        };
    }

    @Test
    void eachKindOfRecordGetsItsPlan() {
        // event name | raw key as S3 sends it | plan
        String[][] table = {
            {"ObjectCreated:Put", "intro.mp4", "video intro.mp4 suffix=.mp4 list=intro."},
            {
                "ObjectCreated:CompleteMultipartUpload",
                "red+flower.mp4",
                "video red flower.mp4 suffix=.mp4 list=red flower."
            },
            {"ObjectCreated:Put", "C%2B%2B.mp4", "video C++.mp4 suffix=.mp4 list=C++."},
            {"ObjectCreated:Put", "course/INTRO.MP4", "video course/INTRO.MP4 suffix=.MP4 list=course/INTRO."},
            {"s3:ObjectCreated:Copy", "a/b.mp4", "video a/b.mp4 suffix=.mp4 list=a/b."},
            {"ObjectCreated:Put", "intro.en.vtt", "caption intro.en.vtt intro:en,intro.en:en list=intro."},
            {
                "ObjectCreated:Put",
                "intro.es-419.vtt",
                "caption intro.es-419.vtt intro:es(es-419),intro.es-419:en list=intro."
            },
            {"ObjectCreated:Put", "intro.de.SRT", "caption intro.de.SRT intro:de,intro.de:en list=intro."},
            {
                "ObjectCreated:Put",
                "intro.fr.Vtt",
                "skip caption extension .Vtt is mixed case; MediaConvert's SourceFile" + " accepts .vtt or .VTT only"
            },
            {
                "ObjectCreated:Put",
                "notes.pdf",
                "skip not a video (suffix not in [.mp4]) nor a caption file ([.srt, .vtt])"
            },
            {"ObjectRemoved:Delete", "intro.mp4", "skip not an ObjectCreated event: ObjectRemoved:Delete"},
            {"ObjectCreated:Put", "bad%zz.mp4", "malformed object key is not validly URL-encoded: "},
            {"ObjectCreated:Put", null, "malformed record has no bucket or object key"},
        };
        for (String[] row : table) {
            String got =
                    describe(PLANNER.plan(event(row[0], row[1]).getRecords().get(0)));
            String expected = row[2];
            if (expected.endsWith(": ")) {
                got = got.substring(0, Math.min(got.length(), expected.length()));
            }
            assertEquals(expected, got, row[0] + " " + row[1]);
        }
    }

    @Test
    void theEventTimeIsKeptForTheTokenWindow() {
        Plan.Video v = (Plan.Video) PLANNER.plan(
                event("ObjectCreated:Put", "intro.mp4").getRecords().get(0));
        assertEquals(java.time.Instant.parse("2026-11-25T10:15:30.123Z"), v.eventTime());
    }
}

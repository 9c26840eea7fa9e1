package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.lmshls.converter.S3Upload;
import org.lmshls.local.s3.LocalS3.ObjectCreated;
import org.lmshls.local.trigger.S3EventJson;

class S3EventJsonTest {

    @Test
    void keyIsFormEncodedLikeS3WithSlashesKept() {
        assertEquals(
                "course-1/week+2/red+flower+%281%29.mp4", S3EventJson.encodeKey("course-1/week 2/red flower (1).mp4"));
        assertEquals("a%2Bb.mp4", S3EventJson.encodeKey("a+b.mp4"));
        assertEquals("caf%C3%A9.mp4", S3EventJson.encodeKey("café.mp4"));
    }

    @Test
    void eventHasS3sShapeAndTheConverterDecodesItsKeyBack() throws Exception {
        String json = S3EventJson.build(
                new ObjectCreated("ObjectCreated:Put", "in", "week 2/a+b.mp4", 42, "abc", null), "eu-west-1");
        JsonNode r = new ObjectMapper().readTree(json).path("Records").path(0);
        assertEquals("2.1", r.path("eventVersion").asText());
        assertEquals("aws:s3", r.path("eventSource").asText());
        assertEquals("ObjectCreated:Put", r.path("eventName").asText());
        assertEquals("eu-west-1", r.path("awsRegion").asText());
        assertEquals("arn:aws:s3:::in", r.path("s3").path("bucket").path("arn").asText());
        assertEquals(42, r.path("s3").path("object").path("size").asLong());
        assertFalse(r.path("s3").path("object").has("versionId"), "no versionId for an unversioned bucket");
        assertTrue(r.path("s3").path("object").path("sequencer").asText().matches("[0-9A-F]{16}"));
        S3Event event = LambdaEventSerializers.serializerFor(
                        S3Event.class, getClass().getClassLoader())
                .fromJson(json);
        String raw = event.getRecords().get(0).getS3().getObject().getKey();
        assertEquals("week+2/a%2Bb.mp4", raw);
        assertEquals("week 2/a+b.mp4", S3Upload.decodeKey(raw));
    }

    @Test
    void sequencersGrow() throws Exception {
        ObjectCreated o = new ObjectCreated("ObjectCreated:Put", "in", "k.mp4", 1, "e", null);
        String a = sequencer(S3EventJson.build(o, "us-east-1"));
        String b = sequencer(S3EventJson.build(o, "us-east-1"));
        assertTrue(b.compareTo(a) > 0, a + " then " + b);
    }

    private static String sequencer(String eventJson) throws Exception {
        return new ObjectMapper()
                .readTree(eventJson)
                .at("/Records/0/s3/object/sequencer")
                .asText();
    }
}

package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.8 / PLAN C5: exactly one job per upload whatever the retry timing. The stand-in creates
 * the job and then drops every answer (a lost response), so the invocation fails and Lambda retries
 * it a minute or two later, when MediaConvert no longer remembers the token.
 */
class ExactlyOnceTest {

    static final String INPUT = ConverterHandlerTest.INPUT;
    static LoopbackS3 s3;

    RecordingMediaConvert server;
    ConverterHandler handler;

    @BeforeEach
    void start() throws Exception {
        s3 = LoopbackS3.shared();
        server = new RecordingMediaConvert();
        handler = server.converter(s3.objects());
        s3.put(INPUT, "intro.mp4", "video");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** An upload of intro.mp4 that S3 announced at {@code eventTime}. */
    static S3Event uploadAt(String key, Instant eventTime, String sequencer) {
        String json = """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
          "eventTime":"%s","eventName":"ObjectCreated:Put",
          "s3":{"bucket":{"name":"%s"},"object":{"key":"%s","size":5,"eTag":"e","sequencer":"%s"}}}]}
        """.formatted(eventTime, INPUT, key, sequencer);
        return LambdaEventSerializers.serializerFor(S3Event.class, ExactlyOnceTest.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aJobWhoseAnswerWasLostIsFoundByItsTokenWhenLambdaRetriesAfterTheTokenWindow() {
        // Lambda's retries of an asynchronous invocation come about one and then two minutes later:
        // the same event, its eventTime by then older than MediaConvert's token window.
        S3Event event = uploadAt("intro.mp4", Instant.now().minusSeconds(70), "0A");
        // Every attempt loses its answer (the SDK's standard retries, and the JDK's own retry of a POST).
        server.dropCreateJobAnswers(Integer.MAX_VALUE);
        InvocationContext first = new InvocationContext(30_000);
        assertThrows(ConverterHandler.JobSubmissionException.class, () -> handler.handle(event, first));
        assertEquals(1, server.jobs().size(), "the first attempt created the job; the SDK's retries reused its token");
        assertEquals(
                1, first.decisions("create_job_failed").size(), first.lines().toString());

        server.dropCreateJobAnswers(0);
        server.forgetTokens(); // a minute later
        InvocationContext retry = new InvocationContext(30_000);
        Summary summary = handler.handle(event, retry);

        assertEquals(1, server.jobs().size(), "exactly one job for the upload: " + server.jobs());
        Summary.Submitted s = summary.submitted().get(0);
        assertTrue(s.alreadySubmitted());
        assertEquals(server.jobs().get(0).path("id").asText(), s.jobId());
        JsonNode line = retry.decisions("already_submitted").get(0);
        assertEquals(s.jobId(), line.path("jobId").asText());
        assertEquals(0, retry.decisions("submitted").size());
        // The retry still writes the manifest the first attempt never got to.
        assertEquals(
                s.jobId(),
                LectureJsonTest.json(s3.get(ConverterHandlerTest.OUTPUT, "assets/intro/lecture.json"))
                        .path("jobId")
                        .asText());
    }

    @Test
    void theLookupPagesThroughNewerJobsAndStopsAtJobsOlderThanTheEvent() {
        S3Event event = uploadAt("intro.mp4", Instant.now().minusSeconds(70), "0B");
        server.dropCreateJobAnswers(Integer.MAX_VALUE);
        assertThrows(ConverterHandler.JobSubmissionException.class, () -> handler.handle(event, null));
        server.dropCreateJobAnswers(0);
        // 45 other uploads since: the job is on the third ListJobs page of 20.
        for (int i = 0; i < 45; i++) {
            s3.put(INPUT, "other" + i + ".mp4", "video");
            handler.handle(uploadAt("other" + i + ".mp4", Instant.now(), "0C"), null);
        }
        server.forgetTokens();
        Summary summary = handler.handle(event, null);
        assertTrue(summary.submitted().get(0).alreadySubmitted());
        assertEquals(46, server.jobs().size());
        long pages = server.calls().stream()
                .filter(r -> r.method().equals("GET") && r.path().equals("/2017-08-29/jobs"))
                .count();
        assertTrue(pages >= 3, "pages read: " + pages);
    }

    @Test
    void anEventInsideTheTokenWindowIsNotLookedUpTheTokenIsEnough() {
        handler.handle(uploadAt("intro.mp4", Instant.now(), "0D"), null);
        handler.handle(uploadAt("intro.mp4", Instant.now(), "0D"), null);
        assertEquals(1, server.jobs().size(), "MediaConvert answered the second CreateJob with the first job");
        assertEquals(2, server.requests().size());
        assertFalse(server.calls().stream().anyMatch(r -> r.method().equals("GET")), "no ListJobs");
    }
}

package org.lmshls.local.mediaconvert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmshls.converter.S3Location;
import org.lmshls.converter.TemplateGroups;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.StatusUpdateInterval;

/**
 * The local MediaConvert API is no kinder than MediaConvert: a {@code clientRequestToken} is
 * honoured for one minute only, and the events are MediaConvert's set and shapes (no SUBMITTED;
 * PROGRESSING, INPUT_INFORMATION, STATUS_UPDATE at the job's interval, COMPLETE, ERROR), ListJobs
 * pages and orders as MediaConvert does. Spoken to through the real SDK client; the clock is the
 * service's own, moved by the test. What is tested is the service, so the engine is a fake
 * ({@link FakeEngine}): no video is transcoded here (the end-to-end tests do that).
 */
class LocalApiFidelityTest {
    static final LocalApiFixture.MovableClock CLOCK =
            new LocalApiFixture.MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    static final int WORKERS = 2;
    static FakeEngine engine;
    static JobEvents events;
    static JobService service;
    static MediaConvertServer api;
    static MediaConvertClient client;
    static final List<ObjectNode> EVENTS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        engine = new FakeEngine(Duration.ofMillis(1500));
        events = new JobEvents("us-east-1", "000000000000", null, null, CLOCK);
        events.addListener(e -> EVENTS.add(events.eventBridge(e)));
        // Each StatusUpdateInterval lasts a fortieth of its name (SECONDS_12: 300 ms) so a short job sees several.
        service = new JobService(
                engine,
                events,
                "us-east-1",
                "000000000000",
                WORKERS,
                new JobService.Timing(CLOCK, i -> JobService.intervalLength(i).dividedBy(40)));
        api = MediaConvertServer.start(0, service);
        client = LocalApiFixture.client(api.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        LocalApiFixture.closeAll(client, api, service);
    }

    static CreateJobRequest request(String inputKey, String token) {
        JobSettings t = JobTemplate.bundled();
        List<OutputGroup> groups = t.outputGroups().stream()
                .map(g -> TemplateGroups.withDestination(
                        g, new S3Location("output-bucket", inputKey + "/" + g.customName() + "/lecture")))
                .toList();
        JobSettings settings = t.toBuilder()
                .inputs(t.inputs().get(0).toBuilder()
                        .fileInput("s3://input-bucket/" + inputKey)
                        .build())
                .outputGroups(groups)
                .build();
        return CreateJobRequest.builder()
                .role("arn:aws:iam::000000000000:role/mc")
                .settings(settings)
                .userMetadata(java.util.Map.of("assetID", inputKey))
                .clientRequestToken(token)
                .build();
    }

    static List<ObjectNode> eventsOf(String jobId) {
        return EVENTS.stream()
                .filter(e -> e.path("detail").path("jobId").asText().equals(jobId))
                .toList();
    }

    static List<String> statuses(String jobId) {
        return eventsOf(jobId).stream()
                .map(e -> e.path("detail").path("status").asText())
                .toList();
    }

    static void awaitFinished(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            JobStatus s = client.getJob(r -> r.id(jobId)).job().status();
            if (s == JobStatus.COMPLETE || s == JobStatus.ERROR || s == JobStatus.CANCELED) {
                Thread.sleep(100); // the final event is emitted right after the status changes
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    @Test
    void aClientRequestTokenIsHonouredForOneMinuteOnly() throws Exception {
        CreateJobRequest request = request("missing-token-test.mp4", "token-one-minute");
        String first = client.createJob(request).job().id();
        CLOCK.advance(Duration.ofSeconds(59));
        assertEquals(first, client.createJob(request).job().id(), "59 s later the token still names the first job");
        CLOCK.advance(Duration.ofSeconds(2));
        String later = client.createJob(request).job().id();
        assertNotEquals(first, later, "61 s after the first request MediaConvert starts a new job");
        assertEquals(later, client.createJob(request).job().id(), "and the token now names the new job");
        awaitFinished(first);
        awaitFinished(later);
    }

    @Test
    void aFailedJobSendsProgressingThenErrorWithCodeAndMessageAndNoSubmitted() throws Exception {
        String id = client.createJob(request("does-not-exist.mp4", null)).job().id();
        awaitFinished(id);
        assertEquals(List.of("PROGRESSING", "ERROR"), statuses(id));
        JsonNode error = eventsOf(id).get(1).path("detail");
        assertEquals(1010, error.path("errorCode").asInt());
        assertTrue(
                error.path("errorMessage").asText().contains("s3://input-bucket/does-not-exist.mp4"), error.toString());
    }

    @Test
    void aRunningJobSendsInputInformationStatusUpdatesAtItsIntervalAndComplete() throws Exception {
        CreateJobRequest request = request("clip.mp4", null).toBuilder()
                .statusUpdateInterval(StatusUpdateInterval.SECONDS_12)
                .build();
        String id = client.createJob(request).job().id();
        assertEquals("SECONDS_12", client.getJob(r -> r.id(id)).job().statusUpdateIntervalAsString());
        awaitFinished(id);

        List<String> statuses = statuses(id);
        assertFalse(statuses.contains("SUBMITTED"), "MediaConvert sends no SUBMITTED event: " + statuses);
        assertEquals("PROGRESSING", statuses.get(0), statuses.toString());
        assertEquals("COMPLETE", statuses.get(statuses.size() - 1), statuses.toString());
        // In between: one INPUT_INFORMATION once probed (a slow download may let a STATUS_UPDATE come first), the rest
        // STATUS_UPDATEs.
        List<String> between = statuses.subList(1, statuses.size() - 1);
        assertEquals(1, between.stream().filter("INPUT_INFORMATION"::equals).count(), statuses.toString());
        assertTrue(
                between.stream().allMatch(st -> st.equals("INPUT_INFORMATION") || st.equals("STATUS_UPDATE")),
                statuses.toString());
        assertTrue(
                statuses.contains("STATUS_UPDATE"),
                "a job running several 300 ms intervals gets STATUS_UPDATEs: " + statuses);

        JsonNode input = eventsOf(id)
                .get(statuses.indexOf("INPUT_INFORMATION"))
                .path("detail")
                .path("inputDetails")
                .path(0);
        assertEquals("s3://input-bucket/clip.mp4", input.path("uri").asText());
        assertEquals(1, input.path("id").asInt());
        JsonNode video = input.path("video").path(0);
        assertEquals(640, video.path("width").asInt());
        assertEquals(360, video.path("height").asInt());
        assertEquals("H_264", video.path("codec").asText());
        assertEquals(30, video.path("frameRate").asInt());
        assertEquals("AAC", input.path("audio").path(0).path("codec").asText());

        for (ObjectNode e : eventsOf(id)) {
            assertEquals("MediaConvert Job State Change", e.path("detail-type").asText());
            assertEquals("aws.mediaconvert", e.path("source").asText());
            if (!e.path("detail").path("status").asText().equals("STATUS_UPDATE")) continue;
            JsonNode progress = e.path("detail").path("jobProgress");
            assertTrue(progress.path("jobPercentComplete").isInt(), e.toString());
            assertTrue(
                    List.of("PROBING", "TRANSCODING", "UPLOADING")
                            .contains(progress.path("currentPhase").asText()),
                    e.toString());
            for (String phase : List.of("PROBING", "TRANSCODING", "UPLOADING")) {
                assertTrue(
                        List.of("PENDING", "PROGRESSING", "COMPLETE")
                                .contains(progress.path("phaseProgress")
                                        .path(phase)
                                        .path("status")
                                        .asText()),
                        e.toString());
            }
            assertTrue(e.path("detail").path("framesDecoded").isNumber(), e.toString());
        }
        JsonNode complete = eventsOf(id).get(statuses.size() - 1).path("detail");
        assertEquals(
                "HLS_GROUP",
                complete.path("outputGroupDetails").path(0).path("type").asText());
    }

    @Test
    void aJobWithoutAnIntervalGetsMediaConvertsDefaultOfOneMinute() {
        assertEquals(
                StatusUpdateInterval.SECONDS_60,
                new LocalJob(
                                new LocalJob.Submission("1", 1, "arn", "q", request("x.mp4", null), Instant.EPOCH),
                                j -> {})
                        .statusUpdateInterval());
        assertEquals(Duration.ofSeconds(60), JobService.intervalLength(StatusUpdateInterval.SECONDS_60));
        assertEquals(Duration.ofMinutes(10), JobService.intervalLength(StatusUpdateInterval.SECONDS_600));
        assertEquals(Duration.ofSeconds(12), JobService.intervalLength(StatusUpdateInterval.SECONDS_12));
    }

    @Test
    void listJobsPagesNewestFirstByDefaultOldestFirstOnRequestAndFiltersByQueue() throws Exception {
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(client.createJob(request("paging-" + i + ".mp4", null).toBuilder()
                            .userMetadata(java.util.Map.of("assetID", "paging-" + i, "test", "paging"))
                            .build())
                    .job()
                    .id());
            CLOCK.advance(Duration.ofSeconds(1));
        }
        List<String> newestFirst = new java.util.ArrayList<>();
        int pages = 0;
        String next = null;
        do {
            String token = next;
            var page = client.listJobs(r -> r.maxResults(2).nextToken(token));
            assertTrue(page.jobs().size() <= 2, "maxResults bounds a page");
            page.jobs().stream()
                    .filter(j -> "paging".equals(j.userMetadata().get("test")))
                    .forEach(j -> newestFirst.add(j.id()));
            next = page.nextToken();
            pages++;
        } while (next != null);
        assertTrue(pages >= 3, "5 jobs at 2 a page take at least 3 pages");
        assertEquals(created.reversed(), newestFirst, "DESCENDING (the default): newest first, none twice");
        List<String> oldestFirst = client
                .listJobsPaginator(r -> r.order("ASCENDING").maxResults(3))
                .jobs()
                .stream()
                .filter(j -> "paging".equals(j.userMetadata().get("test")))
                .map(software.amazon.awssdk.services.mediaconvert.model.Job::id)
                .toList();
        assertEquals(created, oldestFirst);
        assertEquals(
                5,
                client.listJobsPaginator(r -> r.queue("Default")).jobs().stream()
                        .filter(j -> "paging".equals(j.userMetadata().get("test")))
                        .count(),
                "the Default queue by name");
        assertEquals(0, client.listJobs(r -> r.queue("Other")).jobs().size(), "no job in another queue");
        for (String id : created) awaitFinished(id);
    }

    @Test
    void jobsWaitForAFreeWorkerAndNoMoreRunAtOnceThanThePoolHas() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++)
            ids.add(client.createJob(request("queued-" + i + ".mp4", null))
                    .job()
                    .id());
        assertTrue(
                ids.stream().anyMatch(id -> client.getJob(r -> r.id(id)).job().status() == JobStatus.SUBMITTED),
                "with 2 workers and 6 jobs some wait SUBMITTED");
        for (String id : ids) awaitFinished(id);
        for (String id : ids)
            assertEquals(JobStatus.COMPLETE, client.getJob(r -> r.id(id)).job().status());
        assertTrue(engine.mostAtOnce() <= WORKERS, "at most " + WORKERS + " at once, saw " + engine.mostAtOnce());
        assertTrue(engine.ran().containsAll(ids));
    }

    @Test
    void aDroppedCreateJobAnswerStillLeavesExactlyTheOneJobItCreated() throws Exception {
        CreateJobRequest request = request("dropped-answer.mp4", "token-dropped-answer");
        try (MediaConvertClient noRetries = LocalApiFixture.clientBuilder(api.endpoint())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            api.dropCreateJobAnswers(1);
            org.junit.jupiter.api.Assertions.assertThrows(
                    software.amazon.awssdk.core.exception.SdkClientException.class,
                    () -> noRetries.createJob(request),
                    "the answer is lost: the caller sees the connection end");
        }
        List<software.amazon.awssdk.services.mediaconvert.model.Job> made =
                client.listJobsPaginator(r -> r.maxResults(20)).jobs().stream()
                        .filter(j -> "token-dropped-answer".equals(j.clientRequestToken()))
                        .toList();
        assertEquals(1, made.size(), "the job was created although its answer was dropped");
        assertEquals(
                made.get(0).id(), client.createJob(request).job().id(), "a retry inside the token window finds it");
        awaitFinished(made.get(0).id());
    }
}

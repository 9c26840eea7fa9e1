package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmshls.converter.S3Location;
import org.lmshls.converter.TemplateGroups;
import org.lmshls.local.s3.LocalS3.ObjectCreated;
import org.lmshls.local.trigger.S3EventJson;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.services.mediaconvert.model.BadRequestException;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.mediaconvert.model.NotFoundException;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;

/**
 * The converter (the Lambda's own classes) → the local MediaConvert API over HTTP → the FFmpeg
 * engine → the local S3; outputs read back through the S3 API and checked with ffprobe/ffmpeg.
 */
class EndToEndTest extends SharedPipeline {
    static Path clip;
    static final String KEY = "course-1/week 2/intro.mp4";
    static Job job;

    @BeforeAll
    static void convertOneUpload() throws Exception {
        // 720p: the converter probes the source and keeps the rungs no taller than it (C6), so the job has the
        // template's ladder below 1080 (a smaller source would get one rendition at its own size).
        clip = pipeline.clip("intro.mp4", 12, 1280, 720, 30, true);
        pipeline.upload(clip, KEY);
        job = pipeline.finishedJobFor(KEY);
    }

    static String prefix() {
        return "assets/" + Pipeline.assetId(KEY) + "/";
    }

    @Test
    void uploadBecomesACompleteJobWithTheConvertersMetadataAndOutputDetails() {
        assertEquals(JobStatus.COMPLETE, job.status(), () -> "job " + job.id() + ": " + job.errorMessage());
        assertEquals(100, job.jobPercentComplete());
        assertEquals("course-1/week=202/intro", job.userMetadata().get("assetID"));
        assertEquals("lms-hls-local", job.userMetadata().get("application"));
        assertEquals(64, job.clientRequestToken().length());
        assertNotNull(job.timing().startTime());
        assertFalse(job.timing().finishTime().isBefore(job.timing().startTime()));
        assertEquals(
                "s3://" + pipeline.input() + "/" + KEY,
                job.settings().inputs().get(0).fileInput());
        assertEquals(3, job.outputGroupDetails().size());
        // The HLS group's video outputs (the audio rendition reports no picture), in the template's order.
        List<String> sizes = job.outputGroupDetails().get(0).outputDetails().stream()
                .filter(d -> d.videoDetails().widthInPx() > 0)
                .map(d -> d.videoDetails().widthInPx() + "x" + d.videoDetails().heightInPx())
                .toList();
        OutputChecks.checkLadder(sizes, "1280x720");
        assertTrue(job.outputGroupDetails().get(1).outputDetails().get(0).durationInMs() > 11_000);
    }

    @Test
    void hlsMasterListsTheLadderOfSixSecondSegmentsWithAnAudioRenditionThatDecodesWithoutErrors() throws Exception {
        Path hls = pipeline.download(prefix() + "HLS/", dir.resolve("hls"));
        Path master = hls.resolve("intro.m3u8");
        var variants = OutputChecks.checkMaster(master);
        OutputChecks.checkLadder(variants.values(), "1280x720");
        for (var v : variants.entrySet()) {
            // 12 s in 6 s segments
            Path variant = hls.resolve(v.getKey());
            assertEquals(
                    2,
                    OutputChecks.checkVariant(pipeline.ffmpeg(), variant, v.getValue()),
                    () -> v.getKey() + ":\n" + read(variant));
        }
        Path audio = hls.resolve("intro_audio.m3u8");
        assertEquals(2, OutputChecks.checkAudio(pipeline.ffmpeg(), audio), () -> "intro_audio.m3u8:\n" + read(audio));
        OutputChecks.checkDecodes(pipeline.ffmpeg(), master);
    }

    @Test
    void mp4IsH264AacAt720pWithMoovFirst() throws Exception {
        Path mp4 = pipeline.download(prefix() + "MP4/", dir.resolve("mp4")).resolve("intro.mp4");
        OutputChecks.checkMp4(pipeline.ffmpeg(), mp4);
        OutputChecks.checkDecodes(pipeline.ffmpeg(), mp4);
    }

    @Test
    void oneThumbnailPerFiveSecondsAt720p() throws Exception {
        Path thumbs = pipeline.download(prefix() + "Thumbnails/", dir.resolve("thumbs"));
        OutputChecks.checkThumbnails(pipeline.ffmpeg(), thumbs, "intro", 3); // 0 s, 5 s, 10 s of a 12 s clip
    }

    @Test
    void everyStateChangeIsAnEventBridgeShapedEvent() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("events.jsonl"))) {
            JsonNode e = json.readTree(line);
            if (e.path("detail").path("jobId").asText().equals(job.id())) events.add(e);
        }
        // MediaConvert's set: no SUBMITTED; STATUS_UPDATEs only if the job outlives its (default 60 s) interval.
        assertEquals(
                List.of("PROGRESSING", "INPUT_INFORMATION", "COMPLETE"),
                events.stream()
                        .map(e -> e.path("detail").path("status").asText())
                        .filter(s -> !s.equals("STATUS_UPDATE"))
                        .toList());
        JsonNode complete = events.get(events.size() - 1);
        assertEquals(
                "MediaConvert Job State Change", complete.path("detail-type").asText());
        assertEquals("aws.mediaconvert", complete.path("source").asText());
        assertEquals(job.arn(), complete.path("resources").path(0).asText());
        assertEquals(
                "lms-hls-local",
                complete.path("detail").path("userMetadata").path("application").asText());
        JsonNode hls = complete.path("detail").path("outputGroupDetails").path(0);
        assertEquals("HLS_GROUP", hls.path("type").asText());
        assertEquals(
                "s3://" + pipeline.output() + "/" + prefix() + "HLS/intro.m3u8",
                hls.path("playlistFilePaths").path(0).asText());
        // outputDetails follow the group's outputs: the first is a video rung (the template's first kept), the
        // audio rendition comes last.
        JsonNode details = hls.path("outputDetails");
        String first = details.path(0).path("outputFilePaths").path(0).asText();
        assertTrue(
                first.matches(java.util.regex.Pattern.quote("s3://" + pipeline.output() + "/" + prefix() + "HLS/intro_")
                        + "[0-9]+\\.m3u8"),
                first);
        assertEquals(
                "s3://" + pipeline.output() + "/" + prefix() + "HLS/intro_audio.m3u8",
                details.path(details.size() - 1).path("outputFilePaths").path(0).asText());
    }

    @Test
    void redeliveredS3EventDoesNotStartASecondJob() throws Exception {
        String key = "redelivered.mp4";
        pipeline.runtime
                .s3()
                .putObject(
                        r -> r.bucket(pipeline.input()).key("elsewhere/" + key),
                        software.amazon.awssdk.core.sync.RequestBody.fromFile(clip));
        String event = S3EventJson.build(
                new ObjectCreated(
                        "ObjectCreated:Put", pipeline.input(), key, 10, "0123456789abcdef0123456789abcdef", null),
                "us-east-1");
        assertTrue(pipeline.runtime.lambda().invoke(event));
        assertTrue(pipeline.runtime.lambda().invoke(event));
        List<Job> jobs = pipeline.mediaConvert.listJobsPaginator(r -> r.maxResults(20)).jobs().stream()
                .filter(j -> Pipeline.assetId(key).equals(j.userMetadata().get("assetID")))
                .toList();
        assertEquals(1, jobs.size(), "jobs for the redelivered event");
    }

    @Test
    void createJobWithTheSameClientRequestTokenReturnsTheSameJob() {
        CreateJobRequest request = CreateJobRequest.builder()
                .role("arn:aws:iam::000000000000:role/x")
                .settings(JobTemplate.bundled())
                .clientRequestToken("token-" + Instant.now().toEpochMilli())
                .build();
        String first = pipeline.mediaConvert.createJob(request).job().id();
        String again = pipeline.mediaConvert.createJob(request).job().id();
        String other = pipeline.mediaConvert
                .createJob(request.toBuilder()
                        .clientRequestToken(request.clientRequestToken() + "-2")
                        .build())
                .job()
                .id();
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void unsupportedSettingFailsTheJobNamingItAndWritesNothing() throws Exception {
        JobSettings template = JobTemplate.bundled();
        List<OutputGroup> groups = new ArrayList<>();
        for (OutputGroup g : template.outputGroups()) {
            groups.add(TemplateGroups.withDestination(
                    g, new S3Location(pipeline.output(), "assets/unsupported/" + g.customName() + "/unsupported")));
        }
        var mp4 = groups.get(1);
        var out = mp4.outputs().get(0);
        groups.set(
                1,
                mp4.toBuilder()
                        .outputs(out.toBuilder()
                                .videoDescription(out.videoDescription().toBuilder()
                                        .sharpness(30)
                                        .build())
                                .build())
                        .build());
        JobSettings settings = template.toBuilder()
                .inputs(template.inputs().get(0).toBuilder()
                        .fileInput("s3://" + pipeline.input() + "/" + KEY)
                        .build())
                .outputGroups(groups)
                .build();
        String id = pipeline.mediaConvert
                .createJob(r -> r.role("arn:aws:iam::000000000000:role/x").settings(settings))
                .job()
                .id();
        Job failed = waitFinished(id);
        assertEquals(JobStatus.ERROR, failed.status());
        assertEquals(1040, failed.errorCode());
        assertTrue(
                failed.errorMessage().contains("OutputGroups[1].Outputs[0].VideoDescription.Sharpness = 30"),
                failed.errorMessage());
        assertEquals(List.of(), pipeline.keys("assets/unsupported/"));
    }

    @Test
    void malformedRequestsAreMediaConvertShapedBadRequests() throws Exception {
        var e = assertThrows(
                BadRequestException.class,
                () -> pipeline.mediaConvert.createJob(r -> r.settings(JobTemplate.bundled())));
        assertTrue(e.getMessage().contains("role"), e.getMessage());
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(pipeline.runtime.mediaConvertEndpoint() + "/2017-08-29/jobs"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"role\":\"r\",\"settings\":{\"outputGroups\":[{\"bogusField\":1}]}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertEquals(
                "BadRequestException",
                response.headers().firstValue("x-amzn-ErrorType").orElse(""));
        assertTrue(response.body().contains("bogusField"), response.body());
        assertThrows(NotFoundException.class, () -> pipeline.mediaConvert.getJob(r -> r.id("1234567890-nosuch")));
    }

    @Test
    void awsCliCreatesGetsAndListsJobsAgainstTheLocalApi() throws Exception {
        Assumptions.assumeTrue(onPath("aws"), "the AWS CLI is not installed");
        Path settings = dir.resolve("cli-settings.json");
        // The CLI takes the template's own PascalCase JSON.
        String text = Files.readString(Path.of("../../job-templates/hls-abr.json"))
                .replace("s3://replaced-per-upload/input.mp4", "s3://" + pipeline.input() + "/" + KEY)
                .replace("s3://replaced-per-upload/", "s3://" + pipeline.output() + "/cli/");
        Files.writeString(settings, text);
        String endpoint = pipeline.runtime.mediaConvertEndpoint().toString();
        Map<String, String> env = Map.of(
                "AWS_ACCESS_KEY_ID",
                "local",
                "AWS_SECRET_ACCESS_KEY",
                "local-secret-key",
                "AWS_DEFAULT_REGION",
                "us-east-1",
                "AWS_PAGER",
                "",
                "AWS_CONFIG_FILE",
                "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE",
                "/dev/null");
        ObjectMapper json = new ObjectMapper();
        JsonNode created = json.readTree(aws(
                env,
                "mediaconvert",
                "create-job",
                "--endpoint-url",
                endpoint,
                "--role",
                "arn:aws:iam::000000000000:role/cli",
                "--settings",
                "file://" + settings,
                "--user-metadata",
                "source=cli"));
        String id = created.path("Job").path("Id").asText();
        assertFalse(id.isEmpty(), created.toString());
        Job done = waitFinished(id);
        assertEquals(JobStatus.COMPLETE, done.status(), done.errorMessage());
        JsonNode got = json.readTree(aws(env, "mediaconvert", "get-job", "--endpoint-url", endpoint, "--id", id));
        assertEquals("COMPLETE", got.path("Job").path("Status").asText());
        assertEquals("cli", got.path("Job").path("UserMetadata").path("source").asText());
        JsonNode listed = json.readTree(
                aws(env, "mediaconvert", "list-jobs", "--endpoint-url", endpoint, "--status", "COMPLETE"));
        List<String> ids = new ArrayList<>();
        listed.path("Jobs").forEach(j -> ids.add(j.path("Id").asText()));
        assertTrue(ids.contains(id), "list-jobs " + ids);
        OutputChecks.checkMaster(pipeline.download("cli/HLS/", dir.resolve("cli-hls"))
                .resolve("intro.m3u8")); // a folder destination: named after the input
    }

    private static String aws(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("aws"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--output", "json", "--region", "us-east-1"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return Pipeline.run(pb).out();
    }

    private static boolean onPath(String exe) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, exe)));
    }

    static Job waitFinished(String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Pipeline.JOB_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            Job j = pipeline.mediaConvert.getJob(r -> r.id(id)).job();
            if (j.status() == JobStatus.COMPLETE || j.status() == JobStatus.ERROR || j.status() == JobStatus.CANCELED)
                return j;
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    static String joined(List<String> l) {
        return l.stream().collect(Collectors.joining(","));
    }
}

package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.lmshls.converter.log.Log;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.mediaconvert.model.ListJobsResponse;
import software.amazon.awssdk.services.mediaconvert.model.Order;
import software.amazon.awssdk.services.mediaconvert.model.ProbeResponse;

/**
 * The I/O for one record that needs work: list the caption files (S3), probe the video
 * (MediaConvert), build the request, make sure an earlier attempt did not already create the job,
 * CreateJob, write {@code lecture.json} (S3). Every step logs one line; a failure that a retry can
 * fix is returned, so the handler throws once every record has been tried.
 */
final class Submitter {

    /**
     * MediaConvert honours a {@code ClientRequestToken} for about a minute. An event older than
     * this may be a retry after that window, so the converter asks ListJobs first (PLAN C5).
     */
    static final Duration TOKEN_WINDOW = Duration.ofSeconds(50);
    /** How many ListJobs pages of 20 (newest first) the lookup reads at most. */
    static final int LOOKUP_PAGES = 5;
    /** Jobs created this long before the event cannot be its job (clock skew between S3 and MediaConvert). */
    static final Duration LOOKUP_SKEW = Duration.ofMinutes(1);

    private final ConverterConfig config;
    private final MediaConvertClient mediaConvert;
    private final S3Objects s3;
    private final JobRequestFactory jobs;
    private final Captions captions;
    private final VideoSuffixes suffixes;
    private final Clock clock;

    Submitter(
            ConverterConfig config,
            MediaConvertClient mediaConvert,
            S3Objects s3,
            JobRequestFactory jobs,
            Captions captions,
            VideoSuffixes suffixes,
            Clock clock) {
        this.config = config;
        this.mediaConvert = mediaConvert;
        this.s3 = s3;
        this.jobs = jobs;
        this.captions = captions;
        this.suffixes = suffixes;
        this.clock = clock;
    }

    /** What a record's work ended with: the jobs, and the failures a retry may fix (already logged). */
    record Outcome(
            List<Summary.Submitted> submitted, List<String> failures, Throwable firstCause, boolean nothingToDo) {}

    /** One job to submit: a video, its caption files, the upload that triggered it and its token. */
    private record Todo(S3Upload video, String suffix, Captions.Found captions, String trigger, String token) {
        AssetLayout asset() {
            return AssetLayout.forKey(video.key(), suffix);
        }
    }

    Outcome submit(Plan.Work work, int record, Context context) {
        Log.Sink log = LambdaLog.sink(context);
        // A video's probe and title do not depend on the listing: they start now and run beside it
        // (on a cold start each call's first use of its client is the slow part, so the three
        // overlap instead of queueing). A caption upload learns its videos from the listing.
        Started early = work instanceof Plan.Video v ? start(v.upload(), v.suffix(), record, context, log) : null;
        List<String> listed;
        try {
            listed = s3.keys(work.upload().bucket(), work.listPrefix(), timeouts(context, "S3"));
        } catch (S3Objects.S3Exception e) {
            settle(early);
            Log.error("list_captions_failed")
                    .with("record", record)
                    .with("bucket", work.upload().bucket())
                    .with("key", work.upload().key())
                    .with("prefix", work.listPrefix())
                    .withAll(e.describe())
                    .to(log);
            return failed(work.upload().key() + ": listing its caption files failed: " + e.getMessage(), e);
        } catch (TooLittleTime e) {
            settle(early);
            tooLittleTime(log, "list_captions_failed", record, work.upload(), e, context);
            return failed(work.upload().key() + ": not enough time left", null);
        }
        List<Todo> todo = jobsFor(work, listed, record, log);
        List<Summary.Submitted> done = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Throwable first = null;
        for (Todo job : todo) {
            try {
                Started calls = early != null && job.video().equals(work.upload())
                        ? early
                        : start(job.video(), job.suffix(), record, context, log);
                done.add(run(job, calls, work.eventTime(), record, context, log));
            } catch (JobFailed e) {
                failures.add(e.getMessage());
                first = first == null ? e.getCause() : first;
            }
        }
        return new Outcome(done, failures, first, todo.isEmpty());
    }

    private static Outcome failed(String failure, Throwable cause) {
        return new Outcome(List.of(), List.of(failure), cause, false);
    }

    /** A video's own job; for a caption file, one job per video of the listing it belongs to. */
    private List<Todo> jobsFor(Plan.Work work, List<String> listed, int record, Log.Sink log) {
        String language = config.defaultCaptionLanguage();
        int room = Captions.MAX_SELECTORS - jobs.templateCaptionSelectors();
        if (work instanceof Plan.Video v) {
            Captions.Found found = captions.forStem(v.stem(), listed, language, room);
            logLeft(found, record, log);
            return List.of(
                    new Todo(v.upload(), v.suffix(), found, null, v.upload().idempotencyToken()));
        }
        Plan.Caption c = (Plan.Caption) work;
        List<Todo> out = new ArrayList<>();
        boolean anyVideo = false;
        for (String key : listed) {
            Optional<String> suffix = suffixes.match(key);
            if (suffix.isEmpty()) {
                continue;
            }
            String stem = key.substring(0, key.length() - suffix.get().length());
            if (c.readings().stream().noneMatch(r -> r.stem().equals(stem))) {
                continue;
            }
            anyVideo = true;
            Captions.Found found = captions.forStem(stem, listed, language, room);
            if (found.files().stream().noneMatch(f -> f.key().equals(c.upload().key()))) {
                Log.info("skipped")
                        .with("record", record)
                        .with("key", c.upload().key())
                        .with("video", key)
                        .with(
                                "reason",
                                found.left().stream()
                                        .filter(l -> l.key().equals(c.upload().key()))
                                        .map(Captions.Left::reason)
                                        .findFirst()
                                        .orElse("not one of this video's caption files"))
                        .with("captions", describe(found.files()))
                        .to(log);
                continue;
            }
            logLeft(found, record, log);
            S3Upload video = new S3Upload(c.upload().bucket(), key, null, null, null);
            out.add(new Todo(
                    video, suffix.get(), found, c.upload().key(), c.upload().idempotencyTokenFor(key)));
        }
        if (!anyVideo) {
            Log.info("skipped")
                    .with("record", record)
                    .with("key", c.upload().key())
                    .with("reason", "caption file's video is not uploaded yet; its job will include this file")
                    .with(
                            "videos",
                            c.readings().stream()
                                    .map(r -> r.stem() + "{" + String.join(",", suffixes.asList()) + "}")
                                    .toList())
                    .to(log);
        }
        return out;
    }

    private static void logLeft(Captions.Found found, int record, Log.Sink log) {
        for (Captions.Left l : found.left()) {
            Log.info("caption_skipped")
                    .with("record", record)
                    .with("key", l.key())
                    .with("language", l.language())
                    .with("reason", l.reason())
                    .to(log);
        }
        for (Captions.CaptionFile f : found.files()) {
            if (f.mapped()) {
                Log.info("caption_language_mapped")
                        .with("record", record)
                        .with("key", f.key())
                        .with("fileTag", f.fileTag())
                        .with("language", f.language())
                        .with("reason", "MediaConvert's CustomLanguageCode allows no digit subtags")
                        .to(log);
            }
        }
    }

    private static List<String> describe(List<Captions.CaptionFile> files) {
        return files.stream().map(f -> f.language() + "=" + f.key()).toList();
    }

    /** A video's Probe and HeadObject (for the title), running; neither fails (both fall back, logged). */
    private record Started(CompletableFuture<Ladder.Source> source, CompletableFuture<String> title) {}

    private Started start(S3Upload video, String suffix, int record, Context context, Log.Sink log) {
        return new Started(
                CompletableFuture.supplyAsync(() -> probe(video, record, context, log), BESIDE),
                CompletableFuture.supplyAsync(() -> metadataTitle(video, suffix, record, context, log), BESIDE));
    }

    /** Waits for calls started for a record that then failed, so none of them logs after it returns. */
    private static void settle(Started started) {
        if (started != null) {
            started.source().join();
            started.title().join();
        }
    }

    /**
     * Build, find or create, write lecture.json. The ListJobs lookup does not depend on the probe,
     * so it runs beside it (as the probe and the HeadObject for the title do, started earlier).
     */
    private Summary.Submitted run(
            Todo job, Started calls, Instant eventTime, int record, Context context, Log.Sink log) {
        AssetLayout asset = job.asset();
        CompletableFuture<Optional<Created>> existing =
                CompletableFuture.supplyAsync(() -> findExisting(job, eventTime, record, context, log), BESIDE);
        Ladder.Source source = calls.source().join();
        CreateJobRequest request =
                jobs.build(job.video(), asset, job.captions().files(), captions, job.token(), source);
        Optional<Created> found = existing.join();
        Created created = found.orElseGet(() -> create(job, request, asset, record, context, log));
        writeManifest(job, asset, source, created, calls.title().join(), record, context, log);
        return new Summary.Submitted(
                job.video().key(),
                asset.assetId(),
                created.id(),
                job.captions().files().stream().map(Captions.CaptionFile::key).toList(),
                job.trigger(),
                found.isPresent());
    }

    /** Runs the calls that go beside the probe; daemon threads, so an idle pool never holds the JVM. */
    private static final Executor BESIDE = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "converter-call");
        t.setDaemon(true);
        return t;
    });

    /** The job's id and status as CreateJob or ListJobs gave them. */
    private record Created(String id, JobStatus status) {}

    private Ladder.Source probe(S3Upload video, int record, Context context, Log.Sink log) {
        try {
            CallTimeouts t = timeouts(context, "MediaConvert").atMost(CallTimeouts.OPTIONAL);
            ProbeResponse r = mediaConvert.probe(b ->
                    b.inputFiles(f -> f.fileUrl(video.location().toString())).overrideConfiguration(o -> t.applyTo(o)));
            Ladder.Source s = Ladder.from(r);
            if (!s.known()) {
                logProbeFallback(log, record, video, s.unknownBecause(), Map.of());
            }
            return s;
        } catch (SdkException e) {
            logProbeFallback(log, record, video, "Probe failed", CallTimeouts.describe(e));
            return Ladder.Source.unknown("Probe failed: " + e.getMessage());
        } catch (TooLittleTime e) {
            logProbeFallback(log, record, video, "not enough time left to probe", Map.of());
            return Ladder.Source.unknown("not enough time left");
        }
    }

    private static void logProbeFallback(
            Log.Sink log, int record, S3Upload video, String why, Map<String, Object> error) {
        Log.warn("probe_fallback")
                .with("record", record)
                .with("key", video.key())
                .with("reason", why)
                .with("ladder", "the template's rungs below " + Ladder.FULL_HD + " lines")
                .withAll(error)
                .to(log);
    }

    /** PLAN C5: for an event older than the token window, a job of an earlier attempt, found by its token. */
    private Optional<Created> findExisting(Todo job, Instant eventTime, int record, Context context, Log.Sink log) {
        Instant now = clock.instant();
        if (eventTime == null || eventTime.isAfter(now.minus(TOKEN_WINDOW))) {
            return Optional.empty();
        }
        Instant oldest = eventTime.minus(LOOKUP_SKEW);
        String next = null;
        try {
            for (int page = 0; page < LOOKUP_PAGES; page++) {
                CallTimeouts t = timeouts(context, "MediaConvert").atMost(CallTimeouts.OPTIONAL);
                String token = next;
                ListJobsResponse r = mediaConvert.listJobs(b -> b.order(Order.DESCENDING)
                        .queue("Default")
                        .maxResults(20)
                        .nextToken(token)
                        .overrideConfiguration(o -> t.applyTo(o)));
                for (software.amazon.awssdk.services.mediaconvert.model.Job j : r.jobs()) {
                    if (j.createdAt() != null && j.createdAt().isBefore(oldest)) {
                        return Optional.empty();
                    }
                    if (j.hasUserMetadata()
                            && job.token().equals(j.userMetadata().get(JobRequestFactory.METADATA_REQUEST_TOKEN))) {
                        about(Log.info("already_submitted"), record, job)
                                .with("jobId", j.id())
                                .with("status", j.status())
                                .with("clientRequestToken", job.token())
                                .with("reason", "a job with this upload's token exists (an earlier attempt created it)")
                                .to(log);
                        return Optional.of(new Created(j.id(), j.status()));
                    }
                }
                next = r.nextToken();
                if (next == null) {
                    return Optional.empty();
                }
            }
        } catch (SdkException | TooLittleTime e) {
            about(Log.warn("job_lookup_failed"), record, job)
                    .with("reason", "ListJobs failed; submitting with the same token")
                    .withAll(e instanceof SdkException s ? CallTimeouts.describe(s) : Map.of("error", e.getMessage()))
                    .to(log);
        }
        return Optional.empty();
    }

    private Created create(
            Todo job, CreateJobRequest built, AssetLayout asset, int record, Context context, Log.Sink log) {
        CallTimeouts t;
        try {
            t = timeouts(context, "MediaConvert");
        } catch (TooLittleTime e) {
            tooLittleTime(log, "create_job_failed", record, job.video(), e, context);
            throw new JobFailed(job.video().key() + ": not enough time left", null);
        }
        CreateJobRequest request = t.applyTo(built);
        try {
            var response = mediaConvert.createJob(request);
            Created created = new Created(
                    response.job() == null ? null : response.job().id(),
                    response.job() == null ? null : response.job().status());
            about(Log.info("submitted"), record, job)
                    .with("jobId", created.id())
                    .with("status", created.status())
                    .with("captions", describe(job.captions().files()))
                    .with("renditions", Ladder.heights(jobs.hlsOutputs(request)))
                    .with("trigger", job.trigger())
                    .with("clientRequestToken", request.clientRequestToken())
                    .to(log);
            return created;
        } catch (SdkException e) {
            about(Log.error("create_job_failed"), record, job)
                    .with("clientRequestToken", request.clientRequestToken())
                    .withAll(CallTimeouts.describe(e))
                    .with("apiCallTimeoutMs", t.total().toMillis())
                    .with("apiCallAttemptTimeoutMs", t.attempt().toMillis())
                    .to(log);
            throw new JobFailed(job.video().key() + ": " + e.getMessage(), e);
        }
    }

    /** The upload's {@code x-amz-meta-title} (HeadObject), or null (logged when the call failed). */
    private String metadataTitle(S3Upload video, String suffix, int record, Context context, Log.Sink log) {
        try {
            return s3.userMetadata(
                            video.bucket(), video.key(), timeouts(context, "S3").atMost(CallTimeouts.OPTIONAL))
                    .get("title");
        } catch (S3Objects.S3Exception | TooLittleTime e) {
            Log.warn("title_from_file_name")
                    .with("record", record)
                    .with("bucket", video.bucket())
                    .with("key", video.key())
                    .with("assetId", AssetLayout.forKey(video.key(), suffix).assetId())
                    .with("reason", "HeadObject failed")
                    .withAll(e instanceof S3Objects.S3Exception s ? s.describe() : Map.of("error", e.getMessage()))
                    .to(log);
            return null;
        }
    }

    /** PLAN C2: lecture.json next to the outputs, after the job exists. */
    private void writeManifest(
            Todo job,
            AssetLayout asset,
            Ladder.Source source,
            Created created,
            String metadataTitle,
            int record,
            Context context,
            Log.Sink log) {
        LectureManifest manifest = new LectureManifest(
                asset,
                LectureManifest.title(metadataTitle, job.video().key(), job.suffix()),
                LectureManifest.downloadName(job.video().key(), job.suffix()),
                created.status(),
                jobs.names().mp4Key(asset),
                jobs.names().thumbnails(),
                jobs.thumbnailIntervalSeconds(),
                job.captions().files().stream()
                        .map(f -> new LectureManifest.Caption(
                                f.language(), f.languageName(), asset.playlistKey(captions.modifier(f))))
                        .toList(),
                source.durationSeconds(),
                created.id());
        try {
            s3.put(
                    config.destinationBucket(),
                    asset.lectureKey(),
                    manifest.toJson(),
                    LectureManifest.CONTENT_TYPE,
                    LectureManifest.CACHE_CONTROL,
                    timeouts(context, "S3"));
        } catch (S3Objects.S3Exception e) {
            about(Log.error("lecture_json_failed"), record, job)
                    .with("jobId", created.id())
                    .withAll(e.describe())
                    .to(log);
            throw new JobFailed(job.video().key() + ": writing lecture.json failed: " + e.getMessage(), e);
        } catch (TooLittleTime e) {
            tooLittleTime(log, "lecture_json_failed", record, job.video(), e, context);
            throw new JobFailed(job.video().key() + ": not enough time left for lecture.json", null);
        }
    }

    /** The fields every line about one job starts with: which record, which video, which asset. */
    private static Log about(Log line, int record, Todo job) {
        return line.with("record", record)
                .with("bucket", job.video().bucket())
                .with("key", job.video().key())
                .with("assetId", job.asset().assetId());
    }

    /** The bounds for the next call, or {@link TooLittleTime} when the invocation cannot afford one. */
    private static CallTimeouts timeouts(Context context, String service) {
        return CallTimeouts.forRemaining(context).orElseThrow(() -> new TooLittleTime(service));
    }

    private static void tooLittleTime(
            Log.Sink log, String event, int record, S3Upload object, TooLittleTime e, Context context) {
        Log.error(event)
                .with("record", record)
                .with("bucket", object.bucket())
                .with("key", object.key())
                .with("reason", "not enough of the invocation's time left to call " + e.getMessage())
                .with("remainingMs", context == null ? null : context.getRemainingTimeInMillis())
                .to(log);
    }

    private static final class TooLittleTime extends RuntimeException {
        TooLittleTime(String service) {
            super(service, null, false, false);
        }
    }

    /** One job failed (logged); the message names the video. */
    private static final class JobFailed extends RuntimeException {
        JobFailed(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}

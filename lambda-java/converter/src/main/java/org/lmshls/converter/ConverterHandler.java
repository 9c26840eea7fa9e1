package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.crac.Core;
import org.crac.Resource;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClientBuilder;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobResponse;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

/**
 * The Lambda: one MediaConvert job per uploaded video, for every record of an S3 notification.
 *
 * <p>Handler string: {@code org.lmshls.converter.ConverterHandler::handleRequest}.
 *
 * <p>Records that are not {@code ObjectCreated:*} and keys that are not videos are skipped with one
 * log line. A CreateJob that fails (throttled, rejected, unreachable, too slow) makes the
 * invocation throw once every record has been tried, so Lambda retries it and, in the end, hands
 * it to the on-failure destination; the records that did succeed are not duplicated by the retry
 * because their {@code ClientRequestToken} is deterministic.
 *
 * <p>Also a CRaC {@link Resource}: with SnapStart, Lambda calls {@link #beforeCheckpoint} once
 * before it snapshots the initialised function, and {@link #afterRestore} in each environment
 * resumed from the snapshot.
 */
public final class ConverterHandler implements RequestHandler<S3Event, Map<String, Object>>, Resource {

    private final MediaConvertClient mediaConvert;
    private final S3Listing listing;
    private final ConverterConfig config;
    private final VideoSuffixes suffixes;
    private final Captions captions;
    private final JobRequestFactory jobs;

    /** Used by the Lambda runtime: configuration from the environment, the SDK's standard endpoint. */
    public ConverterHandler() {
        this(ConverterConfig.fromEnvironment());
    }

    /** Configuration given, everything else as on Lambda. */
    public ConverterHandler(ConverterConfig config) {
        // Init has two expensive, independent parts of a few hundred ms each: reading the bundled
        // files (template, suffixes) and building the SDK client. The first runs on a thread of its
        // own while this one builds the client, so a cold start costs the longer of the two.
        CompletableFuture<Prepared> prepared = prepareInBackground(config, Snapshot.primeDuringInit());
        MediaConvertClient client = defaultClient(config);
        S3Listing s3 = S3Listing.fromEnvironment(config);
        Prepared ready = join(prepared);
        this.mediaConvert = client;
        this.listing = s3;
        this.config = config;
        this.suffixes = ready.suffixes();
        this.captions = ready.captions();
        this.jobs = ready.jobs();
        // The global context holds resources weakly; the runtime holds this handler for its lifetime.
        Core.getGlobalContext().register(this);
    }

    /** MediaConvert client given; S3 as the SDK resolves its endpoint ({@link S3Listing#fromEnvironment}). */
    public ConverterHandler(ConverterConfig config, MediaConvertClient mediaConvert) {
        this(
                config,
                mediaConvert,
                S3Listing.fromEnvironment(config),
                JobTemplate.bundled(),
                VideoSuffixes.bundled(),
                Captions.bundled());
    }

    /** Collaborators given; tests pass real clients pointed at local endpoints. */
    public ConverterHandler(
            ConverterConfig config,
            MediaConvertClient mediaConvert,
            S3Listing listing,
            JobSettings template,
            VideoSuffixes suffixes,
            Captions captions) {
        this.mediaConvert = mediaConvert;
        this.listing = listing;
        this.config = config;
        this.suffixes = suffixes;
        this.captions = captions;
        this.jobs = new JobRequestFactory(template, config);
    }

    /**
     * The client for Lambda: region from {@code AWS_REGION}, the regional endpoint (no
     * DescribeEndpoints), unless {@code AWS_ENDPOINT_URL_MEDIACONVERT} / {@code AWS_ENDPOINT_URL}
     * (or their {@code aws.endpointUrl*} system properties) point elsewhere, as the SDK resolves them.
     */
    public static MediaConvertClient defaultClient(ConverterConfig config) {
        return clientBuilder(config).build();
    }

    /**
     * {@link #defaultClient}'s builder, for callers that add an endpoint or credentials: the SDK's
     * url-connection HTTP client and the bounded timeouts of {@link CallTimeouts}.
     */
    public static MediaConvertClientBuilder clientBuilder(ConverterConfig config) {
        return MediaConvertClient.builder()
                .region(Region.of(config.region()))
                .httpClient(CallTimeouts.httpClient())
                .overrideConfiguration(CallTimeouts::applyDefaults);
    }

    @Override
    public Map<String, Object> handleRequest(S3Event event, Context context) {
        List<S3EventNotificationRecord> records = event == null ? null : event.getRecords();
        List<Map<String, Object>> submitted = new ArrayList<>();
        int skipped = 0;
        if (records == null || records.isEmpty()) {
            // S3 sends {"Event":"s3:TestEvent",...} without Records when a notification is configured.
            DecisionLog.info(context, "skipped", "reason", "event has no Records (e.g. s3:TestEvent)");
            return summary(submitted, 0);
        }
        List<String> failures = new ArrayList<>();
        Throwable firstFailure = null;
        for (int i = 0; i < records.size(); i++) {
            Optional<Planned> planned = plan(records.get(i), i, context);
            if (planned.isEmpty()) {
                skipped++;
                continue;
            }
            Planned p = planned.get();
            Optional<CallTimeouts> timeouts = CallTimeouts.forRemaining(context);
            if (timeouts.isEmpty()) {
                failures.add(tooLittleTime(context, "list_captions_failed", i, p.upload(), null, "S3"));
                continue;
            }
            List<String> listed;
            try {
                listed = listing.keys(p.upload().bucket(), p.listPrefix(), timeouts.get());
            } catch (S3Listing.ListingException e) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("record", i);
                line.put("bucket", p.upload().bucket());
                line.put("key", p.upload().key());
                line.put("prefix", p.listPrefix());
                line.putAll(e.describe());
                line.put("apiCallTimeoutMs", timeouts.get().total().toMillis());
                line.put("apiCallAttemptTimeoutMs", timeouts.get().attempt().toMillis());
                DecisionLog.error(context, "list_captions_failed", line);
                failures.add(p.upload().key() + ": listing its caption files failed: " + e.getMessage());
                if (firstFailure == null) {
                    firstFailure = e;
                }
                continue;
            }
            List<Submission> jobsToSubmit = jobsFor(p, listed, i, context);
            if (jobsToSubmit.isEmpty()) {
                skipped++;
                continue;
            }
            for (Submission s : jobsToSubmit) {
                Outcome outcome = submit(s, i, context);
                if (outcome.failure() != null) {
                    failures.add(outcome.failure());
                    if (firstFailure == null) {
                        firstFailure = outcome.cause();
                    }
                } else {
                    Map<String, Object> done = new LinkedHashMap<>();
                    done.put("key", s.video().key());
                    done.put("assetId", s.asset().assetId());
                    done.put("jobId", outcome.jobId());
                    done.put(
                            "captions",
                            s.captions().stream().map(Captions.CaptionFile::key).toList());
                    if (p instanceof CaptionUpload) {
                        done.put("trigger", p.upload().key());
                    }
                    submitted.add(done);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new JobSubmissionException(
                    failures.size() + " of " + records.size()
                            + " records could not be submitted (the event will be retried): "
                            + String.join("; ", failures),
                    firstFailure);
        }
        return summary(submitted, skipped);
    }

    /** A CreateJob's result: the job id, or what failed (already logged). */
    private record Outcome(String jobId, String failure, Throwable cause) {}

    /** One CreateJob, logged. */
    private Outcome submit(Submission s, int i, Context context) {
        Optional<CallTimeouts> timeouts = CallTimeouts.forRemaining(context);
        if (timeouts.isEmpty()) {
            return new Outcome(
                    null,
                    tooLittleTime(
                            context,
                            "create_job_failed",
                            i,
                            s.video(),
                            s.asset().assetId(),
                            "MediaConvert"),
                    null);
        }
        CreateJobRequest request = timeouts.get().applyTo(s.request());
        try {
            CreateJobResponse response = mediaConvert.createJob(request);
            String jobId = response.job() == null ? null : response.job().id();
            DecisionLog.info(
                    context,
                    "submitted",
                    "record",
                    i,
                    "bucket",
                    s.video().bucket(),
                    "key",
                    s.video().key(),
                    "assetId",
                    s.asset().assetId(),
                    "jobId",
                    jobId,
                    "status",
                    response.job() == null ? null : response.job().status(),
                    "captions",
                    s.captions().stream().map(f -> f.language() + "=" + f.key()).toList(),
                    "trigger",
                    s.trigger(),
                    "clientRequestToken",
                    request.clientRequestToken());
            return new Outcome(jobId, null, null);
        } catch (SdkException e) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("record", i);
            line.put("bucket", s.video().bucket());
            line.put("key", s.video().key());
            line.put("assetId", s.asset().assetId());
            line.put("clientRequestToken", request.clientRequestToken());
            line.putAll(CallTimeouts.describe(e));
            line.put("apiCallTimeoutMs", timeouts.get().total().toMillis());
            line.put("apiCallAttemptTimeoutMs", timeouts.get().attempt().toMillis());
            DecisionLog.error(context, "create_job_failed", line);
            return new Outcome(null, s.video().key() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Logs that the call to {@code service} for this object is not made because the invocation is
     * about to time out ({@link CallTimeouts#forRemaining} was empty); returns the failure's text.
     */
    private static String tooLittleTime(
            Context context, String decision, int i, S3Upload object, String assetId, String service) {
        DecisionLog.error(
                context,
                decision,
                "record",
                i,
                "bucket",
                object.bucket(),
                "key",
                object.key(),
                "assetId",
                assetId,
                "reason",
                "not enough of the invocation's time left to call " + service,
                "remainingMs",
                context.getRemainingTimeInMillis());
        return object.key() + ": not enough time left";
    }

    /**
     * The jobs a record starts, given the keys listed under its prefix: a video's own job with its
     * caption files; for a caption file, one job per video it belongs to (none, logged, when that
     * video is not there yet: the video's own upload will find the caption then).
     */
    private List<Submission> jobsFor(Planned p, List<String> listed, int index, Context context) {
        String language = config.defaultCaptionLanguage();
        if (p instanceof VideoUpload v) {
            String stem = v.upload()
                    .key()
                    .substring(0, v.upload().key().length() - v.suffix().length());
            Captions.Found found = captions.forStem(stem, listed, language);
            logIgnored(found, index, context);
            AssetLayout asset = AssetLayout.forKey(v.upload().key(), v.suffix());
            return List.of(new Submission(
                    v.upload(),
                    asset,
                    found.files(),
                    null,
                    jobs.build(
                            v.upload(),
                            asset,
                            found.files(),
                            captions,
                            v.upload().idempotencyToken())));
        }
        CaptionUpload c = (CaptionUpload) p;
        List<Submission> out = new ArrayList<>();
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
            Captions.Found found = captions.forStem(stem, listed, language);
            if (found.files().stream().noneMatch(f -> f.key().equals(c.upload().key()))) {
                DecisionLog.info(
                        context,
                        "skipped",
                        "record",
                        index,
                        "key",
                        c.upload().key(),
                        "video",
                        key,
                        "reason",
                        "another caption file of the same language is used for this video",
                        "captions",
                        found.files().stream()
                                .map(f -> f.language() + "=" + f.key())
                                .toList());
                continue;
            }
            logIgnored(found, index, context);
            S3Upload video = new S3Upload(c.upload().bucket(), key, null, null, null);
            AssetLayout asset = AssetLayout.forKey(key, suffix.get());
            out.add(new Submission(
                    video,
                    asset,
                    found.files(),
                    c.upload().key(),
                    jobs.build(video, asset, found.files(), captions, c.upload().idempotencyTokenFor(key))));
        }
        if (!anyVideo) {
            DecisionLog.info(
                    context,
                    "skipped",
                    "record",
                    index,
                    "key",
                    c.upload().key(),
                    "reason",
                    "caption file's video is not uploaded yet; its job will include this file",
                    "videos",
                    c.readings().stream()
                            .map(r -> r.stem() + "{" + String.join(",", suffixes.asList()) + "}")
                            .toList());
        }
        return out;
    }

    private static void logIgnored(Captions.Found found, int index, Context context) {
        for (Captions.CaptionFile f : found.ignored()) {
            DecisionLog.info(
                    context,
                    "caption_ignored",
                    "record",
                    index,
                    "key",
                    f.key(),
                    "language",
                    f.language(),
                    "reason",
                    "another caption file of the same language is used");
        }
    }

    /** SnapStart, before the snapshot: load and run what the first event needs, so the snapshot holds it. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime(jobs, captions);
        Snapshot.primeSdkPipeline(jobs);
        DecisionLog.info(null, "checkpoint", "primed", true);
    }

    /**
     * SnapStart, after a restore. Nothing to renew: no connection was opened before the snapshot
     * (priming never touches the network, see {@link Snapshot}), so the client opens its first
     * connection, resolves DNS and fetches credentials on the first event, in the restored
     * environment; nothing random or unique was generated during init.
     */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        DecisionLog.info(null, "restored");
    }

    private record Submission(
            S3Upload video,
            AssetLayout asset,
            List<Captions.CaptionFile> captions,
            String trigger,
            CreateJobRequest request) {}

    /** A record to act on: a video, or a caption file; either needs a listing under {@link #listPrefix}. */
    private sealed interface Planned permits VideoUpload, CaptionUpload {
        S3Upload upload();

        String listPrefix();
    }

    private record VideoUpload(S3Upload upload, String suffix) implements Planned {
        public String listPrefix() {
            return upload.key().substring(0, upload.key().length() - suffix.length()) + ".";
        }
    }

    private record CaptionUpload(S3Upload upload, List<Captions.Reading> readings) implements Planned {
        public String listPrefix() {
            // The shortest stem's prefix covers every reading: "intro." lists intro.mp4 and intro.en.mp4.
            return readings.stream()
                            .map(Captions.Reading::stem)
                            .min(java.util.Comparator.comparingInt(String::length))
                            .orElseThrow()
                    + ".";
        }
    }

    /** What to do for one record, or empty (logged) when the record is not one to act on. */
    private Optional<Planned> plan(S3EventNotificationRecord record, int index, Context context) {
        String eventName = record.getEventName();
        String name = eventName != null && eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
        if (name == null || !name.startsWith("ObjectCreated:")) {
            DecisionLog.info(
                    context,
                    "skipped",
                    "record",
                    index,
                    "reason",
                    "not an ObjectCreated event",
                    "eventName",
                    eventName);
            return Optional.empty();
        }
        if (record.getS3() == null
                || record.getS3().getBucket() == null
                || record.getS3().getObject() == null
                || record.getS3().getObject().getKey() == null) {
            DecisionLog.warn(context, "skipped", "record", index, "reason", "record has no bucket or object key");
            return Optional.empty();
        }
        String bucket = record.getS3().getBucket().getName();
        String rawKey = record.getS3().getObject().getKey();
        String key;
        try {
            key = S3Upload.decodeKey(rawKey);
        } catch (IllegalArgumentException e) {
            DecisionLog.warn(
                    context,
                    "skipped",
                    "record",
                    index,
                    "reason",
                    "object key is not validly URL-encoded: " + e.getMessage(),
                    "rawKey",
                    rawKey);
            return Optional.empty();
        }
        var object = record.getS3().getObject();
        S3Upload upload = new S3Upload(bucket, key, object.getVersionId(), object.getSequencer(), object.geteTag());
        Optional<String> suffix = suffixes.match(key);
        if (suffix.isPresent()) {
            return Optional.of(new VideoUpload(upload, suffix.get()));
        }
        List<Captions.Reading> readings = captions.read(key, config.defaultCaptionLanguage());
        if (!readings.isEmpty()) {
            return Optional.of(new CaptionUpload(upload, readings));
        }
        DecisionLog.info(
                context,
                "skipped",
                "record",
                index,
                "reason",
                "not a video (suffix not in " + suffixes.asList() + ") nor a caption file (" + captions.suffixes()
                        + ")",
                "key",
                key);
        return Optional.empty();
    }

    private static Map<String, Object> summary(List<Map<String, Object>> submitted, int skipped) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("submitted", submitted);
        out.put("skipped", skipped);
        return out;
    }

    /** What init derives from the bundled files. */
    private record Prepared(VideoSuffixes suffixes, Captions captions, JobRequestFactory jobs) {}

    private static CompletableFuture<Prepared> prepareInBackground(ConverterConfig config, boolean prime) {
        CompletableFuture<Prepared> f = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        Prepared p = new Prepared(
                                VideoSuffixes.bundled(),
                                Captions.bundled(),
                                new JobRequestFactory(JobTemplate.bundled(), config));
                        if (prime) {
                            prime(p.jobs(), p.captions());
                        }
                        f.complete(p);
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                },
                "converter-init");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /**
     * Builds one request and one log line, so the classes the first event needs are loaded before
     * it arrives: during init, off the critical path, while the client is being built; or, with
     * SnapStart, before the snapshot.
     */
    static void prime(JobRequestFactory jobs, Captions captions) {
        S3Upload video = new S3Upload("init", "init.mp4", null, null, null);
        List<Captions.CaptionFile> files =
                captions.forStem("init", List.of("init.en.vtt"), "en").files();
        jobs.build(video, AssetLayout.forKey("init.mp4", ".mp4"), files, captions, video.idempotencyToken());
        S3Listing.prime();
        DecisionLog.prime();
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** CreateJob failed for at least one record; Lambda should retry the event. */
    public static final class JobSubmissionException extends RuntimeException {
        public JobSubmissionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.crac.Core;
import org.crac.Resource;
import org.lmshls.converter.log.Log;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClientBuilder;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

/**
 * The Lambda: one MediaConvert job per uploaded video, for every record of an S3 notification.
 * Handler string: {@code org.lmshls.converter.ConverterHandler::handleRequest}.
 *
 * <p>Per record: {@link RecordPlanner} decides (video, caption file, or skip with one log line);
 * {@link Submitter} does the I/O (caption listing, Probe, CreateJob, lecture.json). A failure a
 * retry can fix (throttled, rejected, unreachable, too slow) makes the invocation throw once every
 * record has been tried, so Lambda retries it and, in the end, hands it to the on-failure
 * destination; jobs that did succeed are not duplicated by the retry (the deterministic
 * {@code ClientRequestToken}, and ListJobs after MediaConvert's token window).
 *
 * <p>Also a CRaC {@link Resource}, registered by the constructor Lambda uses: with SnapStart,
 * Lambda calls {@link #beforeCheckpoint} once before it snapshots the initialised function.
 */
public final class ConverterHandler implements RequestHandler<S3Event, Summary>, Resource {

    private final RecordPlanner planner;
    private final Submitter submitter;
    private final JobRequestFactory jobs;
    private final Captions captions;

    /**
     * Used by the Lambda runtime: configuration from the environment, the clients as the SDK
     * resolves region, credentials and endpoints ({@code AWS_ENDPOINT_URL_MEDIACONVERT},
     * {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}).
     */
    public ConverterHandler() {
        this(fromEnvironment());
        // The global context holds resources weakly; the runtime holds this handler for its lifetime.
        Core.getGlobalContext().register(this);
    }

    /**
     * Everything given: what the local runtime and the tests use, with clients pointed at their
     * endpoints. The suffix list and the caption fragment are the bundled ones.
     */
    public ConverterHandler(
            ConverterConfig config, MediaConvertClient mediaConvert, S3Objects s3, JobSettings template) {
        this(new Parts(config, mediaConvert, s3, template, VideoSuffixes.bundled(), Captions.bundled()));
    }

    private record Parts(
            ConverterConfig config,
            MediaConvertClient mediaConvert,
            S3Objects s3,
            JobSettings template,
            VideoSuffixes suffixes,
            Captions captions) {}

    private ConverterHandler(Parts p) {
        this.jobs = new JobRequestFactory(p.template(), p.config());
        this.captions = p.captions();
        this.planner = new RecordPlanner(p.suffixes(), p.captions(), p.config().defaultCaptionLanguage());
        this.submitter = new Submitter(
                p.config(), p.mediaConvert(), p.s3(), jobs, p.captions(), p.suffixes(), Clock.systemUTC());
    }

    /**
     * Init's expensive, independent parts side by side: a thread reads the job template (the
     * longest part: it loads most of MediaConvert's model) while this one builds the SDK clients
     * and then reads the two small bundled files.
     */
    private static Parts fromEnvironment() {
        ConverterConfig config = ConverterConfig.fromEnvironment();
        CompletableFuture<JobSettings> template = CompletableFuture.supplyAsync(JobTemplate::bundled, r -> {
            Thread t = new Thread(r, "converter-init");
            t.setDaemon(true);
            t.start();
        });
        MediaConvertClient mediaConvert = defaultClient(config);
        S3Objects s3 = S3Objects.fromEnvironment(config);
        VideoSuffixes suffixes = VideoSuffixes.bundled();
        Captions captions = Captions.bundled();
        try {
            return new Parts(config, mediaConvert, s3, template.join(), suffixes, captions);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * The client for Lambda: region from {@code AWS_REGION}, the regional endpoint (no
     * DescribeEndpoints) unless the SDK's standard endpoint settings point elsewhere.
     */
    public static MediaConvertClient defaultClient(ConverterConfig config) {
        return clientBuilder(config).build();
    }

    /** {@link #defaultClient}'s builder: the url-connection HTTP client and the bounds of {@link CallTimeouts}. */
    public static MediaConvertClientBuilder clientBuilder(ConverterConfig config) {
        return MediaConvertClient.builder()
                .region(Region.of(config.region()))
                .httpClient(CallTimeouts.httpClient())
                .overrideConfiguration(CallTimeouts::applyDefaults);
    }

    @Override
    public Summary handleRequest(S3Event event, Context context) {
        List<S3EventNotificationRecord> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        if (records.isEmpty()) {
            // S3 sends {"Event":"s3:TestEvent",...} without Records when a notification is configured.
            Log.info("skipped")
                    .with("reason", "event has no Records (e.g. s3:TestEvent)")
                    .to(LambdaLog.sink(context));
            return new Summary(List.of(), 0);
        }
        List<Summary.Submitted> submitted = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Throwable firstFailure = null;
        int skipped = 0;
        for (int i = 0; i < records.size(); i++) {
            switch (planner.plan(records.get(i))) {
                case Plan.Skip skip -> {
                    (skip.malformed() ? Log.warn("skipped") : Log.info("skipped"))
                            .with("record", i)
                            .with("reason", skip.reason())
                            .with("key", skip.key())
                            .to(LambdaLog.sink(context));
                    skipped++;
                }
                case Plan.Work work -> {
                    Submitter.Outcome outcome = submitter.submit(work, i, context);
                    submitted.addAll(outcome.submitted());
                    failures.addAll(outcome.failures());
                    firstFailure = firstFailure == null ? outcome.firstCause() : firstFailure;
                    skipped += outcome.nothingToDo() ? 1 : 0;
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
        return new Summary(List.copyOf(submitted), skipped);
    }

    /** SnapStart, before the snapshot: load and run what the first event needs ({@link Priming}). */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming.beforeCheckpoint(jobs, captions);
        Log.info("checkpoint").with("primed", true).to(LambdaLog.sink(null));
    }

    /**
     * SnapStart, after a restore. Nothing to renew: priming opened no connection, so the clients
     * open their first connections, resolve DNS and fetch credentials on the first event, in the
     * restored environment; nothing random or unique was generated during init.
     */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        Log.info("restored").to(LambdaLog.sink(null));
    }

    /** CreateJob (or a step it needs) failed for at least one record; Lambda should retry the event. */
    public static final class JobSubmissionException extends RuntimeException {
        public JobSubmissionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * <p>A {@link RequestStreamHandler}: the converter reads the few fields it needs from the event
 * JSON itself ({@link S3Notification}) and writes the {@link Summary} as JSON, instead of the
 * runtime's event (de)serialization, which was a sixth of the cold start. {@link #handle(S3Event,
 * Context)} and {@link #handle(List, Context)} are the typed entries (tests, the local runtime).
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
public final class ConverterHandler implements RequestStreamHandler, Resource {

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

    /** The Lambda entry: the S3 notification's JSON in, the {@link Summary}'s JSON out. */
    @Override
    public void handleRequest(InputStream event, OutputStream result, Context context) {
        Summary summary = handle(S3Notification.parse(event), context);
        try (JsonGenerator g = new JsonFactory().createGenerator(result)) {
            writeSummary(g, summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The runtime's typed event (the local runtime and tests build those). */
    public Summary handle(S3Event event, Context context) {
        return handle(S3Notification.of(event), context);
    }

    /** The records of one notification; throws {@link JobSubmissionException} so Lambda retries. */
    public Summary handle(List<S3Notification.Record> records, Context context) {
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

    /** {"submitted":[{"key":…,"assetId":…,"jobId":…,"captions":[…],"trigger":…,"alreadySubmitted":…}],"skipped":n}. */
    static void writeSummary(JsonGenerator g, Summary summary) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("submitted");
        for (Summary.Submitted s : summary.submitted()) {
            g.writeStartObject();
            g.writeStringField("key", s.key());
            g.writeStringField("assetId", s.assetId());
            g.writeStringField("jobId", s.jobId());
            g.writeArrayFieldStart("captions");
            for (String c : s.captions() == null ? List.<String>of() : s.captions()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeStringField("trigger", s.trigger());
            g.writeBooleanField("alreadySubmitted", s.alreadySubmitted());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("skipped", summary.skipped());
        g.writeEndObject();
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

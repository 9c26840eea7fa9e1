package org.lmshls.local.mediaconvert;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import org.lmshls.local.engine.Engine;
import org.lmshls.local.engine.JobResult;
import org.lmshls.local.engine.Probe;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobPhase;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.mediaconvert.model.OutputDetail;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupDetail;
import software.amazon.awssdk.services.mediaconvert.model.StatusUpdateInterval;
import software.amazon.awssdk.services.mediaconvert.model.Timing;
import software.amazon.awssdk.services.mediaconvert.model.VideoDetail;

/**
 * One job's state. Mutated only under its own lock, by the job service and by the engine, whose
 * listener it is (phase, progress, frames decoded, the probe of its input).
 */
final class LocalJob implements Engine.Listener {
    /** MediaConvert's default when a job does not set one (about once a minute). */
    static final StatusUpdateInterval DEFAULT_STATUS_UPDATE_INTERVAL = StatusUpdateInterval.SECONDS_60;

    /**
     * What CreateJob fixed about the job; it never changes.
     *
     * @param sequence creation order: ListJobs sorts by creation time, and jobs created in the same
     *     millisecond by this
     */
    record Submission(String id, long sequence, String arn, String queue, CreateJobRequest request, Instant createdAt) {
        /** ListJobs' ascending order. */
        static final Comparator<Submission> CREATION_ORDER =
                Comparator.comparing(Submission::createdAt).thenComparingLong(Submission::sequence);
    }

    private final Submission submission;
    /** Told once the engine has probed the input (the job service sends INPUT_INFORMATION). */
    private final Consumer<LocalJob> onProbed;

    final Engine.Cancellation cancellation = new Engine.Cancellation();

    private JobStatus status = JobStatus.SUBMITTED;
    private JobPhase currentPhase;
    private Integer percent;
    private long framesDecoded;
    private Probe probe;
    private Instant startTime;
    private Instant finishTime;
    private Integer errorCode;
    private String errorMessage;
    private JobResult result;

    LocalJob(Submission submission, Consumer<LocalJob> onProbed) {
        this.submission = submission;
        this.onProbed = onProbed;
    }

    Submission submission() {
        return submission;
    }

    String id() {
        return submission.id();
    }

    synchronized JobStatus status() {
        return status;
    }

    synchronized JobPhase currentPhase() {
        return currentPhase;
    }

    synchronized Integer percent() {
        return percent;
    }

    synchronized long framesDecoded() {
        return framesDecoded;
    }

    synchronized Probe probe() {
        return probe;
    }

    synchronized Integer errorCode() {
        return errorCode;
    }

    synchronized String errorMessage() {
        return errorMessage;
    }

    synchronized JobResult result() {
        return result;
    }

    Map<String, String> userMetadata() {
        return submission.request().userMetadata();
    }

    /** The request's StatusUpdateInterval, or MediaConvert's default. */
    StatusUpdateInterval statusUpdateInterval() {
        StatusUpdateInterval i = submission.request().statusUpdateInterval();
        return i == null || i == StatusUpdateInterval.UNKNOWN_TO_SDK_VERSION ? DEFAULT_STATUS_UPDATE_INTERVAL : i;
    }

    synchronized boolean isFinished() {
        return status == JobStatus.COMPLETE || status == JobStatus.ERROR || status == JobStatus.CANCELED;
    }

    synchronized boolean start(Instant now) {
        if (status != JobStatus.SUBMITTED) return false;
        status = JobStatus.PROGRESSING;
        startTime = now;
        percent = 0;
        return true;
    }

    @Override
    public synchronized void phase(JobPhase phase) {
        currentPhase = phase;
    }

    @Override
    public void probed(Probe p) {
        synchronized (this) {
            probe = p;
        }
        onProbed.accept(this);
    }

    @Override
    public synchronized void framesDecoded(long frames) {
        framesDecoded = Math.max(framesDecoded, frames);
    }

    @Override
    public synchronized void percent(int p) {
        if (status == JobStatus.PROGRESSING) percent = Math.max(percent == null ? 0 : percent, p);
    }

    synchronized void complete(JobResult r, Instant now) {
        status = JobStatus.COMPLETE;
        result = r;
        percent = 100;
        currentPhase = null;
        finishTime = now;
    }

    synchronized void fail(int code, String message, Instant now) {
        status = JobStatus.ERROR;
        errorCode = code;
        errorMessage = message;
        currentPhase = null;
        finishTime = now;
    }

    /** True if this call canceled the job (it was not finished yet). */
    synchronized boolean cancel(Instant now) {
        if (isFinished()) return false;
        status = JobStatus.CANCELED;
        currentPhase = null;
        finishTime = now;
        return true;
    }

    /** The job as the SDK models it (what GetJob and ListJobs return). */
    synchronized Job toJob() {
        CreateJobRequest request = submission.request();
        Job.Builder b = Job.builder()
                .id(submission.id())
                .arn(submission.arn())
                .queue(submission.queue())
                .createdAt(submission.createdAt())
                .status(status)
                .role(request.role())
                .settings(request.settings())
                .userMetadata(request.userMetadata())
                .clientRequestToken(request.clientRequestToken())
                .priority(request.priority() == null ? 0 : request.priority())
                .statusUpdateInterval(statusUpdateInterval())
                .billingTagsSource(request.billingTagsSourceAsString())
                .accelerationSettings(request.accelerationSettings())
                .timing(Timing.builder()
                        .submitTime(submission.createdAt())
                        .startTime(startTime)
                        .finishTime(finishTime)
                        .build())
                .currentPhase(currentPhase)
                .jobPercentComplete(status == JobStatus.PROGRESSING || status == JobStatus.COMPLETE ? percent : null)
                .errorCode(errorCode)
                .errorMessage(errorMessage)
                .retryCount(0);
        if (result != null) {
            b.outputGroupDetails(result.groups().stream()
                    .map(g -> OutputGroupDetail.builder()
                            .outputDetails(g.outputs().stream()
                                    .map(o -> OutputDetail.builder()
                                            .durationInMs((int) o.durationInMs())
                                            .videoDetails(VideoDetail.builder()
                                                    .widthInPx(o.widthInPx())
                                                    .heightInPx(o.heightInPx())
                                                    .build())
                                            .build())
                                    .toList())
                            .build())
                    .toList());
        }
        return b.build();
    }

    /** This job's state change as an event, now. */
    synchronized JobEvent event(JobEvent.Kind kind, Instant now) {
        return new JobEvent(
                kind,
                now,
                toJob(),
                kind == JobEvent.Kind.INPUT_INFORMATION ? probe : null,
                kind == JobEvent.Kind.COMPLETE ? result : null,
                framesDecoded);
    }
}

package org.lmshls.local.mediaconvert;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.lmshls.converter.log.Log;
import org.lmshls.local.engine.Engine;
import org.lmshls.local.engine.EngineException;
import org.lmshls.local.engine.JobResult;
import org.lmshls.local.logging.Slf4jSink;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.mediaconvert.model.ListJobsRequest;
import software.amazon.awssdk.services.mediaconvert.model.ListJobsResponse;
import software.amazon.awssdk.services.mediaconvert.model.Order;
import software.amazon.awssdk.services.mediaconvert.model.StatusUpdateInterval;

/**
 * The jobs: created idempotently for as long as MediaConvert honours a {@code clientRequestToken}
 * (one minute: the same token later starts a new job), run on a bounded pool of workers, with
 * MediaConvert's events: PROGRESSING when a worker starts the job, INPUT_INFORMATION once the
 * input is probed, STATUS_UPDATE every {@code StatusUpdateInterval} while it runs, then COMPLETE,
 * ERROR or CANCELED. It speaks the SDK's model ({@link CreateJobRequest} in, {@link Job} out, typed
 * {@link JobEvent}s); only {@link MediaConvertServer} turns that into MediaConvert's JSON, and
 * in-process callers (the CLI, the library pages) call it directly.
 */
public final class JobService implements AutoCloseable {
    private static final Slf4jSink LOG = Slf4jSink.named("jobs");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** How long MediaConvert returns the same job for a repeated {@code clientRequestToken}. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(1);

    /**
     * The service's sense of time: the clock tokens expire by, and how long each
     * {@code StatusUpdateInterval} lasts (tests shorten it; the default is what the name says).
     */
    public record Timing(Clock clock, Function<StatusUpdateInterval, Duration> statusUpdateEvery) {
        public static final Timing DEFAULT = new Timing(Clock.systemUTC(), JobService::intervalLength);
    }

    /** {@code SECONDS_10} → 10 s, … {@code SECONDS_600} → 10 min. */
    public static Duration intervalLength(StatusUpdateInterval interval) {
        String name = interval.toString();
        if (!name.startsWith("SECONDS_")) throw new IllegalArgumentException("not a status update interval: " + name);
        return Duration.ofSeconds(Long.parseLong(name.substring("SECONDS_".length())));
    }

    private record Token(LocalJob job, Instant createdAt) {}

    /** ListJobs' page size when the request names none, and its most (MediaConvert's: 20). */
    public static final int MAX_RESULTS = 20;

    private final Engine engine;
    private final JobEvents events;
    private final String region;
    private final String accountId;
    private final Timing timing;
    private final ExecutorService workers;
    private final ScheduledExecutorService statusUpdates;
    private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, Token> byToken = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Jobs created so far (guarded by this): their creation order. */
    private long sequence;

    public JobService(Engine engine, JobEvents events, String region, String accountId, int workers) {
        this(engine, events, region, accountId, workers, Timing.DEFAULT);
    }

    public JobService(Engine engine, JobEvents events, String region, String accountId, int workers, Timing timing) {
        if (workers < 1) throw new IllegalArgumentException("--jobs must be at least 1, got " + workers);
        this.engine = engine;
        this.events = events;
        this.region = region;
        this.accountId = accountId;
        this.timing = timing;
        this.statusUpdates = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-status-updates");
            t.setDaemon(true);
            return t;
        });
        this.workers =
                new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "job-worker");
                    t.setDaemon(true);
                    return t;
                });
    }

    public JobEvents events() {
        return events;
    }

    /** Creates and queues a job, or returns the job already created with this request's token. */
    public Job create(CreateJobRequest request) {
        if (request.role() == null || request.role().isBlank()) throw new BadRequest("role is required");
        if (request.settings() == null)
            throw new BadRequest("settings is required (job templates by name are not supported locally)");
        if (request.jobTemplate() != null)
            throw new BadRequest("jobTemplate is not supported by the local API; send settings");
        String token = request.clientRequestToken();
        LocalJob job;
        boolean created = false;
        synchronized (this) {
            Instant now = timing.clock().instant();
            Token known = token == null ? null : byToken.get(token);
            // MediaConvert keeps a token for one minute; after that the same token is a new job.
            job = known != null && now.isBefore(known.createdAt().plus(TOKEN_LIFETIME)) ? known.job() : null;
            if (job == null) {
                String id = now.toEpochMilli() + "-" + randomSuffix();
                job = new LocalJob(
                        new LocalJob.Submission(
                                id,
                                ++sequence,
                                "arn:aws:mediaconvert:" + region + ":" + accountId + ":jobs/" + id,
                                request.queue() != null
                                        ? request.queue()
                                        : "arn:aws:mediaconvert:" + region + ":" + accountId + ":queues/Default",
                                request,
                                now),
                        probed -> emit(probed, JobEvent.Kind.INPUT_INFORMATION));
                jobs.put(id, job);
                if (token != null) byToken.put(token, new Token(job, now));
                created = true;
            }
        }
        if (created) {
            Log.info("job_created")
                    .with("jobId", job.id())
                    .with("clientRequestToken", token)
                    .to(LOG);
            // No event yet: MediaConvert sends none for SUBMITTED.
            LocalJob queued = job;
            workers.execute(() -> run(queued));
        } else {
            Log.info("job_create_repeated")
                    .with("jobId", job.id())
                    .with("clientRequestToken", token)
                    .to(LOG);
        }
        return job.toJob();
    }

    public Job get(String id) {
        return find(id).toJob();
    }

    /** What a COMPLETE job wrote (the local engine's record of the files), if the job is complete. */
    public Optional<JobResult> outputs(String id) {
        return Optional.ofNullable(find(id).result());
    }

    /**
     * ListJobs as MediaConvert answers it: newest first unless {@code order} is ASCENDING, filtered
     * by {@code status} and {@code queue} (a queue name or ARN), {@code maxResults} (at most 20) a
     * page, and a {@code nextToken} that resumes after the last job of the page, so jobs created
     * between two pages neither repeat nor go missing.
     */
    public ListJobsResponse list(ListJobsRequest request) {
        int max = request.maxResults() == null ? MAX_RESULTS : request.maxResults();
        if (max < 1 || max > MAX_RESULTS)
            throw new BadRequest("/maxResults: should be between 1 and " + MAX_RESULTS + ", got " + max);
        if (request.order() == Order.UNKNOWN_TO_SDK_VERSION)
            throw new BadRequest("/order: should be one of [ASCENDING, DESCENDING], got " + request.orderAsString());
        if (request.status() == JobStatus.UNKNOWN_TO_SDK_VERSION)
            throw new BadRequest(
                    "/status: should be one of " + JobStatus.knownValues() + ", got " + request.statusAsString());
        boolean ascending = request.order() == Order.ASCENDING;
        Comparator<LocalJob> order = Comparator.comparing(LocalJob::submission, LocalJob.Submission.CREATION_ORDER);
        if (!ascending) order = order.reversed();
        List<LocalJob> all = new ArrayList<>(jobs.values());
        all.sort(order);
        LocalJob after = request.nextToken() == null ? null : resumeAfter(request.nextToken());
        String queue = request.queue();
        List<Job> page = new ArrayList<>();
        boolean more = false;
        for (LocalJob j : all) {
            if (after != null && order.compare(j, after) <= 0) continue;
            if (request.status() != null && request.status() != j.status()) continue;
            String in = j.submission().queue();
            if (queue != null && !queue.equals(in) && !in.endsWith("/" + queue)) continue;
            if (page.size() == max) {
                more = true;
                break;
            }
            page.add(j.toJob());
        }
        ListJobsResponse.Builder out = ListJobsResponse.builder().jobs(page);
        if (more) {
            String last = page.get(page.size() - 1).id();
            out.nextToken(
                    Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        return out.build();
    }

    private LocalJob resumeAfter(String token) {
        String id;
        try {
            id = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("/nextToken: is not one this API returned");
        }
        LocalJob j = jobs.get(id);
        if (j == null) throw new BadRequest("/nextToken: is not one this API returned");
        return j;
    }

    public void cancel(String id) {
        LocalJob job = find(id);
        if (!job.cancel(timing.clock().instant())) {
            throw new Conflict("job " + id + " is " + job.status() + " and can no longer be canceled");
        }
        job.cancellation.cancel();
        emit(job, JobEvent.Kind.CANCELED);
    }

    private LocalJob find(String id) {
        LocalJob job = jobs.get(id);
        if (job == null) throw new NotFound("job " + id + " does not exist");
        return job;
    }

    private void run(LocalJob job) {
        if (!job.start(timing.clock().instant())) return; // canceled while queued
        emit(job, JobEvent.Kind.PROGRESSING);
        Duration every = timing.statusUpdateEvery().apply(job.statusUpdateInterval());
        ScheduledFuture<?> updates = statusUpdates.scheduleAtFixedRate(
                () -> {
                    if (job.status() == JobStatus.PROGRESSING) emit(job, JobEvent.Kind.STATUS_UPDATE);
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        try {
            // The job is the engine's listener: it records phases and progress, and its probe emits INPUT_INFORMATION.
            JobResult result = engine.run(job.id(), job.submission().request().settings(), job, job.cancellation);
            updates.cancel(false);
            synchronized (job) {
                if (job.isFinished()) return;
                job.complete(result, timing.clock().instant());
            }
            Log.info("job_complete")
                    .with("jobId", job.id())
                    .with("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0)
                    .to(LOG);
            emit(job, JobEvent.Kind.COMPLETE);
        } catch (CancellationException e) {
            // CancelJob already recorded and emitted the change
        } catch (EngineException e) {
            if (failUnlessFinished(job, e.errorCode(), e.getMessage())) {
                Log.warn("job_error")
                        .with("jobId", job.id())
                        .with("errorCode", e.errorCode())
                        .with("errorType", e.getClass().getSimpleName())
                        .with("errorMessage", e.getMessage())
                        .to(LOG);
            }
        } catch (RuntimeException | Error e) {
            Log.error("job_failed_unexpectedly")
                    .with("jobId", job.id())
                    .with("error", String.valueOf(e))
                    .to(LOG, e);
            failUnlessFinished(job, EngineException.TRANSCODE_FAILED, "local engine failure: " + e);
        } finally {
            updates.cancel(false);
        }
    }

    private boolean failUnlessFinished(LocalJob job, int code, String message) {
        synchronized (job) {
            if (job.isFinished()) return false;
            job.fail(code, message, timing.clock().instant());
        }
        emit(job, JobEvent.Kind.ERROR);
        return true;
    }

    private void emit(LocalJob job, JobEvent.Kind kind) {
        events.emit(job.event(kind, events.clock().instant()));
    }

    private String randomSuffix() {
        StringBuilder sb = new StringBuilder(6);
        for (int i = 0; i < 6; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return sb.toString();
    }

    @Override
    public void close() {
        for (LocalJob j : jobs.values()) {
            if (!j.isFinished()) j.cancellation.cancel();
        }
        statusUpdates.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 400 BadRequestException. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** 404 NotFoundException. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** 409 ConflictException. */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }
}

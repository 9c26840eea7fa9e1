package org.lmshls.local.mediaconvert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.lmshls.local.engine.EngineException;
import org.lmshls.local.engine.JobResult;
import org.lmshls.local.engine.Transcoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;

/**
 * The jobs: created idempotently (same {@code clientRequestToken} → same job), run on a
 * bounded pool of workers, each state change emitted as a job event.
 */
public final class JobService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("jobs");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Transcoder transcoder;
    private final JobEvents events;
    private final String region;
    private final String accountId;
    private final ExecutorService workers;
    private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, LocalJob> byToken = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public JobService(Transcoder transcoder, JobEvents events, String region, String accountId, int workers) {
        if (workers < 1) throw new IllegalArgumentException("--jobs must be at least 1, got " + workers);
        this.transcoder = transcoder;
        this.events = events;
        this.region = region;
        this.accountId = accountId;
        this.workers = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "job-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public JobEvents events() {
        return events;
    }

    /** Creates and queues a job, or returns the job already created with this request's token. */
    public ObjectNode create(CreateJobRequest request) {
        if (request.role() == null || request.role().isBlank()) throw new BadRequest("role is required");
        if (request.settings() == null) throw new BadRequest("settings is required (job templates by name are not supported locally)");
        if (request.jobTemplate() != null) throw new BadRequest("jobTemplate is not supported by the local API; send settings");
        String token = request.clientRequestToken();
        LocalJob job;
        boolean created = false;
        synchronized (this) {
            job = token == null ? null : byToken.get(token);
            if (job == null) {
                String id = System.currentTimeMillis() + "-" + randomSuffix();
                job = new LocalJob(id, "arn:aws:mediaconvert:" + region + ":" + accountId + ":jobs/" + id,
                        request.queue() != null ? request.queue() : "arn:aws:mediaconvert:" + region + ":" + accountId + ":queues/Default",
                        request, Instant.now());
                jobs.put(id, job);
                if (token != null) byToken.put(token, job);
                created = true;
            }
        }
        if (created) {
            LOG.info("{\"event\":\"job_created\",\"jobId\":\"{}\",\"clientRequestToken\":\"{}\"}", job.id(), token);
            events.emit(job);
            LocalJob queued = job;
            workers.execute(() -> run(queued));
        } else {
            LOG.info("{\"event\":\"job_create_repeated\",\"jobId\":\"{}\",\"clientRequestToken\":\"{}\"}", job.id(), token);
        }
        return job.toJson();
    }

    public ObjectNode get(String id) {
        return find(id).toJson();
    }

    /** Jobs, newest first unless {@code ascending}; {@code status} filters. */
    public List<ObjectNode> list(String status, String queue, boolean ascending) {
        List<LocalJob> all = new ArrayList<>(jobs.values());
        Comparator<LocalJob> order = Comparator.comparing(LocalJob::createdAt).thenComparing(LocalJob::id);
        all.sort(ascending ? order : order.reversed());
        List<ObjectNode> out = new ArrayList<>();
        for (LocalJob j : all) {
            if (status != null && !status.equals(j.status())) continue;
            if (queue != null && !queue.equals(j.queue()) && !j.queue().endsWith("/" + queue)) continue;
            out.add(j.toJson());
        }
        return out;
    }

    public void cancel(String id) {
        LocalJob job = find(id);
        if (!job.cancel()) {
            throw new Conflict("job " + id + " is " + job.status() + " and can no longer be canceled");
        }
        job.cancellation.cancel();
        events.emit(job);
    }

    private LocalJob find(String id) {
        LocalJob job = jobs.get(id);
        if (job == null) throw new NotFound("job " + id + " does not exist");
        return job;
    }

    private void run(LocalJob job) {
        if (!job.start()) return; // canceled while queued
        events.emit(job);
        long started = System.nanoTime();
        try {
            JobResult result = transcoder.run(job.id(), job.request().settings(), new Transcoder.Listener() {
                @Override public void phase(String phase) { job.phase(phase); }
                @Override public void percent(int percent) { job.percent(percent); }
            }, job.cancellation);
            synchronized (job) {
                if (job.isFinished()) return;
                job.complete(result);
            }
            LOG.info("{\"event\":\"job_complete\",\"jobId\":\"{}\",\"seconds\":{}}", job.id(), String.format("%.1f", (System.nanoTime() - started) / 1e9));
            events.emit(job);
        } catch (CancellationException e) {
            // CancelJob already recorded and emitted the change
        } catch (EngineException e) {
            if (failUnlessFinished(job, e.errorCode(), e.getMessage())) {
                LOG.warn("{\"event\":\"job_error\",\"jobId\":\"{}\",\"errorCode\":{},\"errorMessage\":\"{}\"}", job.id(), e.errorCode(),
                        e.getMessage().replace("\"", "'"));
            }
        } catch (RuntimeException | Error e) {
            LOG.error("job " + job.id() + " failed unexpectedly", e);
            failUnlessFinished(job, EngineException.TRANSCODE_FAILED, "local engine failure: " + e);
        }
    }

    private boolean failUnlessFinished(LocalJob job, int code, String message) {
        synchronized (job) {
            if (job.isFinished()) return false;
            job.fail(code, message);
        }
        events.emit(job);
        return true;
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
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 400 BadRequestException. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) { super(message); }
    }

    /** 404 NotFoundException. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) { super(message); }
    }

    /** 409 ConflictException. */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) { super(message); }
    }
}

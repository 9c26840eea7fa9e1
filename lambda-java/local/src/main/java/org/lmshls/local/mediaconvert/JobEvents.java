package org.lmshls.local.mediaconvert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.lmshls.converter.log.Log;
import org.lmshls.local.engine.JobResult;
import org.lmshls.local.engine.Probe;
import org.lmshls.local.logging.Slf4jSink;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobPhase;

/**
 * The EventBridge events MediaConvert emits for a job ({@code detail-type "MediaConvert Job
 * State Change"}, {@code source "aws.mediaconvert"}), with its set and its shapes: PROGRESSING,
 * INPUT_INFORMATION, STATUS_UPDATE, COMPLETE, CANCELED, ERROR, and no SUBMITTED (MediaConvert
 * sends none). Each goes to the log (a {@code job_state_change} line, the event under
 * {@code eventBridge}), and optionally to a JSON-lines file and a webhook, as EventBridge JSON;
 * in-process listeners get the typed {@link JobEvent} (tests use them; the CLI
 * polls the job service instead). The shapes follow the examples on AWS's pages listed in the
 * module README.
 */
public final class JobEvents {
    private static final Slf4jSink LOG = Slf4jSink.named("job-events");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final String region;
    private final String accountId;
    private final Path file;
    private final URI webhook;
    private final HttpClient http;
    private final List<Consumer<JobEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public JobEvents(String region, String accountId, Path file, URI webhook) {
        this(region, accountId, file, webhook, Clock.systemUTC());
    }

    public JobEvents(String region, String accountId, Path file, URI webhook, Clock clock) {
        this.clock = clock;
        this.region = region;
        this.accountId = accountId;
        this.file = file;
        this.webhook = webhook;
        this.http = webhook == null
                ? null
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public void addListener(Consumer<JobEvent> listener) {
        listeners.add(listener);
    }

    /** The clock events are stamped with. */
    Clock clock() {
        return clock;
    }

    void emit(JobEvent event) {
        ObjectNode json = eventBridge(event);
        Log.info("job_state_change").with("eventBridge", json).to(LOG);
        String line = json.toString();
        if (file != null) {
            synchronized (this) {
                try {
                    Files.writeString(
                            file,
                            line + "\n",
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    Log.warn("job_event_file_failed")
                            .with("file", file)
                            .with("error", e.getMessage())
                            .to(LOG);
                }
            }
        }
        if (webhook != null) {
            HttpRequest request = HttpRequest.newBuilder(webhook)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(line))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() >= 300) {
                    Log.warn("job_event_webhook_failed")
                            .with("url", webhook)
                            .with("error", e != null ? e.getMessage() : "HTTP " + r.statusCode())
                            .to(LOG);
                }
            });
        }
        for (Consumer<JobEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                Log.warn("job_event_listener_failed")
                        .with("error", String.valueOf(e))
                        .to(LOG, e);
            }
        }
    }

    /** The event as EventBridge delivers it ({@code detail-type "MediaConvert Job State Change"}). */
    public ObjectNode eventBridge(JobEvent event) {
        Job job = event.job();
        JobEvent.Kind kind = event.kind();
        ObjectNode e = JSON.createObjectNode();
        Instant now = event.time();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", "MediaConvert Job State Change");
        e.put("source", "aws.mediaconvert");
        e.put("account", accountId);
        e.put("time", now.truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("region", region);
        e.putArray("resources").add(job.arn());
        ObjectNode d = e.putObject("detail");
        d.put("timestamp", now.toEpochMilli());
        d.put("accountId", accountId);
        d.put("queue", job.queue());
        d.put("jobId", job.id());
        d.put("status", kind.name());
        ObjectNode meta = d.putObject("userMetadata");
        job.userMetadata().forEach(meta::put);
        switch (kind) {
            case INPUT_INFORMATION -> d.set("inputDetails", inputDetails(job, event.input()));
            case STATUS_UPDATE -> {
                d.put("framesDecoded", event.framesDecoded());
                d.set("jobProgress", jobProgress(job));
            }
            case COMPLETE -> {
                if (event.outputs() != null) d.set("outputGroupDetails", outputGroupDetails(event.outputs()));
            }
            case ERROR -> {
                d.put("errorCode", job.errorCode());
                d.put("errorMessage", job.errorMessage());
            }
            case PROGRESSING, CANCELED -> {}
        }
        return e;
    }

    /** One input, as MediaConvert describes it once probing is done. */
    private static ArrayNode inputDetails(Job job, Probe p) {
        ArrayNode inputs = JSON.createArrayNode();
        ObjectNode in = inputs.addObject();
        in.put("id", 1);
        in.put("uri", job.settings().inputs().get(0).fileInput());
        if (p == null) return inputs;
        ArrayNode audio = in.putArray("audio");
        for (Probe.AudioStream a : p.audio()) {
            audio.addObject()
                    .put("channels", a.channels())
                    .put("codec", a.codec())
                    .put("language", a.language())
                    .put("sampleRate", a.sampleRate())
                    .put("streamId", a.streamId());
        }
        ObjectNode v = in.putArray("video").addObject();
        v.put("bitDepth", p.video().bitDepth());
        v.put("codec", p.video().codec());
        v.put("colorFormat", "YUV_420");
        v.put("fourCC", p.video().fourCC());
        double fps = Math.round(p.framesPerSecond() * 1000) / 1000.0;
        if (fps == Math.rint(fps)) v.put("frameRate", (long) fps);
        else v.put("frameRate", fps);
        v.put("height", p.height());
        v.put("interlaceMode", "PROGRESSIVE");
        v.put("sar", sar(p.sampleAspectRatio()));
        v.put("standard", "UNSPECIFIED");
        v.put("streamId", p.video().streamId());
        v.put("width", p.width());
        return inputs;
    }

    private static String sar(double ratio) {
        for (int den = 1; den <= 100; den++) {
            double num = ratio * den;
            if (Math.abs(num - Math.rint(num)) < 1e-6) return (long) Math.rint(num) + ":" + den;
        }
        return String.format(java.util.Locale.ROOT, "%.4f:1", ratio);
    }

    /**
     * {@code jobProgress}: each phase PENDING, PROGRESSING or COMPLETE with its percentage, and the
     * job's. The engine reports progress while transcoding only; the job percentage weights the
     * phases as probing 5, transcoding 90, uploading 5.
     */
    private static ObjectNode jobProgress(Job job) {
        JobPhase current = job.currentPhase();
        int transcoding = job.jobPercentComplete() == null ? 0 : job.jobPercentComplete();
        ObjectNode progress = JSON.createObjectNode();
        ObjectNode phases = progress.putObject("phaseProgress");
        int jobPercent = 0;
        List<JobPhase> phaseOrder = List.of(JobPhase.PROBING, JobPhase.TRANSCODING, JobPhase.UPLOADING);
        for (JobPhase phase : phaseOrder) {
            int order = phaseOrder.indexOf(phase) - phaseOrder.indexOf(current == null ? JobPhase.PROBING : current);
            String status = order < 0 ? "COMPLETE" : order == 0 ? "PROGRESSING" : "PENDING";
            int percent = order < 0 ? 100 : order > 0 ? 0 : phase == JobPhase.TRANSCODING ? transcoding : 0;
            phases.putObject(phase.name()).put("status", status).put("percentComplete", percent);
            jobPercent += percent * (phase == JobPhase.TRANSCODING ? 90 : 5) / 100;
        }
        progress.put("jobPercentComplete", jobPercent);
        progress.put("currentPhase", (current == null ? JobPhase.PROBING : current).name());
        progress.put("retryCount", 0);
        return progress;
    }

    /** outputGroupDetails as EventBridge shows them: with the files written, the playlists and the group type. */
    static ArrayNode outputGroupDetails(JobResult result) {
        ArrayNode groups = JSON.createArrayNode();
        for (JobResult.GroupResult g : result.groups()) {
            ObjectNode gn = groups.addObject();
            ArrayNode outs = gn.putArray("outputDetails");
            for (JobResult.OutputResult o : g.outputs()) {
                ObjectNode on = outs.addObject();
                ArrayNode paths = on.putArray("outputFilePaths");
                o.outputFilePaths().forEach(paths::add);
                on.put("durationInMs", o.durationInMs());
                ObjectNode vd = on.putObject("videoDetails");
                vd.put("widthInPx", o.widthInPx());
                vd.put("heightInPx", o.heightInPx());
            }
            if (!g.playlistFilePaths().isEmpty()) {
                ArrayNode p = gn.putArray("playlistFilePaths");
                new ArrayList<>(g.playlistFilePaths()).forEach(p::add);
            }
            gn.put("type", g.type());
        }
        return groups;
    }
}

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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.lmshls.local.engine.JobResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every job state change as the EventBridge event MediaConvert emits
 * ({@code detail-type "MediaConvert Job State Change"}, {@code source "aws.mediaconvert"}):
 * to the log, and optionally appended to a JSON-lines file, POSTed to a webhook, or handed to
 * in-process listeners (the CLI waits on these).
 */
public final class JobEvents {
    private static final Logger LOG = LoggerFactory.getLogger("job-events");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String region;
    private final String accountId;
    private final Path file;
    private final URI webhook;
    private final HttpClient http;
    private final List<Consumer<ObjectNode>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public JobEvents(String region, String accountId, Path file, URI webhook) {
        this.region = region;
        this.accountId = accountId;
        this.file = file;
        this.webhook = webhook;
        this.http = webhook == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public void addListener(Consumer<ObjectNode> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ObjectNode> listener) {
        listeners.remove(listener);
    }

    void emit(LocalJob job) {
        ObjectNode event = event(job);
        String line = event.toString();
        LOG.info("{}", line);
        if (file != null) {
            synchronized (this) {
                try {
                    Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    LOG.warn("{\"event\":\"job_event_file_failed\",\"file\":\"{}\",\"error\":\"{}\"}", file, e.getMessage());
                }
            }
        }
        if (webhook != null) {
            HttpRequest request = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(line)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() >= 300) {
                    LOG.warn("{\"event\":\"job_event_webhook_failed\",\"url\":\"{}\",\"error\":\"{}\"}", webhook,
                            e != null ? e.getMessage() : "HTTP " + r.statusCode());
                }
            });
        }
        for (Consumer<ObjectNode> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("job event listener failed", e);
            }
        }
    }

    ObjectNode event(LocalJob job) {
        ObjectNode e = JSON.createObjectNode();
        Instant now = Instant.now();
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
        d.put("status", job.status());
        ObjectNode meta = d.putObject("userMetadata");
        job.userMetadata().forEach(meta::put);
        if ("COMPLETE".equals(job.status()) && job.result() != null) {
            d.set("outputGroupDetails", outputGroupDetails(job.result(), true));
        }
        if ("ERROR".equals(job.status())) {
            d.put("errorCode", job.errorCode());
            d.put("errorMessage", job.errorMessage());
        }
        return e;
    }

    /** outputGroupDetails as EventBridge shows them (with type and playlistFilePaths when {@code full}). */
    static ArrayNode outputGroupDetails(JobResult result, boolean full) {
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
            if (full) {
                if (!g.playlistFilePaths().isEmpty()) {
                    ArrayNode p = gn.putArray("playlistFilePaths");
                    new ArrayList<>(g.playlistFilePaths()).forEach(p::add);
                }
                gn.put("type", g.type());
            }
        }
        return groups;
    }
}

package org.lmshls.local.mediaconvert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.lmshls.converter.log.Log;
import org.lmshls.local.http.LoopbackServer;
import org.lmshls.local.http.Query;
import org.lmshls.local.logging.Slf4jSink;
import org.lmshls.template.SdkJson;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.ListJobsRequest;
import software.amazon.awssdk.services.mediaconvert.model.ProbeRequest;

/**
 * MediaConvert's REST API (restJson1, {@code /2017-08-29/…}) on 127.0.0.1: CreateJob, GetJob,
 * ListJobs, CancelJob, Probe, and DescribeEndpoints for older clients. This is the one place that
 * turns the job service's SDK model into MediaConvert's JSON and back: request bodies are checked
 * against MediaConvert's published service model ({@link ServiceModel}, when installed) and the
 * rules its documentation states ({@link DocumentedRules}), then read into the SDK's own model by
 * the converter's {@link SdkJson} reader; errors come back the way MediaConvert sends them
 * ({@code x-amzn-ErrorType} header, {@code {"message": …}} body). Signatures are not checked: this
 * is a local development endpoint.
 */
public final class MediaConvertServer implements AutoCloseable {
    private static final Slf4jSink LOG = Slf4jSink.named("mediaconvert-api");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOBS = "/2017-08-29/jobs";
    private static final String PROBE = "/2017-08-29/probe";
    /** How many violations one BadRequestException message lists. */
    private static final int MAX_REPORTED = 5;

    private final LoopbackServer server;
    private final JobService jobs;
    private final InputProbe probe;
    private final Optional<ServiceModel> model;
    private final AtomicInteger dropCreateJobAnswers = new AtomicInteger();

    private MediaConvertServer(JobService jobs, InputProbe probe, Optional<ServiceModel> model, int port)
            throws IOException {
        this.jobs = jobs;
        this.probe = probe;
        this.model = model;
        this.server = LoopbackServer.start("mediaconvert-api", port, 8, this::handle);
    }

    /** Listens on {@code 127.0.0.1:port} (0 picks a free port); checks requests against the installed model. */
    public static MediaConvertServer start(int port, JobService jobs) throws IOException {
        return start(port, jobs, null, ServiceModel.installed());
    }

    /**
     * {@code probe}: answers Probe (null: Probe is refused); {@code model}: the service model requests are checked
     * against (empty: only {@link DocumentedRules} and the SDK model's shape are checked, and one line says so).
     */
    public static MediaConvertServer start(int port, JobService jobs, InputProbe probe, Optional<ServiceModel> model)
            throws IOException {
        if (model.isEmpty()) {
            Log.warn("service_model_missing")
                    .with("looked_for", "botocore/" + ServiceModel.BOTOCORE_PATH)
                    .with(
                            "effect",
                            "CreateJob is not checked against MediaConvert's published model (pip install botocore, or set "
                                    + ServiceModel.ENVIRONMENT + ")")
                    .to(LOG);
        }
        return new MediaConvertServer(jobs, probe, model, port);
    }

    public URI endpoint() {
        return server.url();
    }

    /**
     * A fault for tests of lost answers: the next {@code count} CreateJob requests create their job
     * (or find it by token) as usual, and then the connection is closed without an answer, as when
     * a response is lost on the network after MediaConvert accepted the job.
     */
    public void dropCreateJobAnswers(int count) {
        dropCreateJobAnswers.set(count);
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.equals(JOBS) && method.equals("POST")) {
                CreateJobRequest request = read(body, "CreateJob", CreateJobRequest.class);
                List<String> violations = DocumentedRules.check(request);
                if (!violations.isEmpty()) throw new JobService.BadRequest(message(violations));
                ObjectNode answer = wrap("job", jobs.create(request));
                if (dropCreateJobAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    Log.info("create_job_answer_dropped")
                            .with("fault", "drop_create_job_answers")
                            .to(LOG);
                    return; // closed in finally with no response sent: the client sees the connection end
                }
                send(ex, 201, answer);
            } else if (path.equals(JOBS) && method.equals("GET")) {
                send(
                        ex,
                        200,
                        SdkWireJson.toJson(jobs.list(
                                listRequest(Query.parse(ex.getRequestURI().getRawQuery())))));
            } else if (path.startsWith(JOBS + "/") && method.equals("GET")) {
                send(ex, 200, wrap("job", jobs.get(id(path))));
            } else if (path.startsWith(JOBS + "/") && method.equals("DELETE")) {
                jobs.cancel(id(path));
                send(ex, 202, JSON.createObjectNode());
            } else if (path.equals(PROBE) && method.equals("POST") && probe != null) {
                send(ex, 200, SdkWireJson.toJson(probe.probe(read(body, "Probe", ProbeRequest.class))));
            } else if (path.equals("/2017-08-29/endpoints") && method.equals("POST")) {
                ObjectNode out = JSON.createObjectNode();
                out.putArray("endpoints").addObject().put("url", endpoint().toString());
                send(ex, 200, out);
            } else {
                error(
                        ex,
                        400,
                        "BadRequestException",
                        "the local MediaConvert API does not implement " + method + " " + path
                                + " (supported: CreateJob, GetJob, ListJobs, CancelJob, Probe)");
            }
        } catch (JobService.BadRequest e) {
            Log.info("bad_request")
                    .with("method", method)
                    .with("path", path)
                    .with("message", e.getMessage())
                    .to(LOG);
            error(ex, 400, "BadRequestException", e.getMessage());
        } catch (JobService.NotFound e) {
            error(ex, 404, "NotFoundException", e.getMessage());
        } catch (JobService.Conflict e) {
            error(ex, 409, "ConflictException", e.getMessage());
        } catch (RuntimeException e) {
            Log.error("api_internal_error")
                    .with("method", method)
                    .with("path", path)
                    .with("error", String.valueOf(e))
                    .to(LOG, e);
            error(ex, 500, "InternalServerErrorException", "local MediaConvert API error: " + e);
        } finally {
            ex.close();
        }
    }

    /** A request body: checked against the service model's input shape, then read into the SDK's class. */
    private <T> T read(byte[] body, String operation, Class<T> type) {
        byte[] json = body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body;
        if (model.isPresent()) {
            JsonNode tree;
            try {
                tree = JSON.readTree(json);
            } catch (IOException e) {
                throw new JobService.BadRequest("the request body is not valid JSON: " + e.getMessage());
            }
            List<String> violations = model.get().validate(model.get().inputShape(operation), tree);
            if (!violations.isEmpty()) throw new JobService.BadRequest(message(violations));
        }
        try {
            return SdkJson.read(json, type);
        } catch (IllegalArgumentException e) {
            throw new JobService.BadRequest(e.getMessage());
        }
    }

    private static String message(List<String> violations) {
        String shown = String.join("; ", violations.subList(0, Math.min(MAX_REPORTED, violations.size())));
        return violations.size() > MAX_REPORTED
                ? shown + "; and " + (violations.size() - MAX_REPORTED) + " more"
                : shown;
    }

    private static ListJobsRequest listRequest(Query q) {
        ListJobsRequest.Builder r = ListJobsRequest.builder();
        if (q.has("maxResults")) {
            try {
                r.maxResults(Integer.parseInt(q.get("maxResults")));
            } catch (NumberFormatException e) {
                throw new JobService.BadRequest("/maxResults: should be a whole number, got " + q.get("maxResults"));
            }
        }
        return r.order(q.get("order"))
                .status(q.get("status"))
                .queue(q.get("queue"))
                .nextToken(q.get("nextToken"))
                .build();
    }

    private static String id(String path) {
        return URLDecoder.decode(path.substring(JOBS.length() + 1), StandardCharsets.UTF_8);
    }

    private static ObjectNode wrap(String name, SdkPojo value) {
        ObjectNode out = JSON.createObjectNode();
        out.set(name, SdkWireJson.toJson(value));
        return out;
    }

    private static void error(HttpExchange ex, int status, String type, String message) throws IOException {
        ex.getResponseHeaders().set("x-amzn-ErrorType", type);
        ObjectNode body = JSON.createObjectNode();
        body.put("message", message);
        send(ex, status, body);
    }

    private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}

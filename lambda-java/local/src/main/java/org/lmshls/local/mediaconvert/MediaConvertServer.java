package org.lmshls.local.mediaconvert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.lmshls.local.logging.JsonLine;
import org.lmshls.template.SdkJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/**
 * MediaConvert's REST API (restJson1, {@code /2017-08-29/…}) on 127.0.0.1: CreateJob, GetJob,
 * ListJobs, CancelJob, and DescribeEndpoints for older clients. Request bodies are read into the
 * SDK's own model by the converter's {@link SdkJson} reader; errors come back the way
 * MediaConvert sends them ({@code x-amzn-ErrorType} header, {@code {"message": …}} body).
 * Signatures are not checked: this is a local development endpoint.
 */
public final class MediaConvertServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("mediaconvert-api");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOBS = "/2017-08-29/jobs";

    private final HttpServer server;
    private final ExecutorService executor;
    private final JobService jobs;
    private final URI endpoint;

    private MediaConvertServer(HttpServer server, ExecutorService executor, JobService jobs) {
        this.server = server;
        this.executor = executor;
        this.jobs = jobs;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Listens on {@code 127.0.0.1:port} (0 picks a free port). */
    public static MediaConvertServer start(int port, JobService jobs) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "mediaconvert-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        MediaConvertServer s = new MediaConvertServer(server, executor, jobs);
        server.createContext("/", s::handle);
        server.start();
        return s;
    }

    public URI endpoint() {
        return endpoint;
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.equals(JOBS) && method.equals("POST")) {
                CreateJobRequest request;
                try {
                    request = SdkJson.read(
                            body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body, CreateJobRequest.class);
                } catch (IllegalArgumentException e) {
                    throw new JobService.BadRequest(e.getMessage());
                }
                send(ex, 201, wrap("job", jobs.create(request)));
            } else if (path.equals(JOBS) && method.equals("GET")) {
                send(ex, 200, list(query(ex.getRequestURI())));
            } else if (path.startsWith(JOBS + "/") && method.equals("GET")) {
                send(ex, 200, wrap("job", jobs.get(id(path))));
            } else if (path.startsWith(JOBS + "/") && method.equals("DELETE")) {
                jobs.cancel(id(path));
                send(ex, 202, JSON.createObjectNode());
            } else if (path.equals("/2017-08-29/endpoints") && method.equals("POST")) {
                ObjectNode out = JSON.createObjectNode();
                out.putArray("endpoints").addObject().put("url", endpoint.toString());
                send(ex, 200, out);
            } else {
                error(
                        ex,
                        400,
                        "BadRequestException",
                        "the local MediaConvert API does not implement " + method + " " + path
                                + " (supported: CreateJob, GetJob, ListJobs, CancelJob)");
            }
        } catch (JobService.BadRequest e) {
            error(ex, 400, "BadRequestException", e.getMessage());
        } catch (JobService.NotFound e) {
            error(ex, 404, "NotFoundException", e.getMessage());
        } catch (JobService.Conflict e) {
            error(ex, 409, "ConflictException", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error(JsonLine.of("api_internal_error", "method", method, "path", path, "error", String.valueOf(e)), e);
            error(ex, 500, "InternalServerErrorException", "local MediaConvert API error: " + e);
        } finally {
            ex.close();
        }
    }

    private ObjectNode list(Map<String, String> q) {
        int max = 20;
        if (q.containsKey("maxResults")) {
            try {
                max = Integer.parseInt(q.get("maxResults"));
            } catch (NumberFormatException e) {
                throw new JobService.BadRequest("maxResults must be a whole number, got " + q.get("maxResults"));
            }
            if (max < 1 || max > 20) throw new JobService.BadRequest("maxResults must be between 1 and 20, got " + max);
        }
        String order = q.getOrDefault("order", "DESCENDING");
        if (!order.equals("ASCENDING") && !order.equals("DESCENDING")) {
            throw new JobService.BadRequest("order must be ASCENDING or DESCENDING, got " + order);
        }
        JobStatus status = q.get("status") == null ? null : JobStatus.fromValue(q.get("status"));
        if (status == JobStatus.UNKNOWN_TO_SDK_VERSION) {
            throw new JobService.BadRequest(
                    "status must be SUBMITTED, PROGRESSING, COMPLETE, CANCELED or ERROR, got " + q.get("status"));
        }
        int offset = 0;
        if (q.containsKey("nextToken")) {
            try {
                offset = Integer.parseInt(
                        new String(Base64.getUrlDecoder().decode(q.get("nextToken")), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new JobService.BadRequest("nextToken is not one this API returned");
            }
        }
        List<ObjectNode> all = jobs.list(status, q.get("queue"), order.equals("ASCENDING"));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode page = out.putArray("jobs");
        for (int i = offset; i < Math.min(all.size(), offset + max); i++) page.add(all.get(i));
        if (offset + max < all.size()) {
            out.put(
                    "nextToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(String.valueOf(offset + max).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String id(String path) {
        return URLDecoder.decode(path.substring(JOBS.length() + 1), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) return q;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static ObjectNode wrap(String name, ObjectNode value) {
        ObjectNode out = JSON.createObjectNode();
        out.set(name, value);
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
        ex.getResponseHeaders()
                .set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package org.lmshls.converter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server that answers MediaConvert's REST wire format for CreateJob, ListJobs and
 * Probe, and records every request it receives, so tests can assert what the real SDK client put
 * on the wire. Like the service it keeps the jobs it created (ListJobs, newest first, paged) and
 * answers a repeated {@code ClientRequestToken} with the job it already made, until
 * {@link #forgetTokens} plays the end of the token window. {@link #dropCreateJobAnswers} creates
 * the job and then closes the connection without an answer, as a lost response does.
 */
final class RecordingMediaConvert implements AutoCloseable {

    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        Request(String method, String path, Map<String, List<String>> headers, String body) {
            this(method, path, null, headers, body);
        }

        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        boolean isCreateJob() {
            return method.equals("POST") && path.equals("/2017-08-29/jobs");
        }
    }

    /** A canned error answer: HTTP status and the error type MediaConvert names in x-amzn-ErrorType. */
    record Failure(int status, String errorType, String message) {}

    /** The request id every answer carries, as MediaConvert's do. */
    static final String REQUEST_ID = "9a3c6e1f-0b2d-4e5f-8a7b-recording";

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    /** Created jobs, oldest first. */
    private final List<ObjectNode> jobs = new ArrayList<>();

    private final Map<String, ObjectNode> byToken = new HashMap<>();
    private volatile Failure alwaysFail;
    private volatile String probeAnswer = probeResult(1280, 720, 12.5);
    private final AtomicInteger dropCreateJob = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();

    RecordingMediaConvert() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The CreateJob requests, in order (every attempt, retries included). */
    synchronized List<Request> requests() {
        return requests.stream().filter(Request::isCreateJob).toList();
    }

    /** Every request, whatever the operation. */
    synchronized List<Request> calls() {
        return List.copyOf(requests);
    }

    /** The jobs created, oldest first. */
    synchronized List<JsonNode> jobs() {
        return List.copyOf(jobs);
    }

    /** Forgets requests, jobs and tokens. */
    synchronized void reset() {
        requests.clear();
        jobs.clear();
        byToken.clear();
        ids.set(0);
    }

    /** Every request from now on gets this error. */
    void failAlways(int status, String errorType) {
        alwaysFail = new Failure(status, errorType, "injected " + errorType);
    }

    /** The next {@code n} CreateJob requests create their job, then get no answer. */
    void dropCreateJobAnswers(int n) {
        dropCreateJob.set(n);
    }

    /** MediaConvert's token window is over: a known token creates a new job again. */
    synchronized void forgetTokens() {
        byToken.clear();
    }

    /** Probe answers with a video track of this size (the default: 1280x720, 12.5 s). */
    void probeAnswers(int width, int height, double seconds) {
        probeAnswer = probeResult(width, height, seconds);
    }

    /** Probe fails with HTTP 400. */
    void probeFails() {
        probeAnswer = null;
    }

    static String probeResult(int width, int height, double seconds) {
        return """
        {"probeResults":[{"container":{"format":"mp4","duration":%s,"tracks":[
          {"index":1,"trackType":"video","codec":"H_264","duration":%s,
           "videoProperties":{"width":%d,"height":%d,"bitDepth":8,"frameRate":{"numerator":25,"denominator":1}}},
          {"index":2,"trackType":"audio","codec":"AAC","duration":%s,"audioProperties":{"channels":2,"sampleRate":48000}}]}}]}
        """.formatted(seconds, seconds, width, height, seconds);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(
                ex.getRequestMethod(),
                ex.getRequestURI().getPath(),
                ex.getRequestURI().getRawQuery(),
                Map.copyOf(ex.getRequestHeaders()),
                body);
        synchronized (this) {
            requests.add(request);
        }
        Failure f = alwaysFail;
        if (f != null) {
            respond(ex, f.status(), f.errorType(), "{\"message\":\"" + f.message() + "\"}");
            return;
        }
        if (request.isCreateJob()) {
            ObjectNode job = createJob(request.json());
            if (dropCreateJob.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.close(); // the job exists; the answer is lost
                return;
            }
            respond(ex, 201, null, JSON.createObjectNode().set("job", job).toString());
        } else if (request.method().equals("GET") && request.path().equals("/2017-08-29/jobs")) {
            respond(ex, 200, null, listJobs(query(request.query())));
        } else if (request.method().equals("POST") && request.path().equals("/2017-08-29/probe")) {
            String answer = probeAnswer;
            if (answer == null) {
                respond(ex, 400, "BadRequestException", "{\"message\":\"injected probe failure\"}");
            } else {
                respond(ex, 200, null, answer);
            }
        } else {
            respond(ex, 404, "NotFoundException", "{\"message\":\"no such operation\"}");
        }
    }

    private synchronized ObjectNode createJob(JsonNode request) {
        String token = request.path("clientRequestToken").asText("");
        if (!token.isEmpty() && byToken.containsKey(token)) {
            return byToken.get(token);
        }
        int n = ids.incrementAndGet();
        String id = "1700000000000-" + (token.isEmpty() ? "" : token.substring(0, 6) + "-") + n;
        ObjectNode job = JSON.createObjectNode();
        job.put("id", id);
        job.put("arn", "arn:aws:mediaconvert:us-east-1:123456789012:jobs/" + id);
        job.put("status", "SUBMITTED");
        job.put("createdAt", Instant.now().getEpochSecond());
        job.put("queue", "arn:aws:mediaconvert:us-east-1:123456789012:queues/Default");
        job.set("userMetadata", request.path("userMetadata"));
        jobs.add(job);
        if (!token.isEmpty()) {
            byToken.put(token, job);
        }
        return job;
    }

    private synchronized String listJobs(Map<String, String> q) {
        int max = Integer.parseInt(q.getOrDefault("maxResults", "20"));
        int from = Integer.parseInt(q.getOrDefault("nextToken", "0"));
        List<ObjectNode> order = new ArrayList<>(jobs);
        if (!"ASCENDING".equals(q.get("order"))) {
            java.util.Collections.reverse(order);
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode page = out.putArray("jobs");
        order.stream().skip(from).limit(max).forEach(page::add);
        if (from + max < order.size()) {
            out.put("nextToken", Integer.toString(from + max));
        }
        return out.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void respond(HttpExchange ex, int status, String errorType, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("x-amzn-RequestId", REQUEST_ID);
        if (errorType != null) {
            ex.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

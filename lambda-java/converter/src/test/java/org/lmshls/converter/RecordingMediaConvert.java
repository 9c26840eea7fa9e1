package org.lmshls.converter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server that answers MediaConvert's REST wire format for CreateJob and records
 * every request it receives, so tests can assert what the real SDK client put on the wire.
 */
final class RecordingMediaConvert implements AutoCloseable {

    record Request(String method, String path, Map<String, List<String>> headers, String body) {
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
    }

    /** A canned error answer: HTTP status and the error type MediaConvert names in x-amzn-ErrorType. */
    record Failure(int status, String errorType, String message) {}

    /** The request id every answer carries, as MediaConvert's do. */
    static final String REQUEST_ID = "9a3c6e1f-0b2d-4e5f-8a7b-recording";

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile Failure alwaysFail;
    private final AtomicInteger jobs = new AtomicInteger();

    RecordingMediaConvert() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every request from now on gets this error. */
    void failAlways(int status, String errorType) {
        alwaysFail = new Failure(status, errorType, "injected " + errorType);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (this) {
            requests.add(new Request(
                    ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
        }
        Failure f = alwaysFail;
        if (f != null) {
            respond(ex, f.status(), f.errorType(), "{\"message\":\"" + f.message() + "\"}");
            return;
        }
        if (!ex.getRequestMethod().equals("POST")
                || !ex.getRequestURI().getPath().equals("/2017-08-29/jobs")) {
            respond(ex, 404, "NotFoundException", "{\"message\":\"no such operation\"}");
            return;
        }
        String token =
                new ObjectMapper().readTree(body).path("clientRequestToken").asText("");
        String id =
                "1700000000000-" + (token.isEmpty() ? Integer.toString(jobs.incrementAndGet()) : token.substring(0, 6));
        respond(
                ex,
                201,
                null,
                "{\"job\":{\"id\":\"" + id + "\",\"status\":\"SUBMITTED\","
                        + "\"arn\":\"arn:aws:mediaconvert:us-east-1:123456789012:jobs/" + id + "\"}}");
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

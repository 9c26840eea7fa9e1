package org.lmshls.converter.bench;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.lmshls.converter.ConverterConfig;
import org.lmshls.converter.ConverterHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;

/**
 * make bench, converter part. Prints (a) cold start: process launch to CreateJob received on a
 * loopback endpoint, median of N fresh JVMs, beside a bare JVM start; (b) warm: per-event handler
 * time p50/p99, beside a bare HTTP POST of the same size; (c) the jar size.
 *
 * <p>Arguments: converter.jar path, classpath for the child JVMs, event JSON, cold runs, warm events.
 */
public final class ConverterBench {

    private static final String JSON_OK = "{\"job\":{\"id\":\"1700000000000-bench\",\"status\":\"SUBMITTED\"}}";

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String childClasspath = args[1];
        Path eventFile = Path.of(args[2]);
        int coldRuns = Integer.parseInt(args[3]);
        int warmEvents = Integer.parseInt(args[4]);

        BlockingQueue<Long> received = new ArrayBlockingQueue<>(16);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            if (ex.getRequestMethod().equals("GET")) {
                // S3 ListObjectsV2 (the converter looks for caption files first): one caption file.
                byte[] b = LIST_ANSWER.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/xml");
                ex.sendResponseHeaders(200, b.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
                return;
            }
            long now = System.nanoTime();
            byte[] b = JSON_OK.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(201, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
            received.offer(now);
        });
        server.setExecutor(null);
        server.start();
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();

        try {
            System.out.println("converter benchmark (JVM " + Runtime.version() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores)");
            if (coldRuns > 0) {
                cold(childClasspath, eventFile, endpoint, received, coldRuns);
            }
            warm(eventFile, URI.create(endpoint), received, warmEvents);
            long size = Files.size(jar);
            System.out.printf(
                    "(c) jar size: %s = %.2f MB (goal: at most 12 MB; %.2fx of the goal)%n",
                    jar.getFileName(), size / 1e6, size / 12e6);
        } finally {
            server.stop(0);
        }
    }

    private static final String LIST_ANSWER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><IsTruncated>false</IsTruncated>"
            + "<Contents><Key>intro.mp4</Key></Contents><Contents><Key>intro.en.vtt</Key></Contents></ListBucketResult>";

    // Lambda's java21 runtime starts the JVM with tiered compilation stopped at C1; do the same.
    private static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    private static void cold(String classpath, Path event, String endpoint, BlockingQueue<Long> received, int runs)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long[] bare = new long[runs];
        long[] toRequest = new long[runs];
        long[] whole = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            run(List.of(java), classpath, HelloMain.class.getName(), List.of(), Map.of());
            bare[i] = System.nanoTime() - t0;

            received.clear();
            t0 = System.nanoTime();
            run(
                    List.of(java),
                    classpath,
                    ColdStartMain.class.getName(),
                    List.of(event.toString()),
                    Map.of(
                            "DestinationBucket", "output-bucket-terraform-lms-hls-streaming",
                            "MediaConvertRole", "arn:aws:iam::123456789012:role/lms-hls-streaming-mediaconvert",
                            "Application", "lms-hls-streaming-bench",
                            "AWS_REGION", "us-east-1",
                            "AWS_ACCESS_KEY_ID", "AKIDBENCH",
                            "AWS_SECRET_ACCESS_KEY", "bench-secret",
                            "AWS_ENDPOINT_URL_MEDIACONVERT", endpoint,
                            "AWS_ENDPOINT_URL_S3", endpoint));
            whole[i] = System.nanoTime() - t0;
            Long at = received.poll(1, TimeUnit.SECONDS);
            if (at == null) {
                throw new IllegalStateException("the cold-start process finished without sending CreateJob");
            }
            toRequest[i] = at - t0;
        }
        double b = median(bare) / 1e6, c = median(toRequest) / 1e6, w = median(whole) / 1e6;
        System.out.printf(
                "(a) cold start, median of %d fresh JVMs (flags %s):%n", runs, String.join(" ", LAMBDA_JVM_FLAGS));
        System.out.printf("    bare JVM start and exit:            %7.0f ms  (baseline, 1.00x)%n", b);
        System.out.printf(
                "    JVM start -> CreateJob received:    %7.0f ms  (%.2fx baseline; goal: under 1000 ms)%n", c, c / b);
        System.out.printf("    whole process including exit:       %7.0f ms  (%.2fx baseline)%n", w, w / b);
    }

    private static void run(List<String> java, String cp, String main, List<String> args, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(java);
        cmd.addAll(LAMBDA_JVM_FLAGS);
        cmd.addAll(List.of("-cp", cp, main));
        cmd.addAll(args);
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        // No profile files: a Lambda has none, and reading a developer's ~/.aws would skew the figure.
        pb.environment().put("AWS_CONFIG_FILE", new File("/nonexistent/config").getPath());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", new File("/nonexistent/credentials").getPath());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(main + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
        }
    }

    private static void warm(Path eventFile, URI endpoint, BlockingQueue<Long> received, int events) throws Exception {
        byte[] eventJson = Files.readAllBytes(eventFile);
        S3Event event = LambdaEventSerializers.serializerFor(S3Event.class, ConverterBench.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(eventJson));
        ConverterConfig config = new ConverterConfig(
                "output-bucket-terraform-lms-hls-streaming",
                        "arn:aws:iam::123456789012:role/lms-hls-streaming-mediaconvert",
                "lms-hls-streaming-bench", "us-east-1");
        MediaConvertClient client = ConverterHandler.clientBuilder(config)
                .endpointOverride(endpoint)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench-secret")))
                .build();
        ConverterHandler handler = new ConverterHandler(
                config,
                client,
                new org.lmshls.converter.S3Objects(
                        software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench-secret")),
                        "us-east-1",
                        endpoint),
                org.lmshls.template.JobTemplate.bundled());
        byte[] body = sampleBody();

        int warmup = Math.max(200, events / 2);
        long[] handlerNs = new long[events];
        long[] postNs = new long[events];
        long[] cpuNs = new long[events];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup; i++) {
            handler.handle(event, null);
            post(endpoint, body);
        }
        for (int i = 0; i < events; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            handler.handle(event, null);
            handlerNs[i] = System.nanoTime() - t0;
            cpuNs[i] = threads.getCurrentThreadCpuTime() - c0;
            t0 = System.nanoTime();
            post(endpoint, body);
            postNs[i] = System.nanoTime() - t0;
            received.clear();
        }
        client.close();
        double p50 = pct(handlerNs, 50) / 1e6, p99 = pct(handlerNs, 99) / 1e6;
        double b50 = pct(postNs, 50) / 1e6, b99 = pct(postNs, 99) / 1e6;
        System.out.printf("(b) warm, %d events after %d warm-up events:%n", events, warmup);
        System.out.printf("    bare HTTP POST of the same body:    p50 %6.3f ms  p99 %6.3f ms  (baseline)%n", b50, b99);
        System.out.printf(
                "    handler, ListObjectsV2 + CreateJob: p50 %6.3f ms  p99 %6.3f ms  (%.2fx / %.2fx baseline; goal: p50 under 1.5 ms)%n",
                p50, p99, p50 / b50, p99 / b99);
        System.out.printf(
                "    handler CPU time on its thread:     p50 %6.3f ms  p99 %6.3f ms  (load average now %.2f)%n",
                pct(cpuNs, 50) / 1e6,
                pct(cpuNs, 99) / 1e6,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
    }

    /** A CreateJob body of the real size, for the bare-POST baseline. */
    private static byte[] sampleBody() throws IOException {
        try (var in = ConverterBench.class.getClassLoader().getResourceAsStream("job-templates/hls-abr.json")) {
            return in.readAllBytes();
        }
    }

    private static void post(URI endpoint, byte[] body) throws IOException {
        HttpURLConnection c =
                (HttpURLConnection) endpoint.resolve("/2017-08-29/jobs").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream o = c.getOutputStream()) {
            o.write(body);
        }
        c.getInputStream().readAllBytes();
        c.getInputStream().close();
    }

    private static double median(long[] xs) {
        return pct(xs, 50);
    }

    private static double pct(long[] xs, int p) {
        long[] s = xs.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }
}

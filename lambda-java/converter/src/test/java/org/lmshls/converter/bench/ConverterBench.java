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
 * <p>Arguments: converter.jar path, classpath for the child JVMs, event JSON, cold runs, warm events,
 * and optionally a Python interpreter, a minimal boto3 handler script and the job template: then (a)
 * also runs that handler (the source system's way: DescribeEndpoints, then CreateJob) as a fresh
 * process on the same event against the same loopback endpoint, alternating with the converter, and
 * prints the converter's whole-process time as a ratio of it.
 */
public final class ConverterBench {

    private static final String JSON_OK = "{\"job\":{\"id\":\"1700000000000-bench\",\"status\":\"SUBMITTED\"}}";

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String childClasspath = args[1];
        Path eventFile = Path.of(args[2]);
        int coldRuns = Integer.parseInt(args[3]);
        int warmEvents = Integer.parseInt(args[4]);
        List<String> python = args.length > 7 ? List.of(args[5], args[6], args[7]) : List.of();

        BlockingQueue<Long> received = new ArrayBlockingQueue<>(16);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String method = ex.getRequestMethod(), path = ex.getRequestURI().getPath();
            if (method.equals("POST") && path.endsWith("/jobs")) {
                // CreateJob: the moment the cold start is measured to.
                long now = System.nanoTime();
                answer(ex, 201, "application/json", JSON_OK);
                received.offer(now);
            } else if (path.endsWith("/endpoints")) {
                // DescribeEndpoints (the boto3 baseline asks for the account endpoint first): this one.
                answer(
                        ex,
                        200,
                        "application/json",
                        "{\"endpoints\":[{\"url\":\"http://127.0.0.1:"
                                + ex.getLocalAddress().getPort() + "\"}]}");
            } else if (path.endsWith("/probe")) {
                answer(ex, 200, "application/json", PROBE_ANSWER);
            } else if (method.equals("GET") && path.endsWith("/jobs")) {
                answer(ex, 200, "application/json", "{\"jobs\":[]}"); // ListJobs: no earlier attempt
            } else if (method.equals("GET")) {
                // S3 ListObjectsV2 (the converter looks for caption files first): one caption file.
                answer(ex, 200, "application/xml", LIST_ANSWER);
            } else if (method.equals("HEAD")) {
                ex.getResponseHeaders().set("Content-Type", "video/mp4");
                ex.getResponseHeaders().set("x-amz-meta-title", "Introduction");
                ex.sendResponseHeaders(200, -1); // HeadObject for the title
                ex.close();
            } else {
                ex.getResponseHeaders().set("ETag", "\"bench\"");
                answer(ex, 200, "application/xml", ""); // PutObject of lecture.json
            }
        });
        server.setExecutor(null);
        server.start();
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();

        try {
            System.out.println("converter benchmark (JVM " + Runtime.version() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores)");
            if (coldRuns > 0) {
                cold(childClasspath, eventFile, endpoint, received, coldRuns, python);
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

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String type, String body)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    /** What Probe says of a 1080p30 lecture with stereo audio. */
    private static final String PROBE_ANSWER =
            "{\"probeResults\":[{\"container\":{\"format\":\"mp4\",\"duration\":600.0,"
                    + "\"tracks\":[{\"index\":1,\"trackType\":\"video\",\"codec\":\"AVC\",\"duration\":600.0,"
                    + "\"videoProperties\":{\"width\":1920,\"height\":1080,\"bitDepth\":8,"
                    + "\"frameRate\":{\"numerator\":30,\"denominator\":1}}},"
                    + "{\"index\":2,\"trackType\":\"audio\",\"codec\":\"AAC\",\"duration\":600.0,"
                    + "\"audioProperties\":{\"channels\":2,\"sampleRate\":48000}}]}}]}";

    private static final String LIST_ANSWER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><IsTruncated>false</IsTruncated>"
            + "<Contents><Key>intro.mp4</Key></Contents><Contents><Key>intro.en.vtt</Key></Contents></ListBucketResult>";

    // Lambda's Java runtimes start the JVM with tiered compilation stopped at C1 (java17 and java21)
    // and the serial collector (AWS Lambda Developer Guide, "Customize Java runtime startup
    // behavior"); do the same.
    private static final List<String> LAMBDA_JVM_FLAGS =
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final Map<String, String> LAMBDA_ENV = Map.of(
            "DestinationBucket", "output-bucket-terraform-lms-hls-streaming",
            "MediaConvertRole", "arn:aws:iam::123456789012:role/lms-hls-streaming-mediaconvert",
            "Application", "lms-hls-streaming-bench",
            "AWS_REGION", "us-east-1",
            "AWS_ACCESS_KEY_ID", "AKIDBENCH",
            "AWS_SECRET_ACCESS_KEY", "bench-secret");

    private static void cold(
            String classpath, Path event, String endpoint, BlockingQueue<Long> received, int runs, List<String> python)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long[] bare = new long[runs];
        long[] toRequest = new long[runs];
        long[] whole = new long[runs];
        long[] pyToRequest = new long[runs];
        long[] pyWhole = new long[runs];
        double[] ratio = new double[runs];
        Map<String, String> env = new java.util.HashMap<>(LAMBDA_ENV);
        env.put("AWS_ENDPOINT_URL_MEDIACONVERT", endpoint);
        env.put("AWS_ENDPOINT_URL_S3", endpoint);
        for (int i = 0; i < runs; i++) {
            if (!python.isEmpty()) {
                received.clear();
                Map<String, String> pyEnv = new java.util.HashMap<>(env);
                pyEnv.put("BENCH_JOB_TEMPLATE", python.get(2));
                long t0 = System.nanoTime();
                runCommand(List.of(python.get(0), python.get(1), event.toString()), pyEnv, "the boto3 handler");
                pyWhole[i] = System.nanoTime() - t0;
                Long at = received.poll(1, TimeUnit.SECONDS);
                if (at == null) {
                    throw new IllegalStateException("the boto3 handler finished without sending CreateJob");
                }
                pyToRequest[i] = at - t0;
            }
            long t0 = System.nanoTime();
            run(List.of(java), classpath, HelloMain.class.getName(), List.of(), Map.of());
            bare[i] = System.nanoTime() - t0;

            received.clear();
            t0 = System.nanoTime();
            run(List.of(java), classpath, ColdStartMain.class.getName(), List.of(event.toString()), env);
            whole[i] = System.nanoTime() - t0;
            if (!python.isEmpty()) ratio[i] = (double) whole[i] / pyWhole[i];
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
        if (!python.isEmpty()) {
            double pc = median(pyToRequest) / 1e6, pw = median(pyWhole) / 1e6;
            double[] r = ratio.clone();
            Arrays.sort(r);
            System.out.printf(
                    "    the source system's way, Python + boto3 (DescribeEndpoints, CreateJob), same event and endpoint,%n"
                            + "    alternating with the converter:%n");
            System.out.printf("      process start -> CreateJob received: %7.0f ms%n", pc);
            System.out.printf("      whole process including exit:        %7.0f ms%n", pw);
            System.out.printf(
                    "    converter / Python, whole process: %.2fx (ratio of medians); pair by pair min %.2fx, median %.2fx,"
                            + " max %.2fx (goal: at most 2.0x)%n",
                    w / pw, r[0], r[r.length / 2], r[r.length - 1]);
        }
    }

    private static void runCommand(List<String> cmd, Map<String, String> env, String what)
            throws IOException, InterruptedException {
        File log = File.createTempFile("bench-child", ".log");
        log.deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log);
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("AWS_") || k.startsWith("PYTHON") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        // No profile files: a Lambda has none, and reading a developer's ~/.aws would skew the figure.
        pb.environment().put("AWS_CONFIG_FILE", new File("/nonexistent/config").getPath());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", new File("/nonexistent/credentials").getPath());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "): "
                    + Files.readString(log.toPath()));
        }
    }

    private static void run(List<String> java, String cp, String main, List<String> args, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(java);
        cmd.addAll(LAMBDA_JVM_FLAGS);
        cmd.addAll(List.of("-cp", cp, main));
        cmd.addAll(args);
        runCommand(cmd, env, main);
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
                "    handler, one event (all its calls): p50 %6.3f ms  p99 %6.3f ms  (%.2fx / %.2fx baseline; goal: p50 under 1.5 ms)%n",
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

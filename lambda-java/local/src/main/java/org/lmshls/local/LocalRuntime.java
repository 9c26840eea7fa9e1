package org.lmshls.local;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.lmshls.converter.ConverterConfig;
import org.lmshls.converter.ConverterHandler;
import org.lmshls.converter.VideoSuffixes;
import org.lmshls.local.engine.Ffmpeg;
import org.lmshls.local.engine.Transcoder;
import org.lmshls.local.mediaconvert.JobEvents;
import org.lmshls.local.mediaconvert.JobService;
import org.lmshls.local.mediaconvert.MediaConvertServer;
import org.lmshls.local.s3.LocalS3;
import org.lmshls.local.s3.LocalS3.ObjectCreated;
import org.lmshls.local.s3.S3Credentials;
import org.lmshls.local.s3.S3Storage;
import org.lmshls.local.trigger.BucketPoller;
import org.lmshls.local.trigger.LambdaHost;
import org.lmshls.local.trigger.S3EventJson;
import org.lmshls.template.JobTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The whole pipeline on one machine: S3 (embedded S3Proxy, or any endpoint), the MediaConvert
 * API and its FFmpeg engine, and the converter Lambda invoked for every object created in the
 * input bucket. {@link #start} brings it up; {@link #close} takes it down.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("local-runtime");
    /** The account id the local services report (MediaConvert ARNs, events). */
    public static final String ACCOUNT_ID = "000000000000";

    /** Everything the CLI can set. Null means the default. */
    public record Options(
            Path dataDir,
            String ffmpeg,
            int jobs,
            Path template,
            int s3Port,
            int mediaConvertPort,
            URI s3Endpoint,
            String inputBucket,
            String outputBucket,
            String region,
            String application,
            Path eventsFile,
            URI webhook,
            boolean pollInputBucket) {

        public static Options defaults(Path dataDir) {
            return new Options(dataDir, null, Math.max(1, Runtime.getRuntime().availableProcessors() / 2), null, 0, 0, null,
                    "input-bucket-terraform-lms-hls-streaming", "output-bucket-terraform-lms-hls-streaming", "us-east-1",
                    "lms-hls-local", null, null, false);
        }

        public Options withPorts(int s3, int mediaConvert) {
            return new Options(dataDir, ffmpeg, jobs, template, s3, mediaConvert, s3Endpoint, inputBucket, outputBucket, region,
                    application, eventsFile, webhook, pollInputBucket);
        }

        public Options withJobs(int n) {
            return new Options(dataDir, ffmpeg, n, template, s3Port, mediaConvertPort, s3Endpoint, inputBucket, outputBucket, region,
                    application, eventsFile, webhook, pollInputBucket);
        }

        public Options withFfmpeg(String f) {
            return new Options(dataDir, f, jobs, template, s3Port, mediaConvertPort, s3Endpoint, inputBucket, outputBucket, region,
                    application, eventsFile, webhook, pollInputBucket);
        }

        public Options withTemplate(Path t) {
            return new Options(dataDir, ffmpeg, jobs, t, s3Port, mediaConvertPort, s3Endpoint, inputBucket, outputBucket, region,
                    application, eventsFile, webhook, pollInputBucket);
        }

        public Options withS3Endpoint(URI e, boolean poll) {
            return new Options(dataDir, ffmpeg, jobs, template, s3Port, mediaConvertPort, e, inputBucket, outputBucket, region,
                    application, eventsFile, webhook, poll);
        }

        public Options withBuckets(String in, String out) {
            return new Options(dataDir, ffmpeg, jobs, template, s3Port, mediaConvertPort, s3Endpoint, in, out, region,
                    application, eventsFile, webhook, pollInputBucket);
        }

        public Options withEvents(Path file, URI hook) {
            return new Options(dataDir, ffmpeg, jobs, template, s3Port, mediaConvertPort, s3Endpoint, inputBucket, outputBucket, region,
                    application, file, hook, pollInputBucket);
        }
    }

    private final Options options;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Ffmpeg ffmpeg;
    private LocalS3 localS3;
    private S3Client s3;
    private JobService jobService;
    private MediaConvertServer api;
    private LambdaHost lambda;
    private URI s3Endpoint;

    private LocalRuntime(Options options) {
        this.options = options;
    }

    public static LocalRuntime start(Options options) throws Exception {
        LocalRuntime r = new LocalRuntime(options);
        try {
            r.startAll();
            return r;
        } catch (Exception | Error e) {
            r.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(options.dataDir());
        ffmpeg = Ffmpeg.resolve(options.ffmpeg(), Ffmpeg.defaultCacheRoot());
        AtomicReference<Consumer<ObjectCreated>> trigger = new AtomicReference<>(o -> { });
        AwsCredentialsProvider credentials;
        if (options.s3Endpoint() == null) {
            localS3 = LocalS3.start(options.dataDir(), options.s3Port(), S3Credentials.LOCAL, o -> trigger.get().accept(o));
            resources.add(localS3);
            s3Endpoint = localS3.endpoint();
            credentials = S3Credentials.LOCAL.provider();
        } else {
            s3Endpoint = options.s3Endpoint();
            credentials = DefaultCredentialsProvider.builder().build();
        }
        s3 = S3Storage.client(s3Endpoint, options.region(), credentials);
        resources.add(s3);
        for (String bucket : List.of(options.inputBucket(), options.outputBucket())) {
            ensureBucket(bucket);
        }

        JobEvents events = new JobEvents(options.region(), ACCOUNT_ID, options.eventsFile(), options.webhook());
        Transcoder transcoder = new Transcoder(ffmpeg, new S3Storage(s3), options.dataDir().resolve("scratch"));
        jobService = new JobService(transcoder, events, options.region(), ACCOUNT_ID, options.jobs());
        resources.add(jobService);
        api = MediaConvertServer.start(options.mediaConvertPort(), jobService);
        resources.add(api);

        lambda = new LambdaHost(converter(), 1000);
        resources.add(lambda);
        Consumer<ObjectCreated> onInput = o -> {
            if (o.bucket().equals(options.inputBucket())) {
                lambda.invokeAsync(S3EventJson.build(o, options.region()));
            }
        };
        trigger.set(onInput);
        if (options.s3Endpoint() != null && options.pollInputBucket()) {
            BucketPoller poller = new BucketPoller(s3, options.inputBucket(), onInput);
            resources.add(poller);
            poller.start(1000);
        }
        LOG.info("{\"event\":\"started\",\"s3\":\"{}\",\"mediaconvert\":\"{}\",\"ffmpeg\":\"{}\",\"jobs\":{}}", s3Endpoint, api.endpoint(),
                ffmpeg.origin(), options.jobs());
    }

    /**
     * The converter, as Lambda would run it: its three variables, and the MediaConvert endpoint
     * and credentials through the SDK's standard system properties (no local-only code in it).
     */
    private ConverterHandler converter() {
        System.setProperty("aws.endpointUrlMediaConvert", api.endpoint().toString());
        if (options.s3Endpoint() == null || System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            System.setProperty("aws.accessKeyId", S3Credentials.LOCAL.accessKeyId());
            System.setProperty("aws.secretAccessKey", S3Credentials.LOCAL.secretAccessKey());
        }
        ConverterConfig config = ConverterConfig.from(Map.of(
                ConverterConfig.DESTINATION_BUCKET, options.outputBucket(),
                ConverterConfig.MEDIACONVERT_ROLE, "arn:aws:iam::" + ACCOUNT_ID + ":role/local-mediaconvert",
                ConverterConfig.APPLICATION, options.application(),
                ConverterConfig.AWS_REGION, options.region())::get);
        if (options.template() == null) {
            return new ConverterHandler(config);
        }
        return new ConverterHandler(config, ConverterHandler.defaultClient(config), JobTemplate.read(options.template()), VideoSuffixes.bundled());
    }

    private void ensureBucket(String bucket) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            if (options.s3Endpoint() != null) {
                throw new IllegalStateException("bucket " + bucket + " does not exist at " + s3Endpoint + " (the runtime only creates buckets in its own S3)");
            }
            s3.createBucket(r -> r.bucket(bucket));
        }
    }

    public Options options() { return options; }
    public URI s3Endpoint() { return s3Endpoint; }
    public URI mediaConvertEndpoint() { return api.endpoint(); }
    public S3Client s3() { return s3; }
    public JobService jobs() { return jobService; }
    public LambdaHost lambda() { return lambda; }
    public Ffmpeg ffmpeg() { return ffmpeg; }
    public boolean embeddedS3() { return localS3 != null; }

    /** Where the embedded S3 keeps an object on disk. */
    public Path localPath(String bucket, String key) {
        return options.dataDir().resolve("s3").resolve(bucket).resolve(key);
    }

    /** Reports an upload made around the runtime (external S3 without polling) to the trigger. */
    public void triggerFor(ObjectCreated o) {
        if (o.bucket().equals(options.inputBucket())) lambda.invokeAsync(S3EventJson.build(o, options.region()));
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping " + resources.get(i).getClass().getSimpleName(), e);
            }
        }
        resources.clear();
    }
}

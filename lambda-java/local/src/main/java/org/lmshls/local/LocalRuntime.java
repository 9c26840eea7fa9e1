package org.lmshls.local;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.lmshls.converter.ConverterConfig;
import org.lmshls.converter.ConverterHandler;
import org.lmshls.converter.S3Objects;
import org.lmshls.converter.log.Log;
import org.lmshls.local.engine.Engine;
import org.lmshls.local.engine.Ffmpeg;
import org.lmshls.local.engine.ObjectLocation;
import org.lmshls.local.engine.ScratchSpace;
import org.lmshls.local.engine.Transcoder;
import org.lmshls.local.logging.Slf4jSink;
import org.lmshls.local.mediaconvert.FfprobeInputProbe;
import org.lmshls.local.mediaconvert.InputProbe;
import org.lmshls.local.mediaconvert.JobEvents;
import org.lmshls.local.mediaconvert.JobService;
import org.lmshls.local.mediaconvert.MediaConvertServer;
import org.lmshls.local.mediaconvert.ServiceModel;
import org.lmshls.local.s3.LocalS3;
import org.lmshls.local.s3.LocalS3.ObjectCreated;
import org.lmshls.local.s3.S3Credentials;
import org.lmshls.local.s3.S3Storage;
import org.lmshls.local.trigger.BucketPoller;
import org.lmshls.local.trigger.LambdaHost;
import org.lmshls.local.trigger.S3EventJson;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The whole pipeline on one machine: S3 (embedded S3Proxy, or any endpoint), the MediaConvert
 * API and its FFmpeg engine, and the converter Lambda invoked for every object created in the
 * input bucket. {@link #start} brings it up; {@link #close} takes it down.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Slf4jSink LOG = Slf4jSink.named("local-runtime");
    /** The account id the local services report (MediaConvert ARNs, events). */
    public static final String ACCOUNT_ID = "000000000000";

    /**
     * Everything the CLI can set, built with {@link #builder}: each setting has its default
     * there, and a caller names only what it changes.
     */
    public record Options(
            Path dataDir,
            String ffmpeg,
            int jobs,
            Path template,
            int s3Port,
            int mediaConvertPort,
            URI s3Endpoint,
            boolean pollInputBucket,
            String inputBucket,
            String outputBucket,
            String region,
            String application,
            Path eventsFile,
            URI webhook,
            Duration jobTimeLimit,
            Engine engine,
            Clock clock) {

        public Options {
            if (dataDir == null) throw new IllegalArgumentException("the data directory is required");
            if (jobs < 1) throw new IllegalArgumentException("--jobs must be at least 1, got " + jobs);
            if (jobTimeLimit.isNegative() || jobTimeLimit.isZero()) {
                throw new IllegalArgumentException("the job time limit must be positive, got " + jobTimeLimit);
            }
        }

        public static Builder builder(Path dataDir) {
            return new Builder(dataDir);
        }

        /** Defaults: embedded S3 and API on free loopback ports, the bundled FFmpeg and template, the real bucket names. */
        public static final class Builder {
            private final Path dataDir;
            private String ffmpeg;
            private int jobs = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
            private Path template;
            private int s3Port;
            private int mediaConvertPort;
            private URI s3Endpoint;
            private boolean pollInputBucket;
            private String inputBucket = "input-bucket-terraform-lms-hls-streaming";
            private String outputBucket = "output-bucket-terraform-lms-hls-streaming";
            private String region = "us-east-1";
            private String application = "lms-hls-local";
            private Path eventsFile;
            private URI webhook;
            private Duration jobTimeLimit = Transcoder.Limits.DEFAULT.jobTimeLimit();
            private Engine engine;
            private Clock clock = Clock.systemUTC();

            private Builder(Path dataDir) {
                this.dataDir = dataDir;
            }

            /** {@code ffmpeg} (a path, or "PATH"); null: the bundled build. */
            public Builder ffmpeg(String ffmpeg) {
                this.ffmpeg = ffmpeg;
                return this;
            }

            public Builder jobs(int jobs) {
                this.jobs = jobs;
                return this;
            }
            /** null: the bundled job template. */
            public Builder template(Path template) {
                this.template = template;
                return this;
            }
            /** 0: any free port. */
            public Builder ports(int s3, int mediaConvert) {
                this.s3Port = s3;
                this.mediaConvertPort = mediaConvert;
                return this;
            }
            /** null: the embedded S3; otherwise that endpoint, polling the input bucket if {@code poll}. */
            public Builder s3Endpoint(URI endpoint, boolean poll) {
                this.s3Endpoint = endpoint;
                this.pollInputBucket = poll;
                return this;
            }

            public Builder buckets(String input, String output) {
                this.inputBucket = input;
                this.outputBucket = output;
                return this;
            }

            public Builder region(String region) {
                this.region = region;
                return this;
            }

            public Builder application(String application) {
                this.application = application;
                return this;
            }
            /** Where job events go besides the log (either may be null). */
            public Builder events(Path file, URI webhook) {
                this.eventsFile = file;
                this.webhook = webhook;
                return this;
            }

            public Builder jobTimeLimit(Duration limit) {
                this.jobTimeLimit = limit;
                return this;
            }

            /** What runs the jobs; null (the default): the FFmpeg engine. Tests of queues and tokens pass a fake. */
            public Builder engine(Engine engine) {
                this.engine = engine;
                return this;
            }

            /** The MediaConvert service's clock (job times, the token minute, events); tests move it. */
            public Builder clock(Clock clock) {
                this.clock = clock;
                return this;
            }

            public Options build() {
                return new Options(
                        dataDir,
                        ffmpeg,
                        jobs,
                        template,
                        s3Port,
                        mediaConvertPort,
                        s3Endpoint,
                        pollInputBucket,
                        inputBucket,
                        outputBucket,
                        region,
                        application,
                        eventsFile,
                        webhook,
                        jobTimeLimit,
                        engine,
                        clock);
            }
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
        AtomicReference<Consumer<ObjectCreated>> trigger = new AtomicReference<>(o -> {});
        AwsCredentialsProvider credentials;
        if (options.s3Endpoint() == null) {
            localS3 = LocalS3.start(
                    options.dataDir(),
                    options.s3Port(),
                    S3Credentials.LOCAL,
                    o -> trigger.get().accept(o));
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

        JobEvents events =
                new JobEvents(options.region(), ACCOUNT_ID, options.eventsFile(), options.webhook(), options.clock());
        ScratchSpace scratch = ScratchSpace.open(options.dataDir().resolve("scratch"));
        resources.add(scratch::close);
        Transcoder transcoder = new Transcoder(
                ffmpeg, new S3Storage(s3), scratch, Transcoder.Limits.DEFAULT.withJobTimeLimit(options.jobTimeLimit()));
        jobService = new JobService(
                options.engine() != null ? options.engine() : transcoder,
                events,
                options.region(),
                ACCOUNT_ID,
                options.jobs(),
                new JobService.Timing(options.clock(), JobService::intervalLength));
        resources.add(jobService);
        S3Storage storage = new S3Storage(s3);
        InputProbe probe = new FfprobeInputProbe(
                ffmpeg,
                (uri, to) -> storage.download(ObjectLocation.parse(uri), to),
                options.dataDir().resolve("probe-scratch"));
        api = MediaConvertServer.start(options.mediaConvertPort(), jobService, probe, ServiceModel.installed());
        resources.add(api);

        lambda = new LambdaHost(converter(credentials)::handle, 1000);
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
        Log.info("started")
                .with("s3", s3Endpoint)
                .with("mediaconvert", api.endpoint())
                .with("ffmpeg", ffmpeg.origin())
                .with("jobs", options.jobs())
                .to(LOG);
    }

    /**
     * The converter, as Lambda would run it (its three variables, no local-only code in it), wired
     * by its constructor: an SDK MediaConvert client pointed at the local API, and the input
     * bucket listed for caption files through the runtime's S3 endpoint and credentials.
     */
    private ConverterHandler converter(AwsCredentialsProvider credentials) {
        ConverterConfig config = ConverterConfig.from(Map.of(
                ConverterConfig.DESTINATION_BUCKET, options.outputBucket(),
                ConverterConfig.MEDIACONVERT_ROLE, "arn:aws:iam::" + ACCOUNT_ID + ":role/local-mediaconvert",
                ConverterConfig.APPLICATION, options.application(),
                ConverterConfig.AWS_REGION, options.region())::get);
        MediaConvertClient mediaConvert = ConverterHandler.clientBuilder(config)
                .endpointOverride(api.endpoint())
                // the local API does not check signatures; the SDK still wants credentials to sign with
                .credentialsProvider(S3Credentials.LOCAL.provider())
                .build();
        resources.add(mediaConvert);
        SdkHttpClient s3Http = UrlConnectionHttpClient.create();
        resources.add(s3Http);
        return new ConverterHandler(
                config,
                mediaConvert,
                new S3Objects(s3Http, credentials, options.region(), s3Endpoint),
                options.template() == null ? JobTemplate.bundled() : JobTemplate.read(options.template()));
    }

    private void ensureBucket(String bucket) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            if (options.s3Endpoint() != null) {
                throw new IllegalStateException("bucket " + bucket + " does not exist at " + s3Endpoint
                        + " (the runtime only creates buckets in its own S3)");
            }
            s3.createBucket(r -> r.bucket(bucket));
        }
    }

    public Options options() {
        return options;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    public URI mediaConvertEndpoint() {
        return api.endpoint();
    }

    /** The MediaConvert API itself (tests set its faults). */
    public MediaConvertServer mediaConvertApi() {
        return api;
    }

    public S3Client s3() {
        return s3;
    }

    public JobService jobs() {
        return jobService;
    }

    public LambdaHost lambda() {
        return lambda;
    }

    public Ffmpeg ffmpeg() {
        return ffmpeg;
    }

    public boolean embeddedS3() {
        return localS3 != null;
    }

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
                Log.warn("stop_failed")
                        .with("part", resources.get(i).getClass().getSimpleName())
                        .with("error", String.valueOf(e))
                        .to(LOG, e);
            }
        }
        resources.clear();
    }
}

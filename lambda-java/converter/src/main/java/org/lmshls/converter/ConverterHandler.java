package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.crac.Core;
import org.crac.Resource;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClientBuilder;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobResponse;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

/**
 * The Lambda: one MediaConvert job per uploaded video, for every record of an S3 notification.
 *
 * <p>Handler string: {@code org.lmshls.converter.ConverterHandler::handleRequest}.
 *
 * <p>Records that are not {@code ObjectCreated:*} and keys that are not videos are skipped with one
 * log line. A CreateJob that fails (throttled, rejected, unreachable, too slow) makes the
 * invocation throw once every record has been tried, so Lambda retries it and, in the end, hands
 * it to the on-failure destination; the records that did succeed are not duplicated by the retry
 * because their {@code ClientRequestToken} is deterministic.
 *
 * <p>Also a CRaC {@link Resource}: with SnapStart, Lambda calls {@link #beforeCheckpoint} once
 * before it snapshots the initialised function, and {@link #afterRestore} in each environment
 * resumed from the snapshot.
 */
public final class ConverterHandler implements RequestHandler<S3Event, Map<String, Object>>, Resource {

  private final MediaConvertClient mediaConvert;
  private final VideoSuffixes suffixes;
  private final JobRequestFactory jobs;

  /** Used by the Lambda runtime: configuration from the environment, the SDK's standard endpoint. */
  public ConverterHandler() {
    this(ConverterConfig.fromEnvironment());
  }

  /** Configuration given, everything else as on Lambda. */
  public ConverterHandler(ConverterConfig config) {
    // Init has two expensive, independent parts of a few hundred ms each: reading the bundled
    // files (template, suffixes) and building the SDK client. The first runs on a thread of its
    // own while this one builds the client, so a cold start costs the longer of the two.
    CompletableFuture<Prepared> prepared = prepareInBackground(config, Snapshot.primeDuringInit());
    MediaConvertClient client = defaultClient(config);
    Prepared ready = join(prepared);
    this.mediaConvert = client;
    this.suffixes = ready.suffixes();
    this.jobs = ready.jobs();
    // The global context holds resources weakly; the runtime holds this handler for its lifetime.
    Core.getGlobalContext().register(this);
  }

  /** Collaborators given; tests pass a real client pointed at a local endpoint. */
  public ConverterHandler(ConverterConfig config, MediaConvertClient mediaConvert) {
    this(config, mediaConvert, JobTemplate.bundled(), VideoSuffixes.bundled());
  }

  public ConverterHandler(
      ConverterConfig config, MediaConvertClient mediaConvert, JobSettings template, VideoSuffixes suffixes) {
    this.mediaConvert = mediaConvert;
    this.suffixes = suffixes;
    this.jobs = new JobRequestFactory(template, config);
  }

  /**
   * The client for Lambda: region from {@code AWS_REGION}, the regional endpoint (no
   * DescribeEndpoints), unless {@code AWS_ENDPOINT_URL_MEDIACONVERT} / {@code AWS_ENDPOINT_URL}
   * (or their {@code aws.endpointUrl*} system properties) point elsewhere, as the SDK resolves them.
   */
  public static MediaConvertClient defaultClient(ConverterConfig config) {
    return clientBuilder(config).build();
  }

  /**
   * {@link #defaultClient}'s builder, for callers that add an endpoint or credentials: the SDK's
   * url-connection HTTP client and the bounded timeouts of {@link CallTimeouts}.
   */
  public static MediaConvertClientBuilder clientBuilder(ConverterConfig config) {
    return MediaConvertClient.builder()
        .region(Region.of(config.region()))
        .httpClient(CallTimeouts.httpClient())
        .overrideConfiguration(CallTimeouts::applyDefaults);
  }

  @Override
  public Map<String, Object> handleRequest(S3Event event, Context context) {
    List<S3EventNotificationRecord> records = event == null ? null : event.getRecords();
    List<Map<String, String>> submitted = new ArrayList<>();
    int skipped = 0;
    if (records == null || records.isEmpty()) {
      // S3 sends {"Event":"s3:TestEvent",...} without Records when a notification is configured.
      DecisionLog.info(context, "skipped", "reason", "event has no Records (e.g. s3:TestEvent)");
      return summary(submitted, 0);
    }
    List<String> failures = new ArrayList<>();
    Throwable firstFailure = null;
    for (int i = 0; i < records.size(); i++) {
      Optional<Submission> planned = plan(records.get(i), i, context);
      if (planned.isEmpty()) {
        skipped++;
        continue;
      }
      Submission s = planned.get();
      Optional<CallTimeouts> timeouts = CallTimeouts.forRemaining(context);
      if (timeouts.isEmpty()) {
        DecisionLog.error(context, "create_job_failed", "record", i, "bucket", s.upload().bucket(),
            "key", s.upload().key(), "assetID", s.asset().assetId(),
            "reason", "not enough of the invocation's time left to call MediaConvert",
            "remainingMs", context.getRemainingTimeInMillis());
        failures.add(s.upload().key() + ": not enough time left");
        continue;
      }
      CreateJobRequest request = timeouts.get().applyTo(s.request());
      try {
        CreateJobResponse response = mediaConvert.createJob(request);
        String jobId = response.job() == null ? null : response.job().id();
        DecisionLog.info(context, "submitted", "record", i, "bucket", s.upload().bucket(),
            "key", s.upload().key(), "assetID", s.asset().assetId(), "jobId", jobId,
            "status", response.job() == null ? null : response.job().status(),
            "clientRequestToken", request.clientRequestToken());
        Map<String, String> done = new LinkedHashMap<>();
        done.put("key", s.upload().key());
        done.put("assetID", s.asset().assetId());
        done.put("jobId", jobId);
        submitted.add(done);
      } catch (SdkException e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("record", i);
        line.put("bucket", s.upload().bucket());
        line.put("key", s.upload().key());
        line.put("assetID", s.asset().assetId());
        line.put("clientRequestToken", request.clientRequestToken());
        line.putAll(CallTimeouts.describe(e));
        line.put("apiCallTimeoutMs", timeouts.get().total().toMillis());
        line.put("apiCallAttemptTimeoutMs", timeouts.get().attempt().toMillis());
        DecisionLog.error(context, "create_job_failed", line);
        failures.add(s.upload().key() + ": " + e.getMessage());
        if (firstFailure == null) {
          firstFailure = e;
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new JobSubmissionException(
          failures.size() + " of " + records.size() + " records could not be submitted to MediaConvert (the event will be retried): "
              + String.join("; ", failures), firstFailure);
    }
    return summary(submitted, skipped);
  }

  /** SnapStart, before the snapshot: load and run what the first event needs, so the snapshot holds it. */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    prime(jobs);
    Snapshot.primeSdkPipeline(jobs);
    DecisionLog.info(null, "checkpoint", "primed", true);
  }

  /**
   * SnapStart, after a restore. Nothing to renew: no connection was opened before the snapshot
   * (priming never touches the network, see {@link Snapshot}), so the client opens its first
   * connection, resolves DNS and fetches credentials on the first event, in the restored
   * environment; nothing random or unique was generated during init.
   */
  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    DecisionLog.info(null, "restored");
  }

  private record Submission(S3Upload upload, AssetPath asset, CreateJobRequest request) {}

  /** The job for one record, or empty (logged) when the record is not one to convert. */
  private Optional<Submission> plan(S3EventNotificationRecord record, int index, Context context) {
    String eventName = record.getEventName();
    String name = eventName != null && eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
    if (name == null || !name.startsWith("ObjectCreated:")) {
      DecisionLog.info(context, "skipped", "record", index, "reason", "not an ObjectCreated event", "eventName", eventName);
      return Optional.empty();
    }
    if (record.getS3() == null || record.getS3().getBucket() == null || record.getS3().getObject() == null
        || record.getS3().getObject().getKey() == null) {
      DecisionLog.warn(context, "skipped", "record", index, "reason", "record has no bucket or object key");
      return Optional.empty();
    }
    String bucket = record.getS3().getBucket().getName();
    String rawKey = record.getS3().getObject().getKey();
    String key;
    try {
      key = S3Upload.decodeKey(rawKey);
    } catch (IllegalArgumentException e) {
      DecisionLog.warn(context, "skipped", "record", index, "reason", "object key is not validly URL-encoded: " + e.getMessage(),
          "rawKey", rawKey);
      return Optional.empty();
    }
    Optional<String> suffix = suffixes.match(key);
    if (suffix.isEmpty()) {
      DecisionLog.info(context, "skipped", "record", index, "reason", "not a video (suffix not in " + suffixes.asList() + ")",
          "key", key);
      return Optional.empty();
    }
    AssetPath asset = AssetPath.forKey(key, suffix.get());
    var object = record.getS3().getObject();
    S3Upload upload = new S3Upload(bucket, key, object.getVersionId(), object.getSequencer(), object.geteTag());
    return Optional.of(new Submission(upload, asset, jobs.build(upload, asset)));
  }

  private static Map<String, Object> summary(List<Map<String, String>> submitted, int skipped) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("submitted", submitted);
    out.put("skipped", skipped);
    return out;
  }

  /** What init derives from the bundled files. */
  private record Prepared(VideoSuffixes suffixes, JobRequestFactory jobs) {}

  private static CompletableFuture<Prepared> prepareInBackground(ConverterConfig config, boolean prime) {
    CompletableFuture<Prepared> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        Prepared p = new Prepared(VideoSuffixes.bundled(), new JobRequestFactory(JobTemplate.bundled(), config));
        if (prime) {
          prime(p.jobs());
        }
        f.complete(p);
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "converter-init");
    t.setDaemon(true);
    t.start();
    return f;
  }

  /**
   * Builds one request and one log line, so the classes the first event needs are loaded before
   * it arrives: during init, off the critical path, while the client is being built; or, with
   * SnapStart, before the snapshot.
   */
  static void prime(JobRequestFactory jobs) {
    jobs.build(new S3Upload("init", "init.mp4", null, null, null), AssetPath.forKey("init.mp4", ".mp4"));
    DecisionLog.prime();
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** CreateJob failed for at least one record; Lambda should retry the event. */
  public static final class JobSubmissionException extends RuntimeException {
    public JobSubmissionException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

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
 * <p>Records that are not {@code ObjectCreated:*}, keys that are not videos and keys that can
 * never be converted are skipped with one log line. A CreateJob that fails (throttled, rejected,
 * unreachable) makes the invocation throw once every record has been tried, so Lambda retries
 * it and, in the end, hands it to the on-failure destination; the records that did succeed are
 * not duplicated by the retry because their {@code ClientRequestToken} is deterministic.
 */
public final class ConverterHandler implements RequestHandler<S3Event, Map<String, Object>> {

  private final MediaConvertClient mediaConvert;
  private final VideoSuffixes suffixes;
  private final JobRequestFactory jobs;

  /** Used by the Lambda runtime: configuration from the environment, the SDK's standard endpoint. */
  public ConverterHandler() {
    this(ConverterConfig.fromEnvironment());
  }

  /** Configuration given, everything else as on Lambda. */
  public ConverterHandler(ConverterConfig config) {
    // Arguments run left to right: the template work starts on its own thread, then the SDK
    // client is built on this one. Each costs a few hundred ms of a cold start; together they
    // cost the longer of the two.
    this(config, prepareInBackground(config), defaultClient(config));
  }

  private ConverterHandler(ConverterConfig config, CompletableFuture<Prepared> prepared, MediaConvertClient client) {
    this(client, join(prepared));
  }

  private ConverterHandler(MediaConvertClient client, Prepared prepared) {
    this.mediaConvert = client;
    this.suffixes = prepared.suffixes();
    this.jobs = prepared.jobs();
  }

  /** Collaborators given; tests pass a real client pointed at a local endpoint. */
  public ConverterHandler(ConverterConfig config, MediaConvertClient mediaConvert) {
    this(config, mediaConvert, JobTemplate.bundled(), VideoSuffixes.bundled());
  }

  public ConverterHandler(
      ConverterConfig config, MediaConvertClient mediaConvert, JobSettings template, VideoSuffixes suffixes) {
    this(mediaConvert, new Prepared(suffixes, new JobRequestFactory(template, config)));
  }

  /**
   * The client for Lambda: region from {@code AWS_REGION}, the regional endpoint (no
   * DescribeEndpoints), unless {@code AWS_ENDPOINT_URL_MEDIACONVERT} / {@code AWS_ENDPOINT_URL}
   * (or their {@code aws.endpointUrl*} system properties) point elsewhere, as the SDK resolves them.
   */
  public static MediaConvertClient defaultClient(ConverterConfig config) {
    return clientBuilder(config).build();
  }

  /** {@link #defaultClient}'s builder, for callers that add an endpoint or credentials. */
  public static MediaConvertClientBuilder clientBuilder(ConverterConfig config) {
    return MediaConvertClient.builder()
        .region(Region.of(config.region()))
        .httpClient(BufferedRequestConnection.httpClient());
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
    SdkException firstFailure = null;
    for (int i = 0; i < records.size(); i++) {
      Optional<Submission> planned = plan(records.get(i), i, context);
      if (planned.isEmpty()) {
        skipped++;
        continue;
      }
      Submission s = planned.get();
      try {
        CreateJobResponse response = mediaConvert.createJob(s.request());
        String jobId = response.job() == null ? null : response.job().id();
        DecisionLog.info(context, "submitted", "record", i, "bucket", s.upload().bucket(),
            "key", s.upload().key(), "assetID", s.asset().assetId(), "jobId", jobId,
            "clientRequestToken", s.request().clientRequestToken());
        Map<String, String> done = new LinkedHashMap<>();
        done.put("key", s.upload().key());
        done.put("assetID", s.asset().assetId());
        done.put("jobId", jobId);
        submitted.add(done);
      } catch (SdkException e) {
        DecisionLog.error(context, "create_job_failed", "record", i, "bucket", s.upload().bucket(),
            "key", s.upload().key(), "assetID", s.asset().assetId(), "error", e.getMessage());
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
    AssetPath asset;
    try {
      asset = AssetPath.forKey(key, suffix.get());
    } catch (AssetPath.UnsupportedKeyException e) {
      DecisionLog.warn(context, "skipped", "record", index, "reason", "unsupported key: " + e.getMessage(), "key", key);
      return Optional.empty();
    }
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

  private static CompletableFuture<Prepared> prepareInBackground(ConverterConfig config) {
    CompletableFuture<Prepared> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        Prepared p = new Prepared(VideoSuffixes.bundled(), new JobRequestFactory(JobTemplate.bundled(), config));
        // Build one request and one log line now, off the critical path, so the classes the
        // first event needs are loaded while the client is still being built.
        p.jobs().build(new S3Upload("init", "init.mp4", null, null, null), AssetPath.forKey("init.mp4", ".mp4"));
        DecisionLog.prime();
        f.complete(p);
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "converter-init");
    t.setDaemon(true);
    t.start();
    return f;
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

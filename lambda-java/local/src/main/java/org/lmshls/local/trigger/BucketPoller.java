package org.lmshls.local.trigger;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.lmshls.converter.log.Log;
import org.lmshls.local.logging.Slf4jSink;
import org.lmshls.local.s3.LocalS3.ObjectCreated;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * For an S3 endpoint the runtime does not host (no write hook): lists the input bucket every
 * interval and reports each new key, or a key whose eTag changed, exactly once. Objects that
 * were already there when polling started are taken as handled.
 */
public final class BucketPoller implements AutoCloseable {
    private static final Slf4jSink LOG = Slf4jSink.named("bucket-poller");

    private final S3Client s3;
    private final String bucket;
    private final Consumer<ObjectCreated> onCreated;
    private final Map<String, String> seen = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bucket-poller");
        t.setDaemon(true);
        return t;
    });

    public BucketPoller(S3Client s3, String bucket, Consumer<ObjectCreated> onCreated) {
        this.s3 = s3;
        this.bucket = bucket;
        this.onCreated = onCreated;
    }

    public void start(long intervalMillis) {
        scan(false);
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        scan(true);
                    } catch (RuntimeException e) {
                        Log.warn("poll_failed")
                                .with("bucket", bucket)
                                .with("error", e.getMessage())
                                .to(LOG);
                    }
                },
                intervalMillis,
                intervalMillis,
                TimeUnit.MILLISECONDS);
    }

    private synchronized void scan(boolean report) {
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            String eTag = o.eTag() == null ? "" : o.eTag().replace("\"", "");
            String previous = seen.put(o.key(), eTag);
            if (report && !eTag.equals(previous)) {
                onCreated.accept(new ObjectCreated("ObjectCreated:Put", bucket, o.key(), o.size(), eTag, null));
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

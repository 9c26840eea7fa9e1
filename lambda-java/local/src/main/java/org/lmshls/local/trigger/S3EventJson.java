package org.lmshls.local.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.lmshls.local.s3.LocalS3.ObjectCreated;

/**
 * The S3 event notification JSON S3 sends for a created object (event version 2.1), built the
 * way S3 builds it: the key URL-encoded with form encoding (a space is {@code +}, a literal
 * {@code +} is {@code %2B}, {@code /} stays), eTag without quotes, a hex sequencer that grows
 * with every event, versionId only when the bucket is versioned.
 */
public final class S3EventJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Sequencers only need to grow; starting from the clock keeps them growing across restarts.
    private static final AtomicLong SEQUENCER = new AtomicLong(System.currentTimeMillis() * 1000);

    private S3EventJson() {}

    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    public static String build(ObjectCreated o, String region) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode r = root.putArray("Records").addObject();
        r.put("eventVersion", "2.1");
        r.put("eventSource", "aws:s3");
        r.put("awsRegion", region);
        r.put("eventTime", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        r.put("eventName", o.eventName());
        r.putObject("userIdentity").put("principalId", "AWS:LOCAL");
        r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode response = r.putObject("responseElements");
        response.put(
                "x-amz-request-id",
                UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT));
        response.put("x-amz-id-2", UUID.randomUUID().toString());
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "local-trigger");
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", o.bucket());
        bucket.putObject("ownerIdentity").put("principalId", "LOCAL");
        bucket.put("arn", "arn:aws:s3:::" + o.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", encodeKey(o.key()));
        if (o.size() >= 0) object.put("size", o.size());
        if (o.eTag() != null) object.put("eTag", o.eTag());
        if (o.versionId() != null && !o.versionId().isBlank() && !o.versionId().equals("null"))
            object.put("versionId", o.versionId());
        object.put("sequencer", String.format(Locale.ROOT, "%016X", SEQUENCER.incrementAndGet()));
        return root.toString();
    }
}

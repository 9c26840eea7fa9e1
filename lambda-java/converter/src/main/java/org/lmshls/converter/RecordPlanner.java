package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One S3 notification record → {@link Plan}: a pure function of the record, the suffix list and
 * the caption convention. No I/O; tested table-style.
 */
public final class RecordPlanner {

    private final VideoSuffixes suffixes;
    private final Captions captions;
    private final String defaultLanguage;

    public RecordPlanner(VideoSuffixes suffixes, Captions captions, String defaultLanguage) {
        this.suffixes = suffixes;
        this.captions = captions;
        this.defaultLanguage = defaultLanguage;
    }

    public Plan plan(S3EventNotificationRecord record) {
        String eventName = record.getEventName();
        String name = eventName != null && eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
        if (name == null || !name.startsWith("ObjectCreated:")) {
            return new Plan.Skip("not an ObjectCreated event: " + eventName, null, false);
        }
        if (record.getS3() == null
                || record.getS3().getBucket() == null
                || record.getS3().getObject() == null
                || record.getS3().getObject().getKey() == null
                || record.getS3().getObject().getKey().isEmpty()) {
            return new Plan.Skip("record has no bucket or object key", null, true);
        }
        String rawKey = record.getS3().getObject().getKey();
        String key;
        try {
            key = S3Upload.decodeKey(rawKey);
        } catch (IllegalArgumentException e) {
            return new Plan.Skip("object key is not validly URL-encoded: " + e.getMessage(), rawKey, true);
        }
        var object = record.getS3().getObject();
        S3Upload upload = new S3Upload(
                record.getS3().getBucket().getName(),
                key,
                object.getVersionId(),
                object.getSequencer(),
                object.geteTag());
        Instant eventTime = record.getEventTime() == null
                ? null
                : Instant.ofEpochMilli(record.getEventTime().getMillis());
        Optional<String> suffix = suffixes.match(key);
        if (suffix.isPresent()) {
            return new Plan.Video(upload, suffix.get(), eventTime);
        }
        Optional<String> refused = captions.rejection(key);
        if (refused.isPresent()) {
            return new Plan.Skip(refused.get(), key, false);
        }
        List<Captions.Reading> readings = captions.read(key, defaultLanguage);
        if (!readings.isEmpty()) {
            return new Plan.Caption(upload, readings, eventTime);
        }
        return new Plan.Skip(
                "not a video (suffix not in " + suffixes.asList() + ") nor a caption file (" + captions.suffixes()
                        + ")",
                key,
                false);
    }
}

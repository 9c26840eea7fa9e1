package org.lmshls.converter;

import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One S3 notification record → {@link Plan}: a pure function of the record, the suffix list and
 * the caption convention. No I/O; tested table-style.
 */
public record RecordPlanner(VideoSuffixes suffixes, Captions captions, String defaultLanguage) {

    /** A record of the runtime's typed event ({@link S3Notification#of(S3EventNotificationRecord)}). */
    public Plan plan(S3EventNotificationRecord record) {
        return plan(S3Notification.of(record));
    }

    public Plan plan(S3Notification.Record record) {
        String eventName = record.eventName();
        String name = eventName != null && eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
        if (name == null || !name.startsWith("ObjectCreated:")) {
            return new Plan.Skip("not an ObjectCreated event: " + eventName, null, false);
        }
        if (record.bucket() == null || record.key() == null || record.key().isEmpty()) {
            return new Plan.Skip("record has no bucket or object key", null, true);
        }
        String rawKey = record.key();
        String key;
        try {
            key = S3Upload.decodeKey(rawKey);
        } catch (IllegalArgumentException e) {
            return new Plan.Skip("object key is not validly URL-encoded: " + e.getMessage(), rawKey, true);
        }
        S3Upload upload = new S3Upload(record.bucket(), key, record.versionId(), record.sequencer(), record.eTag());
        Instant eventTime = record.eventTime();
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

package org.lmshls.converter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.mediaconvert.model.Output;

/**
 * {@code assets/<assetId>/lecture.json} (PLAN C2): what the page reads instead of guessing the
 * layout. Paths are relative to the asset's folder. Written by the converter after CreateJob
 * succeeds, so {@code status} is the job's status then (MediaConvert's {@link JobStatus}).
 *
 * <pre>
 * {"version":1,"assetId":"...","title":"...","status":"SUBMITTED","master":"HLS/&lt;name&gt;.m3u8",
 *  "mp4":"MP4/&lt;name&gt;.mp4","downloadName":"&lt;readable name&gt;.mp4","poster":"Thumbnails/&lt;name&gt;.0000000.jpg",
 *  "thumbnails":{"prefix":"Thumbnails/&lt;name&gt;.","digits":7,"suffix":".jpg","intervalSeconds":5},
 *  "captions":[{"language":"en","name":"English","playlist":"HLS/&lt;name&gt;_subtitles_en.m3u8"}],
 *  "durationSeconds":12.5,"jobId":"..."}
 * </pre>
 */
public record LectureManifest(
        AssetLayout asset,
        String title,
        String downloadName,
        JobStatus status,
        String mp4Key,
        String thumbnailModifier,
        Double thumbnailIntervalSeconds,
        List<Caption> captions,
        Double durationSeconds,
        String jobId) {

    public static final int VERSION = 1;
    public static final String CONTENT_TYPE = "application/json";
    /** Short: the status in it is the one at submission; a later writer may replace the file. */
    public static final String CACHE_CONTROL = "max-age=60";

    /** One subtitle rendition: its language tag, its name in that language, its playlist's key. */
    public record Caption(String language, String name, String playlistKey) {}

    /**
     * The title for an upload: its {@code x-amz-meta-title} if set and not blank, else the file name
     * without folder and extension ({@code course/Week 2 intro.mp4} → {@code Week 2 intro}).
     */
    public static String title(String metadataTitle, String decodedKey, String suffix) {
        if (metadataTitle != null && !metadataTitle.isBlank()) {
            return metadataTitle.strip();
        }
        return readableName(decodedKey, suffix);
    }

    /** The decoded key's last segment without its video suffix. */
    public static String readableName(String decodedKey, String suffix) {
        String stem = decodedKey.substring(0, decodedKey.length() - suffix.length());
        String name = stem.substring(stem.lastIndexOf('/') + 1);
        return name.isEmpty() ? "video" : name;
    }

    /** The seconds between two frame captures, from the template's frame-capture rate (1/5 → 5). */
    public static Double thumbnailInterval(JobSettings template, TemplateGroups groups) {
        Output o = template.outputGroups().get(groups.thumbnails()).outputs().get(0);
        var f = o.videoDescription().codecSettings().frameCaptureSettings();
        if (f == null
                || f.framerateNumerator() == null
                || f.framerateDenominator() == null
                || f.framerateNumerator() == 0) {
            return null;
        }
        return f.framerateDenominator() / (double) f.framerateNumerator();
    }

    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("assetId", asset.assetId());
            g.writeStringField("title", title);
            g.writeStringField("status", (status == null ? JobStatus.SUBMITTED : status).toString());
            g.writeStringField("master", asset.relative(asset.masterKey()));
            g.writeStringField("mp4", asset.relative(mp4Key));
            g.writeStringField("downloadName", downloadName);
            g.writeStringField("poster", asset.relative(asset.thumbnailKey(thumbnailModifier, 0)));
            g.writeObjectFieldStart("thumbnails");
            g.writeStringField("prefix", asset.relative(asset.thumbnailPrefix(thumbnailModifier)));
            g.writeNumberField("digits", AssetLayout.FRAME_CAPTURE_DIGITS);
            g.writeStringField("suffix", AssetLayout.FRAME_CAPTURE_EXTENSION);
            if (thumbnailIntervalSeconds == null) {
                g.writeNullField("intervalSeconds");
            } else if (thumbnailIntervalSeconds == Math.rint(thumbnailIntervalSeconds)) {
                g.writeNumberField("intervalSeconds", thumbnailIntervalSeconds.longValue());
            } else {
                g.writeNumberField("intervalSeconds", thumbnailIntervalSeconds);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("captions");
            for (Caption c : captions) {
                g.writeStartObject();
                g.writeStringField("language", c.language());
                g.writeStringField("name", c.name());
                g.writeStringField("playlist", asset.relative(c.playlistKey()));
                g.writeEndObject();
            }
            g.writeEndArray();
            if (durationSeconds == null) {
                g.writeNullField("durationSeconds");
            } else {
                g.writeNumberField("durationSeconds", durationSeconds);
            }
            g.writeStringField("jobId", jobId);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The download name: the readable name with the MP4 extension ({@code intro.MP4} → {@code intro.mp4}). */
    public static String downloadName(String decodedKey, String suffix) {
        return readableName(decodedKey, suffix) + AssetLayout.MP4_EXTENSION.toLowerCase(Locale.ROOT);
    }
}

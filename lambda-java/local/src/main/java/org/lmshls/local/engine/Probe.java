package org.lmshls.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.lmshls.local.process.ProcessRunner;

/**
 * What ffprobe says about an input: enough to plan sizes, GOPs, progress and silence, and to
 * report it as MediaConvert's INPUT_INFORMATION event does ({@code streamId}s count from 1
 * over all the file's streams, codecs in MediaConvert's names where one exists).
 */
public record Probe(
        double durationSeconds,
        int width,
        int height,
        double sampleAspectRatio,
        int rotation,
        double framesPerSecond,
        boolean hasAudio,
        VideoStream video,
        List<AudioStream> audio) {

    public record VideoStream(int streamId, String codec, String fourCC, int bitDepth) {}

    public record AudioStream(int streamId, String codec, int channels, int sampleRate, String language) {}

    /**
     * A probe of a file with square pixels, no rotation, one H.264 video stream and, if {@code hasAudio},
     * one AAC track without a language: what tests plan with.
     */
    public static Probe plain(double durationSeconds, int width, int height, double framesPerSecond, boolean hasAudio) {
        return new Probe(
                durationSeconds,
                width,
                height,
                1,
                0,
                framesPerSecond,
                hasAudio,
                new VideoStream(1, "H_264", "avc1", 8),
                hasAudio ? List.of(new AudioStream(2, "AAC", 2, 48_000, "UND")) : List.of());
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the picture is turned a quarter (rotation metadata of ±90°/270°) and FFmpeg is to apply it. */
    private boolean turned(boolean autoRotate) {
        return autoRotate && Math.abs(rotation) % 180 == 90;
    }

    /** The width and height of a decoded frame as the filter graph gets it (rotation applied when {@code autoRotate}). */
    int frameWidth(boolean autoRotate) {
        return turned(autoRotate) ? height : width;
    }

    int frameHeight(boolean autoRotate) {
        return turned(autoRotate) ? width : height;
    }

    /** The width and height as displayed: the sample aspect ratio applied to the stored width, then rotation. */
    int displayWidth(boolean autoRotate) {
        return turned(autoRotate) ? height : (int) Math.round(width * sampleAspectRatio);
    }

    int displayHeight(boolean autoRotate) {
        return turned(autoRotate) ? (int) Math.round(width * sampleAspectRatio) : height;
    }

    /** How long ffprobe may take on one file unless the caller says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Probes {@code file}; {@code name} (the input's URI) is what error messages call it. */
    public static Probe of(Ffmpeg ffmpeg, Path file, String name) throws EngineException {
        return of(ffmpeg, file, name, DEFAULT_TIMEOUT);
    }

    /**
     * Probes {@code file}, stopping ffprobe (and anything it started) after {@code timeout}.
     */
    public static Probe of(Ffmpeg ffmpeg, Path file, String name, Duration timeout) throws EngineException {
        ProcessBuilder pb = ffmpeg.ffprobe(
                List.of("-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.toString()));
        String out, err;
        int exit;
        try {
            ProcessRunner.Result r = ProcessRunner.run(pb, timeout);
            exit = r.exitCode();
            out = r.stdout();
            err = r.stderr().strip();
        } catch (TimeoutException e) {
            throw new EngineException(
                    EngineException.INPUT_UNREADABLE,
                    "Unable to open input file [" + name + "]: ffprobe did not finish within "
                            + timeout.toMillis() / 1000.0 + " s");
        } catch (IOException e) {
            throw new EngineException(EngineException.TRANSCODE_FAILED, "cannot run ffprobe: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.TRANSCODE_FAILED, "interrupted while probing " + name, e);
        }
        if (exit != 0) {
            throw new EngineException(
                    EngineException.INPUT_UNREADABLE,
                    "Unable to open input file [" + name + "]: probe failed: [" + lastLine(err, file) + "]");
        }
        try {
            JsonNode root = JSON.readTree(out);
            JsonNode video = null;
            List<AudioStream> audio = new ArrayList<>();
            for (JsonNode s : root.path("streams")) {
                String type = s.path("codec_type").asText();
                if (type.equals("video")
                        && video == null
                        && !s.path("disposition").path("attached_pic").asBoolean(false)) video = s;
                if (type.equals("audio")) {
                    audio.add(new AudioStream(
                            s.path("index").asInt() + 1,
                            mediaConvertCodec(s.path("codec_name").asText()),
                            s.path("channels").asInt(0),
                            s.path("sample_rate").asInt(0),
                            s.path("tags").path("language").asText("und").toUpperCase(Locale.ROOT)));
                }
            }
            if (video == null) {
                throw new EngineException(
                        EngineException.INPUT_UNREADABLE,
                        "Unable to open input file [" + name + "]: it has no video track (format "
                                + root.path("format").path("format_name").asText("unknown") + ")");
            }
            int width = video.path("width").asInt(0);
            int height = video.path("height").asInt(0);
            if (width <= 0 || height <= 0) {
                throw new EngineException(
                        EngineException.INPUT_UNREADABLE,
                        "Unable to open input file [" + name + "]: the video track has no picture size");
            }
            double duration = root.path("format").path("duration").asDouble(0);
            if (duration <= 0) duration = video.path("duration").asDouble(0);
            if (duration <= 0) {
                throw new EngineException(
                        EngineException.INPUT_UNREADABLE,
                        "Unable to open input file [" + name + "]: its duration is unknown or zero");
            }
            double fps = rate(video.path("avg_frame_rate").asText());
            if (fps <= 0 || fps > 1000) fps = rate(video.path("r_frame_rate").asText());
            if (fps <= 0 || fps > 1000) fps = 30;
            double sar = rate(video.path("sample_aspect_ratio").asText("1:1").replace(':', '/'));
            if (sar <= 0) sar = 1;
            int rotation = 0;
            for (JsonNode sd : video.path("side_data_list")) {
                if (sd.has("rotation")) rotation = sd.path("rotation").asInt();
            }
            String pixFmt = video.path("pix_fmt").asText("");
            int bitDepth = video.path("bits_per_raw_sample")
                    .asInt(pixFmt.contains("10") ? 10 : pixFmt.contains("12") ? 12 : 8);
            VideoStream v = new VideoStream(
                    video.path("index").asInt() + 1,
                    mediaConvertCodec(video.path("codec_name").asText()),
                    video.path("codec_tag_string").asText(""),
                    bitDepth);
            return new Probe(duration, width, height, sar, rotation, fps, !audio.isEmpty(), v, List.copyOf(audio));
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.INPUT_UNREADABLE,
                    "Unable to open input file [" + name + "]: unreadable probe output",
                    e);
        }
    }

    /** FFmpeg's codec name → MediaConvert's (its InputDetails names), or FFmpeg's upper-cased. */
    static String mediaConvertCodec(String ffmpegName) {
        return switch (ffmpegName) {
            case "h264" -> "H_264";
            case "hevc" -> "H_265";
            case "mpeg2video" -> "MPEG2";
            case "prores" -> "PRORES";
            case "vp8" -> "VP8";
            case "vp9" -> "VP9";
            case "av1" -> "AV1";
            case "aac" -> "AAC";
            case "mp3" -> "MP3";
            case "ac3" -> "AC3";
            case "eac3" -> "EAC3";
            case "opus" -> "OPUS";
            case "vorbis" -> "VORBIS";
            case "flac" -> "FLAC";
            default -> ffmpegName.startsWith("pcm_") ? "PCM" : ffmpegName.toUpperCase(Locale.ROOT);
        };
    }

    private static double rate(String r) {
        if (r == null || r.isBlank()) return 0;
        String[] parts = r.split("/");
        try {
            if (parts.length == 2) {
                double d = Double.parseDouble(parts[1]);
                return d == 0 ? 0 : Double.parseDouble(parts[0]) / d;
            }
            return Double.parseDouble(r);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** ffprobe's last line, without the scratch path (the user knows the file by its S3 URI). */
    private static String lastLine(String err, Path file) {
        String[] lines = err.split("\n");
        String last =
                lines.length == 0 || lines[lines.length - 1].isBlank() ? "no error output" : lines[lines.length - 1];
        return last.replace(file.toString() + ": ", "").replace(file.toString(), "input");
    }
}

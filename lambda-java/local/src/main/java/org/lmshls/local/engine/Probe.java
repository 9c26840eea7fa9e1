package org.lmshls.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What ffprobe says about an input: enough to plan sizes, GOPs, progress and silence. */
public record Probe(double durationSeconds, int width, int height, double sampleAspectRatio, int rotation,
                    double framesPerSecond, boolean hasAudio) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The width and height as displayed (rotation applied when {@code autoRotate}). */
    int displayWidth(boolean autoRotate) {
        int w = (int) Math.round(width * sampleAspectRatio);
        return autoRotate && (Math.abs(rotation) % 180 == 90) ? height : w;
    }

    int displayHeight(boolean autoRotate) {
        int w = (int) Math.round(width * sampleAspectRatio);
        return autoRotate && (Math.abs(rotation) % 180 == 90) ? w : height;
    }

    /** Probes {@code file}; {@code name} (the input's URI) is what error messages call it. */
    public static Probe of(Ffmpeg ffmpeg, Path file, String name) throws EngineException {
        ProcessBuilder pb = ffmpeg.ffprobe(List.of("-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.toString()));
        String out, err;
        int exit;
        try {
            Process p = pb.start();
            var errFuture = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            out = readAll(p.getInputStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EngineException(EngineException.INPUT_UNREADABLE, "Unable to open input file [" + name + "]: ffprobe did not finish within 60 s");
            }
            exit = p.exitValue();
            err = errFuture.join().strip();
        } catch (IOException e) {
            throw new EngineException(EngineException.TRANSCODE_FAILED, "cannot run ffprobe: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.TRANSCODE_FAILED, "interrupted while probing " + name, e);
        }
        if (exit != 0) {
            throw new EngineException(EngineException.INPUT_UNREADABLE,
                    "Unable to open input file [" + name + "]: probe failed: [" + lastLine(err, file) + "]");
        }
        try {
            JsonNode root = JSON.readTree(out);
            JsonNode video = null;
            boolean audio = false;
            for (JsonNode s : root.path("streams")) {
                String type = s.path("codec_type").asText();
                if (type.equals("video") && video == null && !s.path("disposition").path("attached_pic").asBoolean(false)) video = s;
                if (type.equals("audio")) audio = true;
            }
            if (video == null) {
                throw new EngineException(EngineException.INPUT_UNREADABLE,
                        "Unable to open input file [" + name + "]: it has no video track (format " + root.path("format").path("format_name").asText("unknown") + ")");
            }
            int width = video.path("width").asInt(0);
            int height = video.path("height").asInt(0);
            if (width <= 0 || height <= 0) {
                throw new EngineException(EngineException.INPUT_UNREADABLE, "Unable to open input file [" + name + "]: the video track has no picture size");
            }
            double duration = root.path("format").path("duration").asDouble(0);
            if (duration <= 0) duration = video.path("duration").asDouble(0);
            if (duration <= 0) {
                throw new EngineException(EngineException.INPUT_UNREADABLE, "Unable to open input file [" + name + "]: its duration is unknown or zero");
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
            return new Probe(duration, width, height, sar, rotation, fps, audio);
        } catch (IOException e) {
            throw new EngineException(EngineException.INPUT_UNREADABLE, "Unable to open input file [" + name + "]: unreadable probe output", e);
        }
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
        String last = lines.length == 0 || lines[lines.length - 1].isBlank() ? "no error output" : lines[lines.length - 1];
        return last.replace(file.toString() + ": ", "").replace(file.toString(), "input");
    }

    static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

package org.lmshls.local.mediaconvert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lmshls.local.engine.EngineException;
import org.lmshls.local.engine.Ffmpeg;
import org.lmshls.local.engine.Probe;
import software.amazon.awssdk.services.mediaconvert.model.AudioProperties;
import software.amazon.awssdk.services.mediaconvert.model.Codec;
import software.amazon.awssdk.services.mediaconvert.model.Container;
import software.amazon.awssdk.services.mediaconvert.model.FrameRate;
import software.amazon.awssdk.services.mediaconvert.model.Metadata;
import software.amazon.awssdk.services.mediaconvert.model.ProbeInputFile;
import software.amazon.awssdk.services.mediaconvert.model.ProbeRequest;
import software.amazon.awssdk.services.mediaconvert.model.ProbeResponse;
import software.amazon.awssdk.services.mediaconvert.model.ProbeResult;
import software.amazon.awssdk.services.mediaconvert.model.Track;
import software.amazon.awssdk.services.mediaconvert.model.TrackMapping;
import software.amazon.awssdk.services.mediaconvert.model.TrackType;
import software.amazon.awssdk.services.mediaconvert.model.VideoProperties;

/**
 * Probe with the engine's ffprobe ({@link Probe}): each {@code fileUrl} ({@code s3://bucket/key})
 * is fetched into a scratch file, probed, and described as MediaConvert's ProbeResult (container
 * format and duration, one track per stream with its video or audio properties, the track
 * mapping, the object's size).
 */
public final class FfprobeInputProbe implements InputProbe {

    /** Copies an object to a local file; returns its content type (may be null). */
    @FunctionalInterface
    public interface Fetch {
        String copy(String s3Uri, Path to) throws IOException;
    }

    private final Ffmpeg ffmpeg;
    private final Fetch fetch;
    private final Path scratch;

    public FfprobeInputProbe(Ffmpeg ffmpeg, Fetch fetch, Path scratch) {
        this.ffmpeg = ffmpeg;
        this.fetch = fetch;
        this.scratch = scratch;
    }

    @Override
    public ProbeResponse probe(ProbeRequest request) {
        if (request.inputFiles().isEmpty()) throw new JobService.BadRequest("/inputFiles: is required");
        List<ProbeResult> results = new ArrayList<>();
        for (int i = 0; i < request.inputFiles().size(); i++) {
            ProbeInputFile f = request.inputFiles().get(i);
            if (f.fileUrl() == null || !f.fileUrl().startsWith("s3://"))
                throw new JobService.BadRequest(
                        "/inputFiles/" + i + "/fileUrl: should be an s3:// URL, got " + f.fileUrl());
            results.add(probe(f.fileUrl(), "/inputFiles/" + i + "/fileUrl"));
        }
        return ProbeResponse.builder().probeResults(results).build();
    }

    private ProbeResult probe(String url, String at) {
        Path file = null;
        try {
            Files.createDirectories(scratch);
            file = Files.createTempFile(scratch, "probe-", suffix(url));
            String mimeType;
            try {
                mimeType = fetch.copy(url, file);
            } catch (IOException e) {
                throw new JobService.BadRequest(at + ": cannot read " + url + ": " + e.getMessage());
            }
            Probe p;
            try {
                p = Probe.of(ffmpeg, file, url);
            } catch (EngineException e) {
                throw new JobService.BadRequest(at + ": " + e.getMessage());
            }
            return describe(p, url, Files.size(file), mimeType);
        } catch (IOException e) {
            throw new IllegalStateException("probe scratch file: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // scratch is cleaned at start-up too
                }
            }
        }
    }

    static ProbeResult describe(Probe p, String url, long size, String mimeType) {
        List<Track> tracks = new ArrayList<>();
        List<Integer> videoIndexes = new ArrayList<>();
        List<Integer> audioIndexes = new ArrayList<>();
        if (p.video() != null) {
            videoIndexes.add(p.video().streamId());
            tracks.add(Track.builder()
                    .index(p.video().streamId())
                    .trackType(TrackType.VIDEO)
                    .codec(codec(p.video().codec()))
                    .duration(p.durationSeconds())
                    .videoProperties(VideoProperties.builder()
                            .width(p.width())
                            .height(p.height())
                            .bitDepth(p.video().bitDepth())
                            .frameRate(frameRate(p.framesPerSecond()))
                            .build())
                    .build());
        }
        for (Probe.AudioStream a : p.audio()) {
            audioIndexes.add(a.streamId());
            tracks.add(Track.builder()
                    .index(a.streamId())
                    .trackType(TrackType.AUDIO)
                    .codec(codec(a.codec()))
                    .duration(p.durationSeconds())
                    .audioProperties(AudioProperties.builder()
                            .channels(a.channels())
                            .sampleRate(a.sampleRate())
                            .languageCode(a.language())
                            .build())
                    .build());
        }
        return ProbeResult.builder()
                .container(Container.builder()
                        .format(format(url))
                        .duration(p.durationSeconds())
                        .tracks(tracks)
                        .build())
                .metadata(Metadata.builder().fileSize(size).mimeType(mimeType).build())
                .trackMappings(TrackMapping.builder()
                        .videoTrackIndexes(videoIndexes)
                        .audioTrackIndexes(audioIndexes)
                        .build())
                .build();
    }

    /** The engine's codec names (MediaConvert's job-settings names) → Probe's {@link Codec}. */
    static Codec codec(String name) {
        return switch (name) {
            case "H_264" -> Codec.AVC;
            case "H_265" -> Codec.HEVC;
            case "MPEG2" -> Codec.MPEG2;
            case "PRORES" -> Codec.PRORES;
            case "VP8" -> Codec.VP8;
            case "VP9" -> Codec.VP9;
            case "AV1" -> Codec.AV1;
            case "AAC" -> Codec.AAC;
            case "MP3" -> Codec.MP3;
            case "AC3" -> Codec.AC3;
            case "EAC3" -> Codec.EAC3;
            case "OPUS" -> Codec.OPUS;
            case "VORBIS" -> Codec.VORBIS;
            case "FLAC" -> Codec.FLAC;
            case "PCM" -> Codec.PCM;
            default -> Codec.UNKNOWN;
        };
    }

    /** 29.97 → 30000/1001, 25 → 25/1, otherwise the rate in thousandths. */
    static FrameRate frameRate(double fps) {
        if (fps <= 0) return null;
        long whole = Math.round(fps);
        if (Math.abs(fps - whole) < 1e-3)
            return FrameRate.builder().numerator((int) whole).denominator(1).build();
        long ntsc = Math.round(fps * 1001 / 1000);
        if (Math.abs(fps - ntsc * 1000.0 / 1001) < 1e-3)
            return FrameRate.builder()
                    .numerator((int) ntsc * 1000)
                    .denominator(1001)
                    .build();
        return FrameRate.builder()
                .numerator((int) Math.round(fps * 1000))
                .denominator(1000)
                .build();
    }

    /**
     * The container (the model's Format values; SDK 2.40.2 knows only some of them, so the wire
     * string is used), by the file's suffix: the engine's probe does not report ffprobe's format name.
     */
    static String format(String url) {
        String s = url.toLowerCase(Locale.ROOT);
        if (s.endsWith(".mov")) return "quicktime";
        if (s.endsWith(".mkv")) return "matroska";
        if (s.endsWith(".webm")) return "webm";
        if (s.endsWith(".mxf")) return "mxf";
        if (s.endsWith(".wav")) return "wave";
        if (s.endsWith(".avi")) return "avi";
        if (s.endsWith(".ts") || s.endsWith(".m2ts")) return "mpegts";
        return "mp4";
    }

    private static String suffix(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? ".bin" : name.substring(dot).replaceAll("[^A-Za-z0-9.]", "");
    }
}

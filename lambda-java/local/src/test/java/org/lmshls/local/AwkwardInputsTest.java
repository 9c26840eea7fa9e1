package org.lmshls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;

/**
 * Inputs a lecture platform will meet: each gives valid outputs or a job in ERROR whose message
 * says what is wrong; none hangs (every wait has a deadline); none leaves partial outputs.
 * All are uploaded first and converted on the shared pool, then checked one by one.
 */
class AwkwardInputsTest extends SharedPipeline {

    @BeforeAll
    static void uploadAll() throws Exception {
        pipeline.upload(pipeline.clip("noaudio.mp4", 3, 320, 180, 30, false), "no-audio.mp4");
        pipeline.upload(pipeline.clip("portrait.mp4", 3, 180, 320, 30, true), "portrait.mp4");
        // x264 needs even sizes for 4:2:0; 4:4:4 lets the input have odd ones.
        pipeline.upload(pipeline.clip("odd.mp4", 2, 321, 241, 25, true, "-pix_fmt", "yuv444p"), "odd-dimensions.mp4");
        pipeline.upload(pipeline.clip("short.mp4", 1, 320, 180, 30, true), "one-second.mp4");
        pipeline.upload(pipeline.clip("sixty.mp4", 3, 320, 180, 60, true), "sixty-fps.mp4");
        Path whole = pipeline.clip("whole.mp4", 3, 320, 180, 30, true);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = dir.resolve("truncated.mp4");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        pipeline.upload(truncated, "truncated.mp4");
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        pipeline.upload(empty, "empty.mp4");
        Path text = Files.writeString(dir.resolve("text.mp4"), "This is a lecture transcript, not a video.\n");
        pipeline.upload(text, "notes-text.mp4");
    }

    private static void assertValidOutputs(String key, int thumbnails) throws Exception {
        Job job = pipeline.finishedJobFor(key);
        assertEquals(JobStatus.COMPLETE, job.status(), () -> key + ": " + job.errorMessage());
        String prefix = "assets/" + Pipeline.assetId(key) + "/";
        String name = Pipeline.assetId(key);
        Path out = pipeline.download(prefix, dir.resolve("out-" + name));
        Path master = out.resolve("HLS/" + name + ".m3u8");
        for (var v : OutputChecks.checkMaster(master).entrySet()) {
            OutputChecks.checkVariant(pipeline.ffmpeg(), master.resolveSibling(v.getKey()), v.getValue());
        }
        OutputChecks.checkDecodes(pipeline.ffmpeg(), master);
        // The converter fits the MP4 and the frame captures to a probed source smaller than 720p
        // (no upscaling); the files must be what the job asked for.
        OutputChecks.checkMp4(pipeline.ffmpeg(), out.resolve("MP4/" + name + ".mp4"), requestedSize(job, false));
        OutputChecks.checkThumbnails(
                pipeline.ffmpeg(), out.resolve("Thumbnails"), name, thumbnails, requestedSize(job, true));
    }

    /** WxH of the job's MP4 output ({@code frameCapture} false) or of its frame captures. */
    private static String requestedSize(Job job, boolean frameCapture) {
        return job.settings().outputGroups().stream()
                .flatMap(g -> g.outputs().stream())
                .filter(o ->
                        o.videoDescription() != null && o.videoDescription().codecSettings() != null)
                .filter(o -> frameCapture
                        ? o.videoDescription().codecSettings().codec() == VideoCodec.FRAME_CAPTURE
                        : o.containerSettings() != null && o.containerSettings().container() == ContainerType.MP4)
                .map(o -> o.videoDescription().width() + "x"
                        + o.videoDescription().height())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + (frameCapture ? "frame capture" : "MP4") + " output"));
    }

    private static void assertErrorWithoutOutputs(String key, String expectedInMessage) throws Exception {
        Job job = pipeline.finishedJobFor(key);
        assertEquals(JobStatus.ERROR, job.status(), key);
        assertEquals(1010, job.errorCode(), job.errorMessage());
        assertTrue(job.errorMessage().contains("s3://" + pipeline.input() + "/" + key), job.errorMessage());
        assertTrue(job.errorMessage().contains(expectedInMessage), job.errorMessage());
        assertEquals(
                List.of(),
                pipeline.engineOutputs("assets/" + Pipeline.assetId(key) + "/"),
                "nothing written for " + key);
    }

    @Test
    void noAudioTrackGetsSilentAacSoEveryRungKeepsItsCodecs() throws Exception {
        assertValidOutputs("no-audio.mp4", 1);
    }

    @Test
    void portraitVideoIsPillarboxedIntoTheLandscapeRungs() throws Exception {
        assertValidOutputs("portrait.mp4", 1);
        // The MP4 keeps the small portrait source's own size (no upscaling); the HLS rungs are
        // landscape: the 416x234 rung (the only one no taller than the 320-line source) is pillarboxed.
        Path segment = dir.resolve("out-portrait/HLS/portrait_234_00001.ts");
        // Pillarbox: the frame's left edge is black, its middle is picture.
        assertTrue(maxLuma(segment, "crop=20:234:0:0") <= 20, "left edge is black");
        assertTrue(maxLuma(segment, "crop=60:234:178:0") > 60, "middle has the picture");
    }

    private static double maxLuma(Path video, String crop) throws Exception {
        var r = Pipeline.run(pipeline.ffmpeg()
                .ffmpeg(List.of(
                        "-v",
                        "error",
                        "-i",
                        video.toString(),
                        "-frames:v",
                        "1",
                        "-vf",
                        crop + ",signalstats,metadata=mode=print:key=lavfi.signalstats.YMAX:file=-",
                        "-f",
                        "null",
                        "-")));
        var m = java.util.regex.Pattern.compile("YMAX=([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void oddDimensionsAreScaledToEvenOutputSizes() throws Exception {
        assertValidOutputs("odd-dimensions.mp4", 1);
    }

    @Test
    void oneSecondClipGivesOneSegmentAndOneThumbnail() throws Exception {
        assertValidOutputs("one-second.mp4", 1);
    }

    @Test
    void sixtyFpsInputKeepsSegmentsAtMostTenSeconds() throws Exception {
        assertValidOutputs("sixty-fps.mp4", 1);
    }

    @Test
    void truncatedFileFailsSayingTheInputCannotBeRead() throws Exception {
        // The moov box is at the end of FFmpeg's default MP4, so half a file has no index at all.
        assertErrorWithoutOutputs("truncated.mp4", "Invalid data found when processing input");
    }

    @Test
    void emptyFileFailsSayingTheInputCannotBeRead() throws Exception {
        assertErrorWithoutOutputs("empty.mp4", "Unable to open input file");
    }

    @Test
    void textFileNamedMp4FailsSayingTheInputIsNotMedia() throws Exception {
        assertErrorWithoutOutputs("notes-text.mp4", "Invalid data found when processing input");
    }
}

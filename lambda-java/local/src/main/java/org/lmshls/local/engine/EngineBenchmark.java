package org.lmshls.local.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lmshls.local.process.ProcessRunner;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

/**
 * The engine's single FFmpeg run for a whole job, timed beside the naive way: one FFmpeg run per
 * output, each decoding the input again, with the same encoder settings (the commands come from
 * the same plan, cut down to one output each). Both run in this process, one after the other.
 */
public final class EngineBenchmark {

    /**
     * Wall-clock and CPU seconds (user + system, of the FFmpeg processes: what a shared machine's load
     * does not change much) of both ways; {@code engineRun} says what the engine's one run does.
     */
    public record Figures(
            double inputSeconds,
            double engineSeconds,
            double naiveSeconds,
            List<String> naiveRuns,
            String engineRun,
            double engineCpuSeconds,
            double naiveCpuSeconds) {
        public double cpuSpeedup() {
            return naiveCpuSeconds / engineCpuSeconds;
        }

        /** The real-time factor on {@code cores} cores if the engine's CPU time spread over them perfectly. */
        public double cpuRealTimeFactor(int cores) {
            return inputSeconds / (engineCpuSeconds / cores);
        }

        public double speedup() {
            return naiveSeconds / engineSeconds;
        }

        public double realTimeFactor() {
            return inputSeconds / engineSeconds;
        }
    }

    private EngineBenchmark() {}

    public static Figures run(Ffmpeg ffmpeg, JobSettings template, Path input, Path work) throws Exception {
        EnginePlan plan = JobPlanner.plan(template);
        Probe probe = Probe.of(ffmpeg, input, input.toString());
        double cpu0 = childCpuSeconds();
        Path engineDir = fresh(work.resolve("engine"));
        double engine = time(
                ffmpeg, FfmpegCommand.build(plan, probe, input.toAbsolutePath().toString()), engineDir);
        for (int g : FfmpegCommand.trickPlayGroups(plan)) {
            engine += time(ffmpeg, FfmpegCommand.tileCommand(plan, g), engineDir);
        }
        double cpu1 = childCpuSeconds();
        double naive = 0;
        List<String> runs = new ArrayList<>();
        for (int[] run : plan.naiveRuns()) {
            int g = run[0], o = run[1];
            EnginePlan one = o < 0 ? plan.onlyTrickPlay(g) : plan.only(g, o);
            Path dir = fresh(work.resolve("naive-" + g + "-" + o));
            double t = time(
                    ffmpeg,
                    FfmpegCommand.build(one, probe, input.toAbsolutePath().toString()),
                    dir);
            if (o < 0) t += time(ffmpeg, FfmpegCommand.tileCommand(one, 0), dir);
            naive += t;
            String what = o < 0
                    ? " trick-play tiles"
                    : plan.groups().get(g).outputs().get(o).nameModifier();
            runs.add(String.format(
                    Locale.ROOT, "%s%s %.1f s", plan.groups().get(g).name(), what, t));
        }
        double cpu2 = childCpuSeconds();
        long variants = plan.groups().stream()
                .flatMap(g -> g.outputs().stream())
                .filter(o -> o instanceof EnginePlan.Variant)
                .count();
        long other = plan.groups().stream().mapToLong(g -> g.outputs().size()).sum() - variants;
        String engineRun = String.format(
                Locale.ROOT,
                "one decode, %d H.264 + %d AAC encodes shared by %d HLS variants and %d other outputs,"
                        + " trick-play tiles tiled in a second small run",
                plan.videoEncodes().size(),
                plan.audioEncodes().size(),
                variants,
                other);
        return new Figures(probe.durationSeconds(), engine, naive, runs, engineRun, cpu1 - cpu0, cpu2 - cpu1);
    }

    /**
     * CPU seconds of this JVM's finished child processes (Linux: cutime + cstime of /proc/self/stat,
     * which the JDK's reaping of each FFmpeg adds to); NaN elsewhere.
     */
    static double childCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static Path fresh(Path dir) throws Exception {
        Ffmpeg.deleteTree(dir);
        Files.createDirectories(dir);
        return dir;
    }

    private static double time(Ffmpeg ffmpeg, List<String> args, Path dir) throws Exception {
        long start = System.nanoTime();
        ProcessRunner.Result r = ProcessRunner.run(ffmpeg.ffmpeg(args).directory(dir.toFile()), Duration.ofHours(1));
        int exit = r.exitCode();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) throw new IllegalStateException("ffmpeg exited with " + exit + ": " + args + "\n" + r.stderr());
        return seconds;
    }
}

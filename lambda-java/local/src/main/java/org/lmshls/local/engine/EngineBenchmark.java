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

    public record Figures(double inputSeconds, double engineSeconds, double naiveSeconds, List<String> naiveRuns) {
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
        double engine = time(
                ffmpeg,
                FfmpegCommand.build(plan, probe, input.toAbsolutePath().toString()),
                fresh(work.resolve("engine")));
        double naive = 0;
        List<String> runs = new ArrayList<>();
        for (int[] run : plan.naiveRuns()) {
            int g = run[0], o = run[1];
            EnginePlan one = o < 0 ? plan.onlyTrickPlay(g) : plan.only(g, o);
            double t = time(
                    ffmpeg,
                    FfmpegCommand.build(one, probe, input.toAbsolutePath().toString()),
                    fresh(work.resolve("naive-" + g + "-" + o)));
            naive += t;
            String what = o < 0 ? " trick-play tiles" : plan.groups().get(g).outputs().get(o).nameModifier();
            runs.add(String.format(Locale.ROOT, "%s%s %.1f s", plan.groups().get(g).name(), what, t));
        }
        return new Figures(probe.durationSeconds(), engine, naive, runs);
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

package org.lmshls.local.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lmshls.local.engine.EngineBenchmark;
import org.lmshls.local.engine.Ffmpeg;
import org.lmshls.template.JobTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Times the engine against one FFmpeg run per output on the same input, same settings. */
@Command(
        name = "bench-engine",
        mixinStandardHelpOptions = true,
        description = "Time the engine's one-run job against the naive way (one FFmpeg run per output) on FILE.")
final class BenchEngineCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "Input video.")
    Path file;

    @Option(
            names = "--work-dir",
            defaultValue = ".work/bench-engine",
            description = "Scratch folder (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--ffmpeg", description = "'bundled' (default), 'PATH', or a path to an ffmpeg executable.")
    String ffmpeg;

    @Option(names = "--template", description = "Job template JSON (default: the bundled job-templates/hls-abr.json).")
    Path template;

    @Override
    public Integer call() throws Exception {
        Ffmpeg f = Ffmpeg.resolve(ffmpeg, Ffmpeg.defaultCacheRoot());
        var settings = template == null ? JobTemplate.bundled() : JobTemplate.read(template);
        EngineBenchmark.Figures r = EngineBenchmark.run(f, settings, file, work);
        System.out.printf(
                Locale.ROOT,
                "input:   %s, %.1f s, %d CPUs%n",
                file,
                r.inputSeconds(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(
                Locale.ROOT,
                "engine:  %.1f s  (one FFmpeg run: the input decoded once for every output of the template)%n",
                r.engineSeconds());
        System.out.printf(
                Locale.ROOT,
                "naive:   %.1f s  (one FFmpeg run per output: %s)%n",
                r.naiveSeconds(),
                String.join(", ", r.naiveRuns()));
        System.out.printf(Locale.ROOT, "speedup: %.2fx faster than naive (goal >= 1.25x)%n", r.speedup());
        System.out.printf(
                Locale.ROOT,
                "real-time factor: %.2fx (input seconds per engine second; goal > 1)%n",
                r.realTimeFactor());
        return 0;
    }
}

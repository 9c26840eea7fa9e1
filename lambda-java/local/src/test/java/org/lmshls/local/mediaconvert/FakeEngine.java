package org.lmshls.local.mediaconvert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.lmshls.local.engine.Engine;
import org.lmshls.local.engine.EngineException;
import org.lmshls.local.engine.JobResult;
import org.lmshls.local.engine.Probe;
import software.amazon.awssdk.services.mediaconvert.model.JobPhase;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;

/**
 * An engine for the tests of the job service itself (tokens, queues, events, bursts): it reads
 * and writes nothing, reports the phases, the probe and progress the way the FFmpeg engine does,
 * "runs" for {@code runFor}, honours cancellation, and fails an input whose key contains
 * {@code does-not-exist} as the real engine fails a missing object. It records how many jobs ran
 * at once, so the worker-pool bound can be checked.
 */
public final class FakeEngine implements Engine {
    /** What it says every input is: 8 s of 640x360 at 30 fps with AAC. */
    public static final Probe PROBE = Probe.plain(8, 640, 360, 30, true);

    private final Duration runFor;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final Set<String> ran = ConcurrentHashMap.newKeySet();

    public FakeEngine(Duration runFor) {
        this.runFor = runFor;
    }

    @Override
    public JobResult run(String jobId, JobSettings settings, Engine.Listener listener, Engine.Cancellation cancel)
            throws EngineException {
        int now = running.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        ran.add(jobId);
        try {
            listener.phase(JobPhase.PROBING);
            String input = settings.inputs().get(0).fileInput();
            if (input.contains("does-not-exist")) {
                throw new EngineException(
                        EngineException.INPUT_UNREADABLE, "Unable to open input file [" + input + "]: no such object");
            }
            listener.probed(PROBE);
            listener.phase(JobPhase.TRANSCODING);
            long steps = 10, stepMillis = Math.max(1, runFor.toMillis() / steps);
            for (int i = 1; i <= steps; i++) {
                sleep(stepMillis, cancel);
                listener.percent((int) (i * 100 / steps));
                listener.framesDecoded(Math.round(PROBE.framesPerSecond() * PROBE.durationSeconds() * i / steps));
            }
            listener.phase(JobPhase.UPLOADING);
            return result(settings);
        } finally {
            running.decrementAndGet();
        }
    }

    /** The files MediaConvert would name for these settings (destination + name modifier + extension). */
    static JobResult result(JobSettings settings) {
        List<JobResult.GroupResult> groups = new ArrayList<>();
        for (OutputGroup g : settings.outputGroups()) {
            var s = g.outputGroupSettings();
            boolean hls = s.hlsGroupSettings() != null;
            String dest = hls
                    ? s.hlsGroupSettings().destination()
                    : s.fileGroupSettings().destination();
            List<JobResult.OutputResult> outputs = new ArrayList<>();
            for (Output o : g.outputs()) {
                String modifier = o.nameModifier() == null ? "" : o.nameModifier();
                String ext = hls ? ".m3u8" : o.extension() != null ? "." + o.extension() : ".mp4";
                outputs.add(new JobResult.OutputResult(List.of(dest + modifier + ext), 8000, 640, 360));
            }
            groups.add(new JobResult.GroupResult(
                    hls ? "HLS_GROUP" : "FILE_GROUP", hls ? List.of(dest + ".m3u8") : List.of(), outputs));
        }
        return new JobResult(groups);
    }

    private static void sleep(long millis, Engine.Cancellation cancel) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (cancel.isCancelled()) throw new java.util.concurrent.CancellationException("job canceled");
            try {
                Thread.sleep(Math.min(10, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted");
            }
        }
    }

    /** The most jobs that ran at the same time. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    /** Ids of the jobs it ran. */
    public Set<String> ran() {
        return Set.copyOf(ran);
    }
}

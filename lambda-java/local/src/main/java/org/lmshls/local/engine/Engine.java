package org.lmshls.local.engine;

import java.util.concurrent.CancellationException;
import org.lmshls.local.process.ProcessRunner;
import software.amazon.awssdk.services.mediaconvert.model.JobPhase;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

/**
 * What the local MediaConvert service needs from an engine: run one job's settings to the end,
 * reporting phases and progress, stoppable from outside. {@link Transcoder} is the real one
 * (FFmpeg); tests about tokens, queues and events use a fake.
 */
public interface Engine {

    /**
     * Runs the job; returns what it wrote. Fails with {@link EngineException} (MediaConvert's error
     * code and message), or {@link CancellationException} when {@code cancel} was used.
     */
    JobResult run(String jobId, JobSettings settings, Listener listener, Cancellation cancel) throws EngineException;

    /** How a job reports what it is doing; MediaConvert calls these phases. */
    interface Listener {
        void phase(JobPhase phase);

        void percent(int percent);

        /** What the input turned out to be (MediaConvert's INPUT_INFORMATION). */
        default void probed(Probe probe) {}

        /** Frames FFmpeg has decoded so far (STATUS_UPDATE's framesDecoded). */
        default void framesDecoded(long frames) {}
    }

    /** Lets the job service stop a running job (CancelJob): the running process tree is killed. */
    final class Cancellation {
        private volatile boolean cancelled;
        private volatile ProcessRunner.Running running;

        public void cancel() {
            cancelled = true;
            ProcessRunner.Running r = running;
            if (r != null) r.kill();
        }

        public boolean isCancelled() {
            return cancelled;
        }

        /** Throws {@link CancellationException} once {@link #cancel} was called. */
        public void check() {
            if (cancelled) throw new CancellationException("job canceled");
        }

        /** The process a cancel must stop (null: none running). */
        void attach(ProcessRunner.Running r) {
            running = r;
            if (r != null && cancelled) r.kill();
        }
    }
}

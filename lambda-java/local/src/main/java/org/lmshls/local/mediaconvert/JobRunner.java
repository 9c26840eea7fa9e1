package org.lmshls.local.mediaconvert;

import org.lmshls.local.engine.EngineException;
import org.lmshls.local.engine.JobResult;
import org.lmshls.local.engine.Transcoder;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

/**
 * What the job service needs of an engine: run one job's settings to the end, reporting as it
 * goes, stoppable. The FFmpeg {@link Transcoder} is one ({@code transcoder::run}); tests of tokens,
 * queues, events and bursts pass a fake that writes nothing and takes milliseconds.
 */
@FunctionalInterface
public interface JobRunner {
    JobResult run(String jobId, JobSettings settings, Transcoder.Listener listener, Transcoder.Cancellation cancel)
            throws EngineException;
}

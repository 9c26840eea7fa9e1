package org.lmshls.local.engine;

import java.time.Duration;

/**
 * The job ran longer than the engine's job time limit: FFmpeg was stopped and nothing was
 * published. MediaConvert has the same rule (a job PROGRESSING for 48 hours goes to ERROR) but
 * no error code of its own for it, so the code is the generic transcoding failure, 1999.
 */
public final class JobTimeLimitExceeded extends EngineException {
    public JobTimeLimitExceeded(Duration limit, String phase) {
        super(
                TRANSCODE_FAILED,
                "Job time limit exceeded: the job ran longer than " + limit.toMillis() / 1000.0
                        + " s and was stopped while " + phase + "; nothing was published");
    }
}

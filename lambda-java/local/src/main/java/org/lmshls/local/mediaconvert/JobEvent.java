package org.lmshls.local.mediaconvert;

import java.time.Instant;
import org.lmshls.local.engine.JobResult;
import org.lmshls.local.engine.Probe;
import software.amazon.awssdk.services.mediaconvert.model.Job;

/**
 * One MediaConvert job state change, typed: the job as the SDK models it at that moment, plus what
 * the EventBridge event carries beyond {@link Job} (the probed input for INPUT_INFORMATION, the
 * files written for COMPLETE, the frames decoded so far for STATUS_UPDATE). {@link JobEvents}
 * turns it into EventBridge's JSON for the log, the file and the webhook.
 *
 * @param input null unless {@code kind} is INPUT_INFORMATION (and the probe succeeded)
 * @param outputs null unless {@code kind} is COMPLETE
 */
public record JobEvent(Kind kind, Instant time, Job job, Probe input, JobResult outputs, long framesDecoded) {

    /** The event kinds: the statuses a job passes through, plus the two informational events (no SUBMITTED). */
    public enum Kind {
        PROGRESSING,
        INPUT_INFORMATION,
        STATUS_UPDATE,
        COMPLETE,
        CANCELED,
        ERROR
    }
}

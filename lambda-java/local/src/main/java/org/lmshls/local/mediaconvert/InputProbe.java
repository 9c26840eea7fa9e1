package org.lmshls.local.mediaconvert;

import software.amazon.awssdk.services.mediaconvert.model.ProbeRequest;
import software.amazon.awssdk.services.mediaconvert.model.ProbeResponse;

/** MediaConvert's Probe operation: what the input files are, in the service's shapes. */
@FunctionalInterface
public interface InputProbe {
    /** Throws {@link JobService.BadRequest} for a file it cannot read, as the service answers 400. */
    ProbeResponse probe(ProbeRequest request);
}

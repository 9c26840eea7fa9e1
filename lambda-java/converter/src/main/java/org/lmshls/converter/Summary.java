package org.lmshls.converter;

import java.util.List;

/**
 * What one invocation did: the handler's return value (Lambda writes it to the invocation's
 * result; the local runtime logs it).
 *
 * @param submitted one entry per job the records asked for, submitted now or found already there
 * @param skipped how many records needed no job
 */
public record Summary(List<Submitted> submitted, int skipped) {

    /**
     * One job.
     *
     * @param key the video's key
     * @param assetId the asset it writes ({@link AssetLayout})
     * @param jobId MediaConvert's job id
     * @param captions the caption files' keys in the job
     * @param trigger the caption upload that started this job, or null for the video's own upload
     * @param alreadySubmitted true when an earlier attempt of this event had created the job ({@code ListJobs} found it)
     */
    public record Submitted(
            String key,
            String assetId,
            String jobId,
            List<String> captions,
            String trigger,
            boolean alreadySubmitted) {}
}

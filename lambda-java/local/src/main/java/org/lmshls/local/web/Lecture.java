package org.lmshls.local.web;

import java.util.List;

/**
 * One lecture as the pages show it. Keys are object keys of the output bucket (the page puts its
 * media base URL in front of them, so the same data works locally and behind CloudFront).
 *
 * @param status MediaConvert's JobStatus (the one vocabulary): COMPLETE when its outputs are there
 *               and no newer job is running or failed; otherwise the newest job's status (SUBMITTED,
 *               PROGRESSING, ERROR, CANCELED); ERROR too for outputs without a readable stream and no
 *               job to explain them
 * @param playable whether the HLS stream is in the bucket (an older conversion may be, during a new job)
 */
public record Lecture(
        String assetId,
        String title,
        String status,
        boolean playable,
        Integer progress,
        String error,
        String jobId,
        String master,
        String mp4,
        List<String> thumbnails,
        Double thumbnailInterval,
        Double duration,
        List<Rendition> renditions) {

    public record Rendition(int width, int height, long bandwidth, String codecs, String playlist) {}
}

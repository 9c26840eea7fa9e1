package org.lmshls.local.engine;

import java.util.List;

/** What a finished job wrote, shaped like MediaConvert's outputGroupDetails. */
public record JobResult(List<GroupResult> groups) {

    /** {@code type} is EventBridge's HLS_GROUP / FILE_GROUP. */
    public record GroupResult(String type, List<String> playlistFilePaths, List<OutputResult> outputs) {}

    public record OutputResult(List<String> outputFilePaths, long durationInMs, int widthInPx, int heightInPx) {}
}

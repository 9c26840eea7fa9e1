package org.lmshls.converter;

import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;

/**
 * Where the template's three output groups are, found by type and content, never by position:
 * the one HLS group, the one file group of MP4 outputs, the one file group of frame captures.
 *
 * @param hls index of the HLS group in {@code OutputGroups}
 * @param mp4 index of the MP4 file group
 * @param thumbnails index of the frame-capture file group
 */
public record TemplateGroups(int hls, int mp4, int thumbnails) {

    /** Finds the groups, or says what is missing or ambiguous. */
    public static TemplateGroups of(JobSettings template) {
        if (template.inputs().size() != 1) {
            throw new IllegalArgumentException("job template must have exactly one input, found "
                    + template.inputs().size());
        }
        List<OutputGroup> groups = template.outputGroups();
        return new TemplateGroups(
                find(groups, "HLS", g -> type(g) == OutputGroupType.HLS_GROUP_SETTINGS),
                find(
                        groups,
                        "MP4",
                        fileGroupOf(o -> o.containerSettings() != null
                                && o.containerSettings().container() == ContainerType.MP4)),
                find(
                        groups,
                        "Thumbnails",
                        fileGroupOf(o -> o.videoDescription() != null
                                && o.videoDescription().codecSettings() != null
                                && o.videoDescription().codecSettings().codec() == VideoCodec.FRAME_CAPTURE)));
    }

    /** The group that writes into {@code folder}. */
    public int index(AssetLayout.Folder folder) {
        return switch (folder) {
            case HLS -> hls;
            case MP4 -> mp4;
            case THUMBNAILS -> thumbnails;
        };
    }

    /**
     * The group with its destination set: the prefix MediaConvert writes the group's files under
     * (the template's groups are HLS or file groups; any other type is refused).
     */
    public static OutputGroup withDestination(OutputGroup group, S3Location destination) {
        OutputGroupSettings.Builder s = group.outputGroupSettings().toBuilder();
        String d = destination.toString();
        switch (group.outputGroupSettings().type()) {
            case HLS_GROUP_SETTINGS ->
                s.hlsGroupSettings(group.outputGroupSettings().hlsGroupSettings().toBuilder()
                        .destination(d)
                        .build());
            case FILE_GROUP_SETTINGS ->
                s.fileGroupSettings(group.outputGroupSettings().fileGroupSettings().toBuilder()
                        .destination(d)
                        .build());
            default ->
                throw new IllegalArgumentException("no destination to set in a group of type "
                        + group.outputGroupSettings().type());
        }
        return group.toBuilder().outputGroupSettings(s.build()).build();
    }

    private static OutputGroupType type(OutputGroup g) {
        return g.outputGroupSettings() == null ? null : g.outputGroupSettings().type();
    }

    /** A file group whose every output is one of these. */
    private static Predicate<OutputGroup> fileGroupOf(Predicate<Output> p) {
        return g -> type(g) == OutputGroupType.FILE_GROUP_SETTINGS
                && g.hasOutputs()
                && !g.outputs().isEmpty()
                && g.outputs().stream().allMatch(p);
    }

    private static int find(List<OutputGroup> groups, String what, Predicate<OutputGroup> p) {
        int found = -1;
        for (int i = 0; i < groups.size(); i++) {
            if (p.test(groups.get(i))) {
                if (found >= 0) {
                    throw new IllegalArgumentException(
                            "job template has more than one " + what + " output group (#" + found + " and #" + i + ")");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException("job template has no " + what + " output group");
        }
        // Settings for a group type must be present for the destination to be set.
        OutputGroupSettings s = groups.get(found).outputGroupSettings();
        if ((s.type() == OutputGroupType.HLS_GROUP_SETTINGS && s.hlsGroupSettings() == null)
                || (s.type() == OutputGroupType.FILE_GROUP_SETTINGS && s.fileGroupSettings() == null)) {
            throw new IllegalArgumentException(
                    "job template's " + what + " output group has no settings for its type " + s.type());
        }
        return found;
    }
}

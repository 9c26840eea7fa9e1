package org.lmshls.converter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;

/**
 * Template + upload → CreateJob request. The template's shape is checked once, here; per upload
 * only the input and the three destinations change.
 */
public final class JobRequestFactory {

    /**
     * The user-metadata keys every job carries. MediaConvert copies user metadata into its job-state
     * events, where an EventBridge input transformer builds playback and thumbnail URLs from the two
     * keys (it cannot edit strings, so the converter spells them out). Both are object keys in the
     * output bucket, without a leading slash.
     */
    public static final String METADATA_ASSET_ID = "assetID";

    public static final String METADATA_APPLICATION = "application";
    /** {@code assets/<assetID>/HLS/<name>.m3u8}: the master playlist. */
    public static final String METADATA_MASTER_KEY = "masterKey";
    /** {@code assets/<assetID>/Thumbnails/<name>.0000000.jpg}: the first frame capture. */
    public static final String METADATA_THUMBNAIL_KEY = "thumbnailKey";

    /** What MediaConvert appends to an HLS destination for the master playlist. */
    public static final String MASTER_PLAYLIST_SUFFIX = ".m3u8";
    /** What MediaConvert appends to a frame-capture destination for the first capture. */
    public static final String FIRST_THUMBNAIL_SUFFIX = ".0000000.jpg";

    /** The output folders under {@code assets/<assetId>/}. */
    public static final String HLS = "HLS";

    public static final String MP4 = "MP4";
    public static final String THUMBNAILS = "Thumbnails";

    private final JobSettings template;
    private final ConverterConfig config;
    private final int hlsGroup;
    private final int mp4Group;
    private final int thumbnailGroup;

    public JobRequestFactory(JobSettings template, ConverterConfig config) {
        this.template = template;
        this.config = config;
        if (template.inputs().size() != 1) {
            throw new IllegalArgumentException("job template must have exactly one input, found "
                    + template.inputs().size());
        }
        List<OutputGroup> groups = template.outputGroups();
        this.hlsGroup = find(groups, HLS, g -> type(g) == OutputGroupType.HLS_GROUP_SETTINGS);
        this.mp4Group = find(
                groups,
                MP4,
                g -> type(g) == OutputGroupType.FILE_GROUP_SETTINGS
                        && allOutputs(
                                g,
                                o -> o.containerSettings() != null
                                        && o.containerSettings().container() == ContainerType.MP4));
        this.thumbnailGroup = find(
                groups,
                THUMBNAILS,
                g -> type(g) == OutputGroupType.FILE_GROUP_SETTINGS
                        && allOutputs(
                                g,
                                o -> o.videoDescription() != null
                                        && o.videoDescription().codecSettings() != null
                                        && o.videoDescription().codecSettings().codec() == VideoCodec.FRAME_CAPTURE));
    }

    /** The request for one upload without captions. */
    public CreateJobRequest build(S3Upload upload, AssetPath asset) {
        return build(upload, asset, List.of(), null, upload.idempotencyToken());
    }

    /**
     * The request for one video with its caption files: one caption selector per file on the
     * input, one WebVTT rendition per file in the HLS group (so the master lists a SUBTITLES group
     * that every variant refers to); the MP4 and thumbnail groups are as without captions.
     *
     * @param captions the files, one per language ({@link Captions#forStem})
     * @param token the {@code ClientRequestToken}: the triggering upload's (a caption upload starts
     *     a job of its own)
     */
    public CreateJobRequest build(
            S3Upload video, AssetPath asset, List<Captions.CaptionFile> captions, Captions fragment, String token) {
        String bucket = config.destinationBucket();
        List<OutputGroup> groups = new ArrayList<>(template.outputGroups());
        OutputGroup hls = withDestination(groups.get(hlsGroup), asset.destination(bucket, HLS));
        Input.Builder input = template.inputs().get(0).toBuilder().fileInput(video.uri());
        if (!captions.isEmpty()) {
            List<Output> outputs = new ArrayList<>(hls.outputs());
            Map<String, software.amazon.awssdk.services.mediaconvert.model.CaptionSelector> selectors =
                    new java.util.LinkedHashMap<>(template.inputs().get(0).captionSelectors());
            for (Captions.CaptionFile f : captions) {
                selectors.put(Captions.selectorName(f), fragment.selector(video.bucket(), f));
                outputs.add(fragment.output(f));
            }
            hls = hls.toBuilder().outputs(outputs).build();
            input.captionSelectors(selectors);
        }
        groups.set(hlsGroup, hls);
        groups.set(mp4Group, withDestination(groups.get(mp4Group), asset.destination(bucket, MP4)));
        groups.set(thumbnailGroup, withDestination(groups.get(thumbnailGroup), asset.destination(bucket, THUMBNAILS)));
        JobSettings settings =
                template.toBuilder().inputs(input.build()).outputGroups(groups).build();
        return CreateJobRequest.builder()
                .role(config.mediaConvertRole())
                .settings(settings)
                .userMetadata(userMetadata(asset))
                .clientRequestToken(token)
                .build();
    }

    /** The job's user metadata for this asset (see {@link AssetPath} for why it fits MediaConvert's limits). */
    public Map<String, String> userMetadata(AssetPath asset) {
        return Map.of(
                METADATA_APPLICATION,
                config.application(),
                METADATA_ASSET_ID,
                asset.assetId(),
                METADATA_MASTER_KEY,
                asset.key(HLS) + MASTER_PLAYLIST_SUFFIX,
                METADATA_THUMBNAIL_KEY,
                asset.key(THUMBNAILS) + FIRST_THUMBNAIL_SUFFIX);
    }

    private static OutputGroup withDestination(OutputGroup group, String destination) {
        OutputGroupSettings s = group.outputGroupSettings();
        OutputGroupSettings changed = switch (s.type()) {
            case HLS_GROUP_SETTINGS ->
                s.toBuilder()
                        .hlsGroupSettings(s.hlsGroupSettings().toBuilder()
                                .destination(destination)
                                .build())
                        .build();
            case FILE_GROUP_SETTINGS ->
                s.toBuilder()
                        .fileGroupSettings(s.fileGroupSettings().toBuilder()
                                .destination(destination)
                                .build())
                        .build();
            default -> throw new IllegalStateException("unreachable: group type " + s.type());
        };
        return group.toBuilder().outputGroupSettings(changed).build();
    }

    private static OutputGroupType type(OutputGroup g) {
        return g.outputGroupSettings() == null ? null : g.outputGroupSettings().type();
    }

    private static boolean allOutputs(OutputGroup g, java.util.function.Predicate<Output> p) {
        return g.hasOutputs() && !g.outputs().isEmpty() && g.outputs().stream().allMatch(p);
    }

    private static int find(List<OutputGroup> groups, String what, java.util.function.Predicate<OutputGroup> p) {
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

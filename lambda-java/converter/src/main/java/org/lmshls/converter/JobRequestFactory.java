package org.lmshls.converter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lmshls.converter.AssetLayout.Folder;
import software.amazon.awssdk.services.mediaconvert.model.CaptionSelector;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupSettings;

/**
 * Template + upload → CreateJob request. The template's shape is checked once, here; per upload
 * only the input and the three destinations change.
 */
public final class JobRequestFactory {

    /**
     * The user-metadata keys every job carries. MediaConvert copies user metadata into its job-state
     * events, where an EventBridge input transformer builds playback and thumbnail URLs from the two
     * keys (it cannot edit strings, so the converter spells them out). Both are object keys in the
     * output bucket, without a leading slash. {@code assetID} keeps that spelling on the wire
     * (Terraform's event rule and message template read it); code says {@code assetId}.
     */
    public static final String METADATA_ASSET_ID = "assetID";

    public static final String METADATA_APPLICATION = "application";
    /** {@code assets/<assetId>/HLS/<name>.m3u8}: the master playlist ({@link AssetLayout#masterKey}). */
    public static final String METADATA_MASTER_KEY = "masterKey";
    /** {@code assets/<assetId>/Thumbnails/<name>.0000000.jpg}: the first frame capture ({@link OutputNames#posterKey}). */
    public static final String METADATA_THUMBNAIL_KEY = "thumbnailKey";

    private final JobSettings template;
    private final ConverterConfig config;
    private final TemplateGroups groups;
    private final OutputNames names;

    public JobRequestFactory(JobSettings template, ConverterConfig config) {
        this.template = template;
        this.config = config;
        this.groups = TemplateGroups.of(template);
        this.names = OutputNames.of(template);
    }

    /** The template's output names. */
    public OutputNames names() {
        return names;
    }

    /** The request for one upload without captions. */
    public CreateJobRequest build(S3Upload upload, AssetLayout asset) {
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
            S3Upload video, AssetLayout asset, List<Captions.CaptionFile> captions, Captions fragment, String token) {
        String bucket = config.destinationBucket();
        List<OutputGroup> out = new ArrayList<>(template.outputGroups());
        OutputGroup hls = withDestination(out.get(groups.hls()), asset.destination(bucket, Folder.HLS));
        Input.Builder input = template.inputs().get(0).toBuilder().fileInput(video.location().toString());
        if (!captions.isEmpty()) {
            List<Output> outputs = new ArrayList<>(hls.outputs());
            Map<String, CaptionSelector> selectors =
                    new LinkedHashMap<>(template.inputs().get(0).captionSelectors());
            for (Captions.CaptionFile f : captions) {
                selectors.put(Captions.selectorName(f), fragment.selector(video.bucket(), f));
                outputs.add(fragment.output(f));
            }
            hls = hls.toBuilder().outputs(outputs).build();
            input.captionSelectors(selectors);
        }
        out.set(groups.hls(), hls);
        for (Folder f : List.of(Folder.MP4, Folder.THUMBNAILS)) {
            out.set(groups.index(f), withDestination(out.get(groups.index(f)), asset.destination(bucket, f)));
        }
        JobSettings settings =
                template.toBuilder().inputs(input.build()).outputGroups(out).build();
        return CreateJobRequest.builder()
                .role(config.mediaConvertRole())
                .settings(settings)
                .userMetadata(userMetadata(asset))
                .clientRequestToken(token)
                .build();
    }

    /**
     * The job's user metadata for this asset, in key order so the request's bytes are the same in
     * every JVM (see {@link AssetLayout} for why the values fit MediaConvert's limits).
     */
    public Map<String, String> userMetadata(AssetLayout asset) {
        Map<String, String> m = new TreeMap<>();
        m.put(METADATA_APPLICATION, config.application());
        m.put(METADATA_ASSET_ID, asset.assetId());
        m.put(METADATA_MASTER_KEY, asset.masterKey());
        m.put(METADATA_THUMBNAIL_KEY, names.posterKey(asset));
        return m;
    }

    private static OutputGroup withDestination(OutputGroup group, S3Location destination) {
        OutputGroupSettings s = group.outputGroupSettings();
        OutputGroupSettings changed = switch (s.type()) {
            case HLS_GROUP_SETTINGS ->
                s.toBuilder()
                        .hlsGroupSettings(s.hlsGroupSettings().toBuilder()
                                .destination(destination.toString())
                                .build())
                        .build();
            case FILE_GROUP_SETTINGS ->
                s.toBuilder()
                        .fileGroupSettings(s.fileGroupSettings().toBuilder()
                                .destination(destination.toString())
                                .build())
                        .build();
            default -> throw new IllegalStateException("unreachable: group type " + s.type());
        };
        return group.toBuilder().outputGroupSettings(changed).build();
    }
}

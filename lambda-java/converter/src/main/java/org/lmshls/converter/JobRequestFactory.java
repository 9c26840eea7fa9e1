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
    /**
     * The {@code ClientRequestToken} again: MediaConvert forgets tokens after about a minute, so a
     * later retry finds its job by this key through ListJobs (PLAN C5).
     */
    public static final String METADATA_REQUEST_TOKEN = "requestToken";

    private final JobSettings template;
    private final ConverterConfig config;
    private final TemplateGroups groups;
    private final OutputNames names;
    private final Double thumbnailInterval;

    public JobRequestFactory(JobSettings template, ConverterConfig config) {
        this.template = template;
        this.config = config;
        this.groups = TemplateGroups.of(template);
        this.names = OutputNames.of(template);
        this.thumbnailInterval = LectureManifest.thumbnailInterval(template, groups);
    }

    /** The template's output names. */
    public OutputNames names() {
        return names;
    }

    /** Seconds between two frame captures, from the template. */
    public Double thumbnailIntervalSeconds() {
        return thumbnailInterval;
    }

    /** How many caption selectors the template's input has already. */
    public int templateCaptionSelectors() {
        return template.inputs().get(0).captionSelectors().size();
    }

    /** The HLS group's outputs of a request this factory built. */
    public List<Output> hlsOutputs(CreateJobRequest request) {
        return request.settings().outputGroups().get(groups.hls()).outputs();
    }

    /** The request for one upload without captions, the ladder as without a probe. */
    public CreateJobRequest build(S3Upload upload, AssetLayout asset) {
        return build(upload, asset, List.of(), null, upload.idempotencyToken(), Ladder.Source.unknown("not probed"));
    }

    /**
     * The request for one video with its caption files: one caption selector per file on the
     * input, one WebVTT rendition per file in the HLS group (so the master lists a SUBTITLES group
     * that every variant refers to); the MP4 and thumbnail groups are as without captions (no
     * larger than a probed source, {@link Ladder#noUpscale}).
     *
     * @param captions the files, one per language ({@link Captions#forStem})
     * @param token the {@code ClientRequestToken}: the triggering upload's (a caption upload starts
     *     a job of its own)
     * @param source what Probe said about the video, for the ladder ({@link Ladder#fit})
     */
    public CreateJobRequest build(
            S3Upload video,
            AssetLayout asset,
            List<Captions.CaptionFile> captions,
            Captions fragment,
            String token,
            Ladder.Source source) {
        String bucket = config.destinationBucket();
        List<OutputGroup> out = new ArrayList<>(template.outputGroups());
        OutputGroup hls = TemplateGroups.withDestination(out.get(groups.hls()), asset.destination(bucket, Folder.HLS));
        hls = hls.toBuilder().outputs(Ladder.fit(hls.outputs(), source)).build();
        Input.Builder input =
                template.inputs().get(0).toBuilder().fileInput(video.location().toString());
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
            OutputGroup g = TemplateGroups.withDestination(out.get(groups.index(f)), asset.destination(bucket, f));
            List<Output> pictures =
                    g.outputs().stream().map(o -> Ladder.noUpscale(o, source)).toList();
            out.set(groups.index(f), g.toBuilder().outputs(pictures).build());
        }
        JobSettings settings =
                template.toBuilder().inputs(input.build()).outputGroups(out).build();
        return CreateJobRequest.builder()
                .role(config.mediaConvertRole())
                .settings(settings)
                .userMetadata(userMetadata(asset, token))
                .clientRequestToken(token)
                .build();
    }

    /**
     * The job's user metadata for this asset, in key order so the request's bytes are the same in
     * every JVM (see {@link AssetLayout} for why the values fit MediaConvert's limits).
     */
    public Map<String, String> userMetadata(AssetLayout asset, String token) {
        Map<String, String> m = new TreeMap<>();
        m.put(METADATA_REQUEST_TOKEN, token);
        m.put(METADATA_APPLICATION, config.application());
        m.put(METADATA_ASSET_ID, asset.assetId());
        m.put(METADATA_MASTER_KEY, asset.masterKey());
        m.put(METADATA_THUMBNAIL_KEY, names.posterKey(asset));
        return m;
    }
}

package org.lmshls.converter;

import java.util.List;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;

/**
 * The {@code NameModifier}s the job template gives its outputs: what MediaConvert appends to
 * {@code <name>} in each folder of an {@link AssetLayout}. Read from the template, never written
 * down elsewhere.
 *
 * @param renditions the HLS group's modifiers in template order ({@code _360}, {@code _540}, …)
 * @param mp4 the MP4 output's modifier ({@code ""} when it has none)
 * @param thumbnails the frame-capture output's modifier ({@code ""} when it has none)
 */
public record OutputNames(List<String> renditions, String mp4, String thumbnails) {

    public static OutputNames of(JobSettings template) {
        TemplateGroups g = TemplateGroups.of(template);
        List<OutputGroup> groups = template.outputGroups();
        return new OutputNames(
                groups.get(g.hls()).outputs().stream()
                        .map(OutputNames::modifier)
                        .toList(),
                modifier(groups.get(g.mp4()).outputs().get(0)),
                modifier(groups.get(g.thumbnails()).outputs().get(0)));
    }

    static String modifier(Output o) {
        return o.nameModifier() == null ? "" : o.nameModifier();
    }

    /** {@code assets/<assetId>/MP4/<name><mp4>.mp4}. */
    public String mp4Key(AssetLayout asset) {
        return asset.mp4Key(mp4);
    }

    /** The first frame capture, the poster: {@code assets/<assetId>/Thumbnails/<name><thumbnails>.0000000.jpg}. */
    public String posterKey(AssetLayout asset) {
        return asset.thumbnailKey(thumbnails, 0);
    }
}

package org.lmshls.local.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.lmshls.local.engine.EnginePlan.AudioRendition;
import org.lmshls.local.engine.EnginePlan.CaptionSource;
import org.lmshls.local.engine.EnginePlan.Hls;
import org.lmshls.local.engine.EnginePlan.HlsGroup;
import org.lmshls.local.engine.EnginePlan.Output;
import org.lmshls.local.engine.EnginePlan.Scale;
import org.lmshls.local.engine.EnginePlan.SubtitleRendition;
import org.lmshls.local.engine.EnginePlan.TrickPlay;
import org.lmshls.local.engine.EnginePlan.Variant;
import software.amazon.awssdk.services.mediaconvert.model.CaptionDestinationType;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.HlsAudioOnlyContainer;
import software.amazon.awssdk.services.mediaconvert.model.HlsAudioTrackType;
import software.amazon.awssdk.services.mediaconvert.model.HlsGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.HlsIFrameOnlyManifest;
import software.amazon.awssdk.services.mediaconvert.model.HlsImageBasedTrickPlay;
import software.amazon.awssdk.services.mediaconvert.model.HlsImageBasedTrickPlaySettings;
import software.amazon.awssdk.services.mediaconvert.model.HlsManifestDurationFormat;
import software.amazon.awssdk.services.mediaconvert.model.HlsSettings;
import software.amazon.awssdk.services.mediaconvert.model.HlsStreamInfResolution;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;

/**
 * An HLS_GROUP_SETTINGS group: video variants (with muxed audio, or pointing at an audio
 * rendition group), audio-only renditions, WebVTT subtitle renditions, and image-based trick play.
 */
final class HlsGroupPlanner {
    private HlsGroupPlanner() {}

    /** MediaConvert's default AudioGroupId. */
    static final String DEFAULT_AUDIO_GROUP = "program_audio";

    /** JPEG quality of the trick-play tiles (MediaConvert has no setting for it). */
    static final int TRICK_PLAY_QUALITY = 75;

    static HlsGroup plan(OutputGroup group, String name, String where, Encodes encodes, List<CaptionSource> captions)
            throws EngineException {
        HlsGroupSettings h = group.outputGroupSettings().hlsGroupSettings();
        String at = where + ".OutputGroupSettings.HlsGroupSettings";
        if (h == null || h.destination() == null) throw JobPlanner.unsupported(at + ".Destination is required");
        Hls hls = new Hls(
                h.segmentLength() == null ? 10 : h.segmentLength(),
                h.manifestDurationFormat() != HlsManifestDurationFormat.FLOATING_POINT,
                h.streamInfResolution() != HlsStreamInfResolution.EXCLUDE,
                trickPlay(h, at, encodes));
        List<Output> outputs = new ArrayList<>();
        for (int o = 0; o < group.outputs().size(); o++) {
            var output = group.outputs().get(o);
            String oat = where + ".Outputs[" + o + "]";
            String modifier = JobPlanner.modifier(group, o, oat);
            ContainerType container =
                    output.containerSettings() == null ? null : output.containerSettings().container();
            if (container != ContainerType.M3_U8) {
                throw JobPlanner.unsupported(oat + ".ContainerSettings.Container = "
                        + (container == null ? null : output.containerSettings().containerAsString())
                        + " (expected M3U8 in an HLS group)");
            }
            HlsSettings hs = output.outputSettings() == null ? null : output.outputSettings().hlsSettings();
            if (!output.captionDescriptions().isEmpty()) {
                outputs.add(subtitle(output, oat, modifier, captions));
            } else if (output.videoDescription() == null) {
                outputs.add(audioRendition(output, oat, modifier, hs, encodes));
            } else {
                outputs.add(variant(output, oat, modifier, hs, encodes));
            }
        }
        check(outputs, where);
        return new HlsGroup(name, h.destination(), hls, List.copyOf(outputs));
    }

    private static Optional<TrickPlay> trickPlay(HlsGroupSettings h, String at, Encodes encodes)
            throws EngineException {
        if (h.imageBasedTrickPlay() == null || h.imageBasedTrickPlay() == HlsImageBasedTrickPlay.NONE) {
            return Optional.empty();
        }
        HlsImageBasedTrickPlaySettings t = h.imageBasedTrickPlaySettings();
        String tat = at + ".ImageBasedTrickPlaySettings";
        if (t == null
                || t.thumbnailWidth() == null
                || t.thumbnailHeight() == null
                || t.thumbnailInterval() == null
                || t.tileWidth() == null
                || t.tileHeight() == null) {
            throw JobPlanner.unsupported(tat + ": the local engine needs ThumbnailWidth, ThumbnailHeight,"
                    + " ThumbnailInterval, TileWidth and TileHeight with ImageBasedTrickPlay ADVANCED");
        }
        if (t.thumbnailInterval() <= 0) throw JobPlanner.unsupported(tat + ".ThumbnailInterval must be positive");
        int scale = encodes.scale(new Scale(t.thumbnailWidth(), t.thumbnailHeight(), false, true));
        return Optional.of(
                new TrickPlay(scale, t.thumbnailInterval(), t.tileWidth(), t.tileHeight(), TRICK_PLAY_QUALITY));
    }

    private static Variant variant(
            software.amazon.awssdk.services.mediaconvert.model.Output output,
            String at,
            String modifier,
            HlsSettings hs,
            Encodes encodes)
            throws EngineException {
        var vd = output.videoDescription();
        if (vd.codecSettings() == null) throw JobPlanner.unsupported(at + ".VideoDescription.CodecSettings is required");
        int video = encodes.video(vd, at + ".VideoDescription");
        Optional<String> group = hs == null || hs.audioRenditionSets() == null || hs.audioRenditionSets().isBlank()
                ? Optional.empty()
                : Optional.of(hs.audioRenditionSets().strip());
        if (group.isPresent() && group.get().contains(",")) {
            throw JobPlanner.unsupported(at + ".OutputSettings.HlsSettings.AudioRenditionSets = " + group.get()
                    + " (the local engine supports one audio group per variant)");
        }
        OptionalInt muxed = OptionalInt.empty();
        if (output.audioDescriptions().size() > 1) {
            throw JobPlanner.unsupported(at + ".AudioDescriptions: at most one audio description per video output, found "
                    + output.audioDescriptions().size());
        }
        if (output.audioDescriptions().size() == 1) {
            if (group.isPresent()) {
                throw JobPlanner.unsupported(at + ": audio muxed into a variant that also names AudioRenditionSets");
            }
            muxed = OptionalInt.of(encodes.audio(output.audioDescriptions().get(0), at + ".AudioDescriptions[0]"));
        }
        boolean iFrames = hs != null && hs.iFrameOnlyManifest() == HlsIFrameOnlyManifest.INCLUDE;
        return new Variant(modifier, video, muxed, group, iFrames);
    }

    private static AudioRendition audioRendition(
            software.amazon.awssdk.services.mediaconvert.model.Output output,
            String at,
            String modifier,
            HlsSettings hs,
            Encodes encodes)
            throws EngineException {
        if (output.audioDescriptions().size() != 1) {
            throw JobPlanner.unsupported(at + ".AudioDescriptions: an audio-only output needs exactly one audio"
                    + " description (no VideoDescription), found " + output.audioDescriptions().size());
        }
        HlsAudioTrackType type = hs == null || hs.audioTrackType() == null
                ? HlsAudioTrackType.ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT
                : hs.audioTrackType();
        if (type == HlsAudioTrackType.AUDIO_ONLY_VARIANT_STREAM) {
            throw JobPlanner.unsupported(at + ".OutputSettings.HlsSettings.AudioTrackType = AUDIO_ONLY_VARIANT_STREAM"
                    + " (the local engine writes audio-only outputs as EXT-X-MEDIA audio renditions)");
        }
        if (hs == null || hs.audioOnlyContainer() != HlsAudioOnlyContainer.M2_TS) {
            throw JobPlanner.unsupported(at + ".OutputSettings.HlsSettings.AudioOnlyContainer must be M2TS"
                    + " (the local engine writes audio renditions as MPEG-TS segments)");
        }
        var ad = output.audioDescriptions().get(0);
        int audio = encodes.audio(ad, at + ".AudioDescriptions[0]");
        String groupId = hs.audioGroupId() == null || hs.audioGroupId().isBlank()
                ? DEFAULT_AUDIO_GROUP
                : hs.audioGroupId().strip();
        String name = ad.streamName() != null && !ad.streamName().isBlank() ? ad.streamName() : "Audio";
        return new AudioRendition(
                modifier,
                audio,
                groupId,
                name,
                type != HlsAudioTrackType.ALTERNATE_AUDIO_NOT_AUTO_SELECT,
                type == HlsAudioTrackType.ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT);
    }

    /** A captions-only output of an HLS group: one WebVTT description of one sidecar caption selector. */
    private static SubtitleRendition subtitle(
            software.amazon.awssdk.services.mediaconvert.model.Output output,
            String at,
            String modifier,
            List<CaptionSource> sources)
            throws EngineException {
        if (output.videoDescription() != null || !output.audioDescriptions().isEmpty()) {
            throw JobPlanner.unsupported(at + ": captions in a video or audio output (embedded or burned in) are not"
                    + " supported; use an output with CaptionDescriptions only");
        }
        if (output.captionDescriptions().size() != 1) {
            throw JobPlanner.unsupported(at + ".CaptionDescriptions: one description per subtitle output, found "
                    + output.captionDescriptions().size());
        }
        var d = output.captionDescriptions().get(0);
        if (d.destinationSettings() == null
                || d.destinationSettings().destinationType() != CaptionDestinationType.WEBVTT) {
            throw JobPlanner.unsupported(at + ".CaptionDescriptions[0].DestinationSettings.DestinationType must be WEBVTT");
        }
        int source = -1;
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).selectorName().equals(d.captionSelectorName())) source = i;
        }
        if (source < 0) {
            throw JobPlanner.unsupported(at + ".CaptionDescriptions[0].CaptionSelectorName = " + d.captionSelectorName()
                    + " names no caption selector of the input");
        }
        String language = d.customLanguageCode() != null
                ? d.customLanguageCode()
                : d.languageCode() != null ? d.languageCodeAsString() : "und";
        String name = d.languageDescription() != null ? d.languageDescription() : language;
        if (modifier.isEmpty()) throw JobPlanner.unsupported(at + ".NameModifier is required for a subtitle rendition");
        return new SubtitleRendition(modifier, source, language, name);
    }

    /** What only makes sense across the group's outputs. */
    private static void check(List<Output> outputs, String where) throws EngineException {
        boolean hasVariant = outputs.stream().anyMatch(o -> o instanceof Variant);
        if (!hasVariant && outputs.stream().anyMatch(o -> o instanceof SubtitleRendition)) {
            throw JobPlanner.unsupported(
                    where + ": subtitle renditions need a video rendition in the same HLS group to align with");
        }
        if (!hasVariant) {
            throw JobPlanner.unsupported(where + ": the local engine needs at least one video variant in an HLS group");
        }
        Set<String> audioGroups = outputs.stream()
                .filter(o -> o instanceof AudioRendition)
                .map(o -> ((AudioRendition) o).groupId())
                .collect(Collectors.toSet());
        for (Output o : outputs) {
            if (o instanceof Variant v && v.audioGroup().isPresent() && !audioGroups.contains(v.audioGroup().get())) {
                throw JobPlanner.unsupported(where + ": variant " + v.nameModifier() + " names audio group "
                        + v.audioGroup().get() + ", which no audio-only output of the group has");
            }
        }
    }
}

package org.lmshls.local.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.lmshls.local.engine.EnginePlan.AudioLanguage;
import org.lmshls.local.engine.EnginePlan.AudioRendition;
import org.lmshls.local.engine.EnginePlan.CaptionSource;
import org.lmshls.local.engine.EnginePlan.Hls;
import org.lmshls.local.engine.EnginePlan.HlsGroup;
import org.lmshls.local.engine.EnginePlan.Output;
import org.lmshls.local.engine.EnginePlan.Scale;
import org.lmshls.local.engine.EnginePlan.SubtitleRendition;
import org.lmshls.local.engine.EnginePlan.TrickPlay;
import org.lmshls.local.engine.EnginePlan.Variant;
import org.lmshls.local.engine.JobPlanner.OutputAt;
import software.amazon.awssdk.services.mediaconvert.model.AudioDescription;
import software.amazon.awssdk.services.mediaconvert.model.AudioLanguageCodeControl;
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
        for (OutputAt o : JobPlanner.outputs(group, where)) {
            o.requireContainer(ContainerType.M3_U8, "expected M3U8 in an HLS group");
            HlsSettings hs = o.output().outputSettings() == null
                    ? null
                    : o.output().outputSettings().hlsSettings();
            if (!o.output().captionDescriptions().isEmpty()) {
                outputs.add(subtitle(o, captions));
            } else if (o.output().videoDescription() == null) {
                outputs.add(audioRendition(o, hs, encodes));
            } else {
                outputs.add(variant(o, hs, encodes));
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

    private static Variant variant(OutputAt o, HlsSettings hs, Encodes encodes) throws EngineException {
        var output = o.output();
        String at = o.at();
        var vd = output.videoDescription();
        if (vd.codecSettings() == null)
            throw JobPlanner.unsupported(at + ".VideoDescription.CodecSettings is required");
        int video = encodes.video(vd, at + ".VideoDescription");
        Optional<String> group = hs == null
                        || hs.audioRenditionSets() == null
                        || hs.audioRenditionSets().isBlank()
                ? Optional.empty()
                : Optional.of(hs.audioRenditionSets().strip());
        if (group.isPresent() && group.get().contains(",")) {
            throw JobPlanner.unsupported(at + ".OutputSettings.HlsSettings.AudioRenditionSets = " + group.get()
                    + " (the local engine supports one audio group per variant)");
        }
        OptionalInt muxed = OptionalInt.empty();
        if (output.audioDescriptions().size() > 1) {
            throw JobPlanner.unsupported(
                    at + ".AudioDescriptions: at most one audio description per video output, found "
                            + output.audioDescriptions().size());
        }
        if (output.audioDescriptions().size() == 1) {
            if (group.isPresent()) {
                throw JobPlanner.unsupported(at + ": audio muxed into a variant that also names AudioRenditionSets");
            }
            muxed = OptionalInt.of(encodes.audio(output.audioDescriptions().get(0), at + ".AudioDescriptions[0]"));
        }
        boolean iFrames = hs != null && hs.iFrameOnlyManifest() == HlsIFrameOnlyManifest.INCLUDE;
        return new Variant(o.modifier(), video, muxed, group, iFrames);
    }

    private static AudioRendition audioRendition(OutputAt o, HlsSettings hs, Encodes encodes) throws EngineException {
        String at = o.at();
        var ad = o.onlyAudio("an audio-only output needs exactly one audio description (no VideoDescription)");
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
        int audio = encodes.audio(ad, at + ".AudioDescriptions[0]");
        String groupId = hs.audioGroupId() == null || hs.audioGroupId().isBlank()
                ? DEFAULT_AUDIO_GROUP
                : hs.audioGroupId().strip();
        String name = ad.streamName() != null && !ad.streamName().isBlank() ? ad.streamName() : "Audio";
        return new AudioRendition(
                o.modifier(),
                audio,
                groupId,
                name,
                language(ad),
                type != HlsAudioTrackType.ALTERNATE_AUDIO_NOT_AUTO_SELECT,
                type == HlsAudioTrackType.ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT);
    }

    /** The rendition's LANGUAGE as the AudioDescription's LanguageCodeControl, CustomLanguageCode and LanguageCode set it. */
    static AudioLanguage language(AudioDescription ad) {
        Optional<String> configured =
                ad.customLanguageCode() != null && !ad.customLanguageCode().isBlank()
                        ? Optional.of(ad.customLanguageCode().strip())
                        : Optional.ofNullable(ad.languageCodeAsString()).map(c -> c.toLowerCase(Locale.ROOT));
        return new AudioLanguage(ad.languageCodeControl() != AudioLanguageCodeControl.USE_CONFIGURED, configured);
    }

    /** A captions-only output of an HLS group: one WebVTT description of one sidecar caption selector. */
    private static SubtitleRendition subtitle(OutputAt o, List<CaptionSource> sources) throws EngineException {
        var output = o.output();
        String at = o.at();
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
            throw JobPlanner.unsupported(
                    at + ".CaptionDescriptions[0].DestinationSettings.DestinationType must be WEBVTT");
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
        if (o.modifier().isEmpty())
            throw JobPlanner.unsupported(at + ".NameModifier is required for a subtitle rendition");
        return new SubtitleRendition(o.modifier(), source, language, name);
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
            if (o instanceof Variant v
                    && v.audioGroup().isPresent()
                    && !audioGroups.contains(v.audioGroup().get())) {
                throw JobPlanner.unsupported(where + ": variant " + v.nameModifier() + " names audio group "
                        + v.audioGroup().get() + ", which no audio-only output of the group has");
            }
        }
    }
}

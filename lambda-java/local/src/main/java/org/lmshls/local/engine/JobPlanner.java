package org.lmshls.local.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lmshls.local.engine.EnginePlan.CaptionFormat;
import org.lmshls.local.engine.EnginePlan.CaptionSource;
import org.lmshls.local.engine.EnginePlan.Group;
import software.amazon.awssdk.services.mediaconvert.model.AudioDescription;
import software.amazon.awssdk.services.mediaconvert.model.AudioSelector;
import software.amazon.awssdk.services.mediaconvert.model.CaptionSourceType;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.InputRotate;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;

/**
 * JobSettings → {@link EnginePlan}: checks every setting ({@link SupportedSettings}), reads the
 * input, then plans each output group by its type ({@link HlsGroupPlanner}, {@link
 * FileGroupPlanner}) while {@link Encodes} removes the repeated work.
 */
public final class JobPlanner {

    private JobPlanner() {}

    public static EnginePlan plan(JobSettings settings) throws EngineException {
        SupportedSettings.check(settings);
        if (settings.inputs().size() != 1) {
            throw unsupported("Inputs: the local engine supports exactly one input, the job has "
                    + settings.inputs().size());
        }
        Input input = settings.inputs().get(0);
        if (input.fileInput() == null) throw unsupported("Inputs[0].FileInput is required");
        Map<String, AudioSelector> selectors = input.audioSelectors();
        if (selectors.size() > 1) {
            throw unsupported("Inputs[0].AudioSelectors: the local engine supports one audio selector, the job has "
                    + selectors.size());
        }
        boolean autoRotate =
                input.videoSelector() != null && input.videoSelector().rotate() == InputRotate.AUTO;
        List<CaptionSource> captionSources = captionSources(input);

        Encodes encodes = new Encodes(selectors.keySet());
        List<Group> groups = new ArrayList<>();
        if (settings.outputGroups().isEmpty()) throw unsupported("OutputGroups: the job has no output groups");
        for (int g = 0; g < settings.outputGroups().size(); g++) {
            OutputGroup group = settings.outputGroups().get(g);
            String where = "OutputGroups[" + g + "]";
            var gs = group.outputGroupSettings();
            if (gs == null || gs.type() == null) throw unsupported(where + ".OutputGroupSettings.Type is required");
            if (group.outputs().isEmpty()) throw unsupported(where + ".Outputs: the group has no outputs");
            String name = group.customName() != null ? group.customName() : group.name();
            groups.add(
                    gs.type() == OutputGroupType.HLS_GROUP_SETTINGS
                            ? HlsGroupPlanner.plan(group, name, where, encodes, captionSources)
                            : FileGroupPlanner.plan(group, name, where, encodes));
        }
        return new EnginePlan(
                input.fileInput(),
                autoRotate,
                List.copyOf(encodes.scales),
                List.copyOf(encodes.videos),
                List.copyOf(encodes.audios),
                List.copyOf(groups),
                captionSources);
    }

    /** The input's sidecar caption files (caption selectors with a source file). */
    private static List<CaptionSource> captionSources(Input input) throws EngineException {
        List<CaptionSource> out = new ArrayList<>();
        for (var e : input.captionSelectors().entrySet()) {
            String at = "Inputs[0].CaptionSelectors." + e.getKey();
            var src = e.getValue().sourceSettings();
            if (src == null
                    || src.fileSourceSettings() == null
                    || src.fileSourceSettings().sourceFile() == null) {
                throw unsupported(at + ".SourceSettings.FileSourceSettings.SourceFile is required"
                        + " (the local engine reads sidecar caption files only)");
            }
            CaptionFormat format =
                    switch (src.sourceType() == null ? CaptionSourceType.UNKNOWN_TO_SDK_VERSION : src.sourceType()) {
                        case SRT -> CaptionFormat.SRT;
                        case WEBVTT -> CaptionFormat.WEBVTT;
                        default ->
                            throw unsupported(at + ".SourceSettings.SourceType = " + src.sourceTypeAsString()
                                    + " (supported: WEBVTT, SRT)");
                    };
            out.add(new CaptionSource(e.getKey(), src.fileSourceSettings().sourceFile(), format));
        }
        return List.copyOf(out);
    }

    /**
     * One output of a group as its planner reads it: the SDK's output, its path in the settings (for
     * messages) and its name modifier.
     */
    record OutputAt(Output output, String at, String modifier) {
        ContainerType container() {
            return output.containerSettings() == null
                    ? null
                    : output.containerSettings().container();
        }

        /** Fails unless the output's container is {@code expected} ({@code why} says where it is expected). */
        void requireContainer(ContainerType expected, String why) throws EngineException {
            if (container() != expected) {
                throw unsupported(at + ".ContainerSettings.Container = "
                        + (container() == null
                                ? null
                                : output.containerSettings().containerAsString())
                        + " (" + why + ")");
            }
        }

        /** The output's one audio description; {@code rule} says why there must be exactly one. */
        AudioDescription onlyAudio(String rule) throws EngineException {
            if (output.audioDescriptions().size() != 1) {
                throw unsupported(at + ".AudioDescriptions: " + rule + ", found "
                        + output.audioDescriptions().size());
            }
            return output.audioDescriptions().get(0);
        }
    }

    /** The group's outputs in order; a name modifier is required when the group has more than one. */
    static List<OutputAt> outputs(OutputGroup group, String where) throws EngineException {
        List<OutputAt> out = new ArrayList<>();
        for (int o = 0; o < group.outputs().size(); o++) {
            Output output = group.outputs().get(o);
            String at = where + ".Outputs[" + o + "]";
            String modifier = output.nameModifier() == null ? "" : output.nameModifier();
            if (group.outputs().size() > 1 && modifier.isEmpty()) {
                throw unsupported(at + ".NameModifier is required when a group has more than one output");
            }
            out.add(new OutputAt(output, at, modifier));
        }
        return out;
    }

    static EngineException unsupported(String message) {
        return new EngineException(EngineException.UNSUPPORTED_SETTINGS, "Unsupported job settings: " + message);
    }
}

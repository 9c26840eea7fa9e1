package org.lmshls.local.engine;

import java.util.ArrayList;
import java.util.List;
import org.lmshls.local.engine.EnginePlan.FileGroup;
import org.lmshls.local.engine.EnginePlan.FrameCapture;
import org.lmshls.local.engine.EnginePlan.Mp4;
import org.lmshls.local.engine.EnginePlan.Output;
import org.lmshls.local.engine.JobPlanner.OutputAt;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.FrameCaptureSettings;
import software.amazon.awssdk.services.mediaconvert.model.Mp4MoovPlacement;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;
import software.amazon.awssdk.services.mediaconvert.model.VideoDescription;

/** A FILE_GROUP_SETTINGS group: MP4 files (H.264 + AAC) and frame captures (RAW + FRAME_CAPTURE). */
final class FileGroupPlanner {
    private FileGroupPlanner() {}

    static FileGroup plan(OutputGroup group, String name, String where, Encodes encodes) throws EngineException {
        var fs = group.outputGroupSettings().fileGroupSettings();
        if (fs == null || fs.destination() == null) {
            throw JobPlanner.unsupported(where + ".OutputGroupSettings.FileGroupSettings.Destination is required");
        }
        List<Output> outputs = new ArrayList<>();
        for (OutputAt o : JobPlanner.outputs(group, where)) {
            var output = o.output();
            String at = o.at();
            if (!output.captionDescriptions().isEmpty()) {
                throw JobPlanner.unsupported(at + ".CaptionDescriptions: the local engine writes captions as"
                        + " WebVTT renditions of an HLS group (Container M3U8) only");
            }
            VideoDescription vd = output.videoDescription();
            if (vd == null || vd.codecSettings() == null) {
                throw JobPlanner.unsupported(at + ".VideoDescription.CodecSettings is required in a file group");
            }
            if (vd.codecSettings().codec() == VideoCodec.FRAME_CAPTURE) {
                if (o.container() != ContainerType.RAW)
                    throw JobPlanner.unsupported(at + ": FRAME_CAPTURE needs a file group output with Container RAW");
                if (!output.audioDescriptions().isEmpty())
                    throw JobPlanner.unsupported(at + ".AudioDescriptions: a frame capture output has no audio");
                FrameCaptureSettings fc = vd.codecSettings().frameCaptureSettings();
                if (fc == null)
                    throw JobPlanner.unsupported(
                            at + ".VideoDescription.CodecSettings.FrameCaptureSettings is required");
                outputs.add(new FrameCapture(
                        o.modifier(),
                        encodes.scale(vd, at + ".VideoDescription"),
                        Encodes.or(fc.framerateNumerator(), 1),
                        Encodes.or(fc.framerateDenominator(), 1),
                        Encodes.or(fc.maxCaptures(), 10_000),
                        Encodes.or(fc.quality(), 80)));
                continue;
            }
            o.requireContainer(ContainerType.MP4, "expected MP4 in this group");
            int video = encodes.video(vd, at + ".VideoDescription");
            int audio = encodes.audio(
                    o.onlyAudio("the local engine supports exactly one audio description per MP4 output"),
                    at + ".AudioDescriptions[0]");
            var mp4 = output.containerSettings().mp4Settings();
            boolean moovFront = mp4 == null || mp4.moovPlacement() != Mp4MoovPlacement.NORMAL;
            outputs.add(new Mp4(o.modifier(), video, audio, moovFront));
        }
        return new FileGroup(name, fs.destination(), List.copyOf(outputs));
    }
}

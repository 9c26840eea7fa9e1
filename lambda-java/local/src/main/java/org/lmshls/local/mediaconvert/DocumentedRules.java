package org.lmshls.local.mediaconvert;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.mediaconvert.model.AudioDescription;
import software.amazon.awssdk.services.mediaconvert.model.CaptionDescription;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.H264FramerateControl;
import software.amazon.awssdk.services.mediaconvert.model.H264GopSizeUnits;
import software.amazon.awssdk.services.mediaconvert.model.H264ParControl;
import software.amazon.awssdk.services.mediaconvert.model.H264RateControlMode;
import software.amazon.awssdk.services.mediaconvert.model.H264Settings;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;

/**
 * The rules MediaConvert states in prose rather than in its model's shapes, for the settings this
 * project uses: a request that breaks one is refused by the service at CreateJob. Each rule cites
 * where AWS states it. The API reference's job page
 * (https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html) carries the same
 * member documentation as the service model botocore ships; where a rule is also in the user
 * guide, that page is named too.
 */
final class DocumentedRules {
    /** Input.captionSelectors: "You can use up to 100 captions selectors per input." (API reference, Input). */
    static final int MAX_CAPTION_SELECTORS = 100;

    private DocumentedRules() {}

    /** The violations, each with the wire path of the member at fault (as the service names it). */
    static List<String> check(CreateJobRequest request) {
        List<String> out = new ArrayList<>();
        JobSettings s = request.settings();
        if (s == null) return out;
        Set<String> captionSelectors = new HashSet<>();
        Set<String> audioSelectors = new HashSet<>();
        for (int i = 0; i < s.inputs().size(); i++) {
            Input in = s.inputs().get(i);
            String at = "/settings/inputs/" + i;
            // API reference, Input.captionSelectors: up to 100 captions selectors per input.
            if (in.captionSelectors().size() > MAX_CAPTION_SELECTORS) {
                out.add(at + "/captionSelectors: should have at most " + MAX_CAPTION_SELECTORS
                        + " captions selectors per input, has "
                        + in.captionSelectors().size());
            }
            // API reference, Input.videoGenerator: "You can specify Video generator, or you can specify an Input
            // file, but you cannot specify both." (user guide:
            // https://docs.aws.amazon.com/mediaconvert/latest/ug/video-generator.html)
            if (in.videoGenerator() != null && in.fileInput() != null) {
                out.add(at + "/videoGenerator: cannot be used together with fileInput");
            }
            if (i == 0) {
                captionSelectors.addAll(in.captionSelectors().keySet());
                audioSelectors.addAll(in.audioSelectors().keySet());
                audioSelectors.addAll(in.audioSelectorGroups().keySet());
            }
        }
        for (int g = 0; g < s.outputGroups().size(); g++) {
            OutputGroup group = s.outputGroups().get(g);
            String gat = "/settings/outputGroups/" + g;
            for (int o = 0; o < group.outputs().size(); o++) {
                Output output = group.outputs().get(o);
                String at = gat + "/outputs/" + o;
                // API reference, Output.nameModifier: "When you create multiple outputs in the same output group,
                // Name modifier is required." (user guide:
                // https://docs.aws.amazon.com/mediaconvert/latest/ug/output-settings.html)
                if (group.outputs().size() > 1
                        && (output.nameModifier() == null
                                || output.nameModifier().isEmpty())) {
                    out.add(at + "/nameModifier: is required when an output group has more than one output");
                }
                for (int c = 0; c < output.captionDescriptions().size(); c++) {
                    CaptionDescription d = output.captionDescriptions().get(c);
                    // API reference, CaptionDescription.captionSelectorName: which caption selector of the input to
                    // use (user guide: https://docs.aws.amazon.com/mediaconvert/latest/ug/including-captions.html,
                    // "setting up the captions selectors" then "the captions tab of each output").
                    if (d.captionSelectorName() != null && !captionSelectors.contains(d.captionSelectorName())) {
                        out.add(at + "/captionDescriptions/" + c + "/captionSelectorName: \"" + d.captionSelectorName()
                                + "\" is not a captions selector of the input " + captionSelectors);
                    }
                }
                for (int a = 0; a < output.audioDescriptions().size(); a++) {
                    AudioDescription d = output.audioDescriptions().get(a);
                    // API reference, AudioDescription.audioSourceName: an audio selector of the input, by name.
                    if (d.audioSourceName() != null
                            && !audioSelectors.isEmpty()
                            && !audioSelectors.contains(d.audioSourceName())) {
                        out.add(at + "/audioDescriptions/" + a + "/audioSourceName: \"" + d.audioSourceName()
                                + "\" is not an audio selector of the input " + audioSelectors);
                    }
                }
                if (output.videoDescription() != null
                        && output.videoDescription().codecSettings() != null
                        && output.videoDescription().codecSettings().h264Settings() != null) {
                    h264(
                            output.videoDescription().codecSettings().h264Settings(),
                            at + "/videoDescription/codecSettings/h264Settings",
                            out);
                }
            }
        }
        return out;
    }

    /** H264Settings, from the API reference's member documentation (same text as the service model's). */
    private static void h264(H264Settings h, String at, List<String> out) {
        H264RateControlMode mode = h.rateControlMode();
        // MaxBitrate: "Required when Rate control mode is QVBR."
        if (mode == H264RateControlMode.QVBR && h.maxBitrate() == null)
            out.add(at + "/maxBitrate: is required when rateControlMode is QVBR");
        // Bitrate: "Required for VBR and CBR."
        if ((mode == H264RateControlMode.CBR || mode == H264RateControlMode.VBR) && h.bitrate() == null)
            out.add(at + "/bitrate: is required when rateControlMode is " + mode);
        // QvbrSettings: "Use these settings only when you set QVBR for Rate control mode."
        if (h.qvbrSettings() != null && mode != null && mode != H264RateControlMode.QVBR)
            out.add(at + "/qvbrSettings: can only be used when rateControlMode is QVBR, not " + mode);
        // ParNumerator/ParDenominator: "Required when you set Pixel aspect ratio to SPECIFIED."
        if (h.parControl() == H264ParControl.SPECIFIED && (h.parNumerator() == null || h.parDenominator() == null))
            out.add(at + ": parNumerator and parDenominator are required when parControl is SPECIFIED");
        // FramerateControl SPECIFIED: the frame rate is given as FramerateNumerator / FramerateDenominator.
        if (h.framerateControl() == H264FramerateControl.SPECIFIED
                && (h.framerateNumerator() == null || h.framerateDenominator() == null))
            out.add(at
                    + ": framerateNumerator and framerateDenominator are required when framerateControl is SPECIFIED");
        // GopSize: "Use this setting only when you set GOP mode control to Specified, frames or Specified, seconds."
        if (h.gopSize() != null && h.gopSizeUnits() == H264GopSizeUnits.AUTO)
            out.add(at + "/gopSize: can only be used when gopSizeUnits is FRAMES or SECONDS, not AUTO");
    }
}

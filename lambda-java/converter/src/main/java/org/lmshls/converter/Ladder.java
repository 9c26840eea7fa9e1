package org.lmshls.converter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.mediaconvert.model.Container;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.ProbeResponse;
import software.amazon.awssdk.services.mediaconvert.model.ProbeResult;
import software.amazon.awssdk.services.mediaconvert.model.Track;
import software.amazon.awssdk.services.mediaconvert.model.TrackType;
import software.amazon.awssdk.services.mediaconvert.model.VideoDescription;
import software.amazon.awssdk.services.mediaconvert.model.VideoProperties;

/**
 * The source-aware ladder (issue 17.2, PLAN C6): which of the template's HLS video renditions a
 * job keeps, given what MediaConvert's Probe said about the input. The rungs are the HLS group's
 * outputs that have a video height; everything else in the group (an audio-only rendition,
 * captions) is kept as it is. Pure; the template decides the rungs, their order and their names.
 *
 * <ul>
 *   <li>Probed: every rung no taller than the source (so the 1080 rung only for a source at least
 *       1080 tall). A source smaller than the lowest rung gets one rendition: the lowest rung at
 *       the source's own size (even, as H.264 4:2:0 needs).
 *   <li>Probe failed or said nothing about video: every rung below {@value #FULL_HD} lines, which
 *       is the seed's ladder.
 * </ul>
 */
public final class Ladder {

    /** Rungs at least this tall need a source at least as tall; without a probe they are left out. */
    public static final int FULL_HD = 1080;

    private Ladder() {}

    /** What the probe said about the input's video, or why there is nothing. */
    public record Source(Integer width, Integer height, Double durationSeconds, String unknownBecause) {
        public static Source of(int width, int height, Double durationSeconds) {
            return new Source(width, height, durationSeconds, null);
        }

        public static Source unknown(String why) {
            return new Source(null, null, null, why);
        }

        public boolean known() {
            return height != null && width != null && height > 0 && width > 0;
        }
    }

    /** The probe's first video track (its size) and the container's duration. */
    public static Source from(ProbeResponse probe) {
        if (probe == null || !probe.hasProbeResults() || probe.probeResults().isEmpty()) {
            return Source.unknown("Probe returned no results");
        }
        ProbeResult result = probe.probeResults().get(0);
        Container c = result.container();
        if (c == null || !c.hasTracks()) {
            return Source.unknown("Probe found no tracks");
        }
        Double duration = c.duration();
        for (Track t : c.tracks()) {
            VideoProperties v = t.videoProperties();
            if (t.trackType() == TrackType.VIDEO && v != null && v.width() != null && v.height() != null) {
                return new Source(v.width(), v.height(), duration != null ? duration : t.duration(), null);
            }
        }
        return new Source(null, null, duration, "Probe found no video track");
    }

    /** The HLS group's outputs for this source, in template order. */
    public static List<Output> fit(List<Output> hlsOutputs, Source source) {
        List<Output> rungs =
                hlsOutputs.stream().filter(o -> height(o).isPresent()).toList();
        if (rungs.isEmpty()) {
            return hlsOutputs;
        }
        List<Output> out = new ArrayList<>();
        if (!source.known()) {
            for (Output o : hlsOutputs) {
                if (height(o).map(h -> h < FULL_HD).orElse(true)) {
                    out.add(o);
                }
            }
            return out;
        }
        boolean anyFits = rungs.stream().anyMatch(o -> height(o).get() <= source.height());
        Output lowest = rungs.stream()
                .min(Comparator.comparingInt(o -> height(o).get()))
                .orElseThrow();
        for (Output o : hlsOutputs) {
            Optional<Integer> h = height(o);
            if (h.isEmpty()) {
                out.add(o);
            } else if (anyFits && h.get() <= source.height()) {
                out.add(o);
            } else if (!anyFits && o == lowest) {
                out.add(atSourceSize(o, source));
            }
        }
        return out;
    }

    /** The video heights of the renditions a fitted group keeps, for log lines. */
    public static List<Integer> heights(List<Output> outputs) {
        return outputs.stream().flatMap(o -> height(o).stream()).toList();
    }

    private static Output atSourceSize(Output o, Source source) {
        VideoDescription v = o.videoDescription().toBuilder()
                .width(even(source.width()))
                .height(even(source.height()))
                .build();
        return o.toBuilder().videoDescription(v).build();
    }

    private static int even(int n) {
        return Math.max(2, n - n % 2);
    }

    private static Optional<Integer> height(Output o) {
        return o.videoDescription() == null
                ? Optional.empty()
                : Optional.ofNullable(o.videoDescription().height());
    }
}

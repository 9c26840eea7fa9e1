package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.ProbeResponse;
import software.amazon.awssdk.services.mediaconvert.model.TrackType;

/**
 * The source-aware ladder against a template with the C6 rungs (mid rung first, _234 and _1080
 * added, an audio-only rendition): which renditions a job keeps for each kind of source.
 */
class LadderTest {

    static final List<Output> C6 = JobTemplate.read(Path.of("src/test/resources/templates/ladder-c6.json"))
            .outputGroups()
            .get(0)
            .outputs();
    static final List<Output> SEED = JobTemplate.bundled().outputGroups().get(0).outputs();

    static String fitted(List<Output> outputs, Ladder.Source source) {
        return Ladder.fit(outputs, source).stream()
                .map(o -> o.nameModifier()
                        + (o.videoDescription() == null
                                ? ""
                                : ":" + o.videoDescription().width() + "x"
                                        + o.videoDescription().height()))
                .collect(Collectors.joining(" "));
    }

    @Test
    void theLadderFollowsTheSource() {
        Object[][] table = {
            // source                                   | renditions kept, in template order
            {
                Ladder.Source.of(1920, 1080, 60.0),
                "_540:960x540 _234:416x234 _360:640x360 _720:1280x720 _1080:1920x1080 _audio"
            },
            {
                Ladder.Source.of(3840, 2160, 60.0),
                "_540:960x540 _234:416x234 _360:640x360 _720:1280x720 _1080:1920x1080 _audio"
            },
            {Ladder.Source.of(1280, 720, 60.0), "_540:960x540 _234:416x234 _360:640x360 _720:1280x720 _audio"},
            {Ladder.Source.of(1440, 1079, 60.0), "_540:960x540 _234:416x234 _360:640x360 _720:1280x720 _audio"},
            {Ladder.Source.of(854, 480, 60.0), "_234:416x234 _360:640x360 _audio"},
            {Ladder.Source.of(640, 272, 60.0), "_234:416x234 _audio"},
            {Ladder.Source.of(176, 144, 60.0), "_234:176x144 _audio"},
            {Ladder.Source.of(175, 99, 60.0), "_234:174x98 _audio"},
            {Ladder.Source.of(24, 17, 60.0), "_234:32x32 _audio"},
            {
                Ladder.Source.of(1080, 1920, 60.0),
                "_540:960x540 _234:416x234 _360:640x360 _720:1280x720 _1080:1920x1080 _audio"
            },
            {Ladder.Source.unknown("Probe failed"), "_540:960x540 _234:416x234 _360:640x360 _720:1280x720 _audio"},
        };
        for (Object[] row : table) {
            assertEquals(row[1], fitted(C6, (Ladder.Source) row[0]), String.valueOf(row[0]));
        }
    }

    /**
     * Against the REAL template (job-templates/hls-abr.json, whatever its rungs are today): the
     * seed's three rungs (640x360, 960x540, 1280x720) stay for every source at least 720 tall and
     * without a probe, the 1080 rung only for a source at least 1080 tall, the audio-only
     * rendition always, and a source below the lowest rung gets one rendition at its own size.
     */
    @Test
    void theSeedTemplatesThreeRungsStayForASourceAtLeast720Tall() {
        List<String> seed = List.of("640x360", "960x540", "1280x720");
        Ladder.Source[] tall = {
            Ladder.Source.of(1280, 720, 1.0),
            Ladder.Source.of(1440, 1079, 1.0),
            Ladder.Source.of(1920, 1080, 1.0),
            Ladder.Source.of(3840, 2160, 1.0),
            Ladder.Source.unknown("x"),
        };
        for (Ladder.Source source : tall) {
            List<Output> kept = Ladder.fit(SEED, source);
            List<String> sizes = sizes(kept);
            assertTrue(sizes.containsAll(seed), source + ": " + sizes);
            assertEquals(source.known() && source.height() >= 1080, sizes.contains("1920x1080"), source + ": " + sizes);
            assertEquals(1, audioOnly(kept), source + ": the audio rendition is kept");
        }
        assertEquals(
                List.of("960x540", "640x360", "416x234"), sizes(Ladder.fit(SEED, Ladder.Source.of(960, 540, 1.0))));
        List<Output> tiny = Ladder.fit(SEED, Ladder.Source.of(320, 180, 1.0));
        assertEquals(List.of("320x180"), sizes(tiny));
        assertEquals(1, audioOnly(tiny));
        // Every kept rung's audio rendition set names an audio group that a kept output defines.
        for (Ladder.Source source :
                new Ladder.Source[] {Ladder.Source.of(320, 180, 1.0), Ladder.Source.of(1920, 1080, 1.0)}) {
            List<Output> kept = Ladder.fit(SEED, source);
            java.util.Set<String> groups = kept.stream()
                    .filter(o -> o.videoDescription() == null)
                    .map(o -> o.outputSettings().hlsSettings().audioGroupId())
                    .collect(Collectors.toSet());
            for (Output o : kept) {
                if (o.videoDescription() != null) {
                    String sets = o.outputSettings().hlsSettings().audioRenditionSets();
                    assertTrue(
                            sets == null || groups.containsAll(List.of(sets.split(","))),
                            o.nameModifier() + " -> " + sets);
                }
            }
        }
    }

    @Test
    void theMp4AndTheFrameCapturesAreNoLargerThanASmallSource() {
        Output mp4 = JobTemplate.bundled().outputGroups().stream()
                .filter(g -> g.outputGroupSettings().fileGroupSettings() != null)
                .findFirst()
                .orElseThrow()
                .outputs()
                .get(0);
        assertEquals(List.of("1280x720"), sizes(List.of(Ladder.noUpscale(mp4, Ladder.Source.of(1920, 1080, 1.0)))));
        assertEquals(List.of("1280x720"), sizes(List.of(Ladder.noUpscale(mp4, Ladder.Source.unknown("x")))));
        assertEquals(List.of("1280x720"), sizes(List.of(Ladder.noUpscale(mp4, Ladder.Source.of(1280, 720, 1.0)))));
        assertEquals(List.of("854x480"), sizes(List.of(Ladder.noUpscale(mp4, Ladder.Source.of(854, 480, 1.0)))));
        assertEquals(List.of("174x98"), sizes(List.of(Ladder.noUpscale(mp4, Ladder.Source.of(175, 99, 1.0)))));
    }

    static List<String> sizes(List<Output> outputs) {
        return outputs.stream()
                .filter(o -> o.videoDescription() != null)
                .map(o -> o.videoDescription().width() + "x"
                        + o.videoDescription().height())
                .toList();
    }

    static long audioOnly(List<Output> outputs) {
        return outputs.stream()
                .filter(o -> o.videoDescription() == null && o.hasAudioDescriptions())
                .count();
    }

    @Test
    void theProbesFirstVideoTrackGivesTheSourceAndTheContainerItsDuration() {
        ProbeResponse probe = ProbeResponse.builder()
                .probeResults(r -> r.container(c -> c.duration(12.5)
                        .tracks(
                                t -> t.trackType(TrackType.AUDIO),
                                t -> t.trackType(TrackType.VIDEO)
                                        .videoProperties(v -> v.width(854).height(480)))))
                .build();
        assertEquals(Ladder.Source.of(854, 480, 12.5), Ladder.from(probe));
        assertEquals(false, Ladder.from(ProbeResponse.builder().build()).known());
        assertEquals(
                false,
                Ladder.from(ProbeResponse.builder()
                                .probeResults(r -> r.container(c -> c.tracks(t -> t.trackType(TrackType.AUDIO))))
                                .build())
                        .known());
    }
}

package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void theSeedTemplatesThreeRungsStayForASourceAtLeast720Tall() {
        assertEquals("_360:640x360 _540:960x540 _720:1280x720", fitted(SEED, Ladder.Source.of(1280, 720, 1.0)));
        assertEquals("_360:640x360 _540:960x540 _720:1280x720", fitted(SEED, Ladder.Source.unknown("x")));
        assertEquals("_360:640x360 _540:960x540", fitted(SEED, Ladder.Source.of(960, 540, 1.0)));
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

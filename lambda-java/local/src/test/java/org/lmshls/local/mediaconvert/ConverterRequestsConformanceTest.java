package org.lmshls.local.mediaconvert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lmshls.converter.AssetLayout;
import org.lmshls.converter.Captions;
import org.lmshls.converter.ConverterConfig;
import org.lmshls.converter.JobRequestFactory;
import org.lmshls.converter.Ladder;
import org.lmshls.converter.S3Upload;
import org.lmshls.converter.VideoSuffixes;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;

/**
 * Every CreateJob request the converter builds for the uploads its own tests use (the recorded S3
 * events under {@code converter/src/test/resources/events}: plain, nested, awkward keys) and for
 * every caption case (the files of the converter's caption tests, and tags and suffixes people
 * really upload) conforms to MediaConvert's published service model, read from the installed
 * botocore, and to the rules its documentation states ({@link DocumentedRules}). The converter is
 * called as the handler calls it: {@link Captions#forStem} then {@link JobRequestFactory#build}.
 */
class ConverterRequestsConformanceTest {
    static final Path EVENTS = Path.of("..", "converter", "src", "test", "resources", "events");
    static final String INPUT = "input-bucket-terraform-lms-hls-streaming";
    static final ObjectMapper JSON = new ObjectMapper();

    static ServiceModel model;
    static JobRequestFactory factory;
    static final Captions CAPTIONS = Captions.bundled();
    static final VideoSuffixes SUFFIXES = VideoSuffixes.bundled();

    @BeforeAll
    static void load() {
        model = ServiceModel.installed()
                .orElseThrow(() -> new AssertionError("MediaConvert's service model was not found: install botocore"
                        + " (pip install botocore; it comes with the AWS CLI and moto) or set "
                        + ServiceModel.ENVIRONMENT + " to its " + ServiceModel.BOTOCORE_PATH));
        factory = new JobRequestFactory(
                JobTemplate.bundled(),
                new ConverterConfig(
                        "output-bucket-terraform-lms-hls-streaming",
                        "arn:aws:iam::123456789012:role/MediaConvertRole",
                        "lms-hls",
                        "us-east-1"));
    }

    @Test
    void theInstalledBotocoreShipsMediaConvertsModelWithCreateJobAndProbe() {
        assertEquals("CreateJobRequest", model.inputShape("CreateJob"));
        assertEquals("ProbeRequest", model.inputShape("Probe"));
    }

    /** Each video upload in the converter's recorded events, as (fixture, record index). */
    static Stream<Arguments> recordedUploads() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(EVENTS)) {
            for (Path f : files.sorted().toList()) {
                JsonNode records = JSON.readTree(f.toFile()).path("Records");
                for (int i = 0; i < records.size(); i++) {
                    JsonNode r = records.get(i);
                    if (!r.path("eventName").asText().startsWith("ObjectCreated:")) continue;
                    String key = S3Upload.decodeKey(
                            r.path("s3").path("object").path("key").asText());
                    if (SUFFIXES.match(key).isEmpty()) continue;
                    out.add(Arguments.of(f.getFileName().toString(), i));
                }
            }
        }
        assertTrue(out.size() >= 10, "the converter's fixtures hold a dozen video uploads, found " + out.size());
        return out.stream();
    }

    @ParameterizedTest(name = "{0} record {1}")
    @MethodSource("recordedUploads")
    void theRequestForEachRecordedUploadConforms(String fixture, int record) throws IOException {
        JsonNode s3 = JSON.readTree(EVENTS.resolve(fixture).toFile())
                .path("Records")
                .get(record)
                .path("s3");
        JsonNode o = s3.path("object");
        S3Upload upload = new S3Upload(
                s3.path("bucket").path("name").asText(),
                S3Upload.decodeKey(o.path("key").asText()),
                text(o, "versionId"),
                text(o, "sequencer"),
                text(o, "eTag"));
        Optional<AssetLayout> asset = asset(upload.key());
        if (asset.isEmpty()) return; // a key the converter refuses is skipped, never submitted
        assertConforms(factory.build(upload, asset.get()));
    }

    /** Caption files next to {@code intro.mp4}: what the converter's caption tests upload, and tags people use. */
    static Stream<Arguments> captionCases() {
        // More than 100 languages (some ISO codes are aliases of one another, so take a margin).
        List<String> many = Arrays.stream(Locale.getISOLanguages())
                .limit(DocumentedRules.MAX_CAPTION_SELECTORS + 20)
                .map(l -> "intro." + l + ".vtt")
                .toList();
        return Stream.of(
                Arguments.of("one WebVTT", List.of("intro.en.vtt")),
                Arguments.of("SRT and WebVTT, default language", List.of("intro.de.srt", "intro.vtt", "intro.en.srt")),
                Arguments.of(
                        "three languages among look-alikes",
                        List.of("intro.de.srt", "intro.vtt", "intro2.en.vtt", "intro.fr.vtt", "intro.pt-br.vtt")),
                Arguments.of("upper-case suffix", List.of("intro.en.VTT", "intro.de.SRT")),
                Arguments.of("region tag with digits (Latin-American Spanish)", List.of("intro.es-419.vtt")),
                Arguments.of("region tag with digits (world English)", List.of("intro.en-001.vtt")),
                Arguments.of("variant tag with digits", List.of("intro.de-CH-1901.vtt")),
                Arguments.of("mixed-case suffix", List.of("intro.fr.Vtt")),
                Arguments.of("more languages than selectors allowed", many));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captionCases")
    void theRequestForAVideoWithCaptionFilesConforms(String name, List<String> captionKeys) {
        if (name.startsWith("more languages")) {
            assertTrue(
                    captionKeys.size() > DocumentedRules.MAX_CAPTION_SELECTORS,
                    "the case has more caption files than MediaConvert allows selectors");
        }
        S3Upload video =
                new S3Upload(INPUT, "intro.mp4", null, "0055AED6DCD90281E5", "d41d8cd98f00b204e9800998ecf8427e");
        List<String> listed = new ArrayList<>(captionKeys);
        listed.add("intro.mp4");
        Captions.Found found = CAPTIONS.forStem("intro", listed, ConverterConfig.DEFAULT_CAPTION_LANGUAGE_IF_UNSET);
        CreateJobRequest request = factory.build(
                video,
                asset("intro.mp4").orElseThrow(),
                found.files(),
                CAPTIONS,
                video.idempotencyToken(),
                Ladder.Source.unknown("not probed"));
        assertConforms(request);
    }

    /** Sources the ladder is fitted to (C6): unknown (probe failed), 1080p, 720p, 480p, 2.39:1, tiny. */
    static Stream<Arguments> sources() {
        return Stream.of(
                Arguments.of(Ladder.Source.unknown("probe failed")),
                Arguments.of(Ladder.Source.of(1920, 1080, 60.0)),
                Arguments.of(Ladder.Source.of(1280, 720, 60.0)),
                Arguments.of(Ladder.Source.of(854, 480, 60.0)),
                Arguments.of(Ladder.Source.of(640, 272, 60.0)),
                Arguments.of(Ladder.Source.of(176, 144, 60.0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void theRequestForEachSourceSizesLadderConforms(Ladder.Source source) {
        S3Upload video =
                new S3Upload(INPUT, "intro.mp4", null, "0055AED6DCD90281E5", "d41d8cd98f00b204e9800998ecf8427e");
        assertConforms(factory.build(
                video, asset("intro.mp4").orElseThrow(), List.of(), null, video.idempotencyToken(), source));
    }

    @Test
    void theCheckRefusesWhatTheServiceWouldRefuse() {
        S3Upload video =
                new S3Upload(INPUT, "intro.mp4", null, "0055AED6DCD90281E5", "d41d8cd98f00b204e9800998ecf8427e");
        CreateJobRequest plain = factory.build(video, asset("intro.mp4").orElseThrow());
        var input = plain.settings().inputs().get(0);
        var hls = plain.settings().outputGroups().get(0);
        CreateJobRequest bad = plain.toBuilder()
                .settings(plain.settings().toBuilder()
                        .inputs(input.toBuilder()
                                .captionSelectors(java.util.Map.of(
                                        "Captions fr",
                                        software.amazon.awssdk.services.mediaconvert.model.CaptionSelector.builder()
                                                .sourceSettings(s -> s.sourceType("WEBVTT")
                                                        .fileSourceSettings(
                                                                f -> f.sourceFile("s3://" + INPUT + "/intro.fr.Vtt")))
                                                .build()))
                                .build())
                        .build())
                .build();
        List<String> problems = model.validate("CreateJobRequest", SdkWireJson.toJson(bad));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0)
                        .startsWith(
                                "/settings/inputs/0/captionSelectors/Captions fr/sourceSettings/fileSourceSettings/sourceFile: should match the pattern"),
                problems.get(0));
        assertFalse(
                model.validate("CreateJobRequest", JSON.createObjectNode()).isEmpty(),
                "role and settings are required");
        assertTrue(model.validate("CreateJobRequest", JSON.createObjectNode().put("priority", 51))
                .contains("/priority: should be less than or equal to 50, got 51"));
        assertTrue(model.validate("CreateJobRequest", JSON.createObjectNode().put("statusUpdateInterval", "SECONDS_7"))
                .get(0)
                .startsWith("/statusUpdateInterval: should be one of"));
        assertTrue(model.validate("CreateJobRequest", JSON.createObjectNode().put("colour", 1))
                .contains("/colour: is not a member of CreateJobRequest"));
        assertTrue(
                DocumentedRules.check(plain).isEmpty(),
                DocumentedRules.check(plain).toString());
        assertEquals(
                hls.outputs().size() > 1, true, "the HLS group has several outputs, so each needs a name modifier");
    }

    static void assertConforms(CreateJobRequest request) {
        List<String> problems = new ArrayList<>(model.validate("CreateJobRequest", SdkWireJson.toJson(request)));
        problems.addAll(DocumentedRules.check(request));
        assertEquals(List.of(), problems, "MediaConvert would refuse this CreateJob");
    }

    static Optional<AssetLayout> asset(String key) {
        try {
            return SUFFIXES.match(key).map(suffix -> AssetLayout.forKey(key, suffix));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.path(field).asText() : null;
    }
}

package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;

/**
 * Golden files: for every S3 event fixture and every caption case, the asset paths and the whole
 * CreateJob body exactly as the SDK put it on the wire, compared byte for byte with
 * {@code src/test/resources/golden/}. A refactoring must leave them alone; a deliberate change of
 * the job request rewrites them ({@code GOLDEN_UPDATE=1 mvn -pl converter test
 * -Dtest=GoldenJobRequestsTest}) in the same commit, with the reason in its message.
 */
class GoldenJobRequestsTest {

    static final String INPUT = ConverterHandlerTest.INPUT;
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final boolean UPDATE = "1".equals(System.getenv("GOLDEN_UPDATE"));

    static LoopbackS3 s3;
    static RecordingMediaConvert server;
    static MediaConvertClient client;
    static ConverterHandler handler;

    @BeforeAll
    static void start() throws Exception {
        s3 = LoopbackS3.shared();
        server = new RecordingMediaConvert();
        client = server.client(ConverterHandlerTest.CONFIG);
        handler = new ConverterHandler(ConverterHandlerTest.CONFIG, client, s3.objects(), JobTemplate.bundled());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    /** The case's CreateJob bodies, in the order they were sent. */
    static List<String> bodies(S3Event event) {
        server.reset(); // each case on its own: no earlier case's job for ListJobs to find
        int before = server.requests().size();
        try {
            handler.handle(event, null);
        } catch (ConverterHandler.JobSubmissionException e) {
            throw new AssertionError("golden cases must submit", e);
        }
        List<String> out = new ArrayList<>();
        for (RecordingMediaConvert.Request r :
                server.requests().subList(before, server.requests().size())) {
            if (r.path().equals("/2017-08-29/jobs")) {
                out.add(r.body());
            }
        }
        return out;
    }

    /** Caption cases: the objects already in the input bucket, then the key whose upload is the event. */
    static Map<String, List<String>> captionCases() {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        cases.put("captions-one-vtt", List.of("intro.en.vtt", "intro.mp4"));
        List<String> three = new ArrayList<>(CaptionJobsTest.THREE_LANGUAGES_AND_OTHERS);
        three.add("course/intro.mp4");
        cases.put("captions-three-languages", three);
        cases.put("captions-late-caption", List.of("intro.mp4", "intro.en.vtt", "intro.de.srt"));
        cases.put("captions-case-variants", List.of("intro.mp4", "intro.MP4", "intro.en.vtt"));
        cases.put("captions-dotted-video", List.of("lecture.de.mp4", "lecture.de.vtt"));
        // Tags, suffixes and counts MediaConvert's model refuses (issue 15.1).
        cases.put(
                "captions-mediaconvert-would-reject",
                List.of(
                        "intro.es-419.vtt",
                        "intro.en-001.srt",
                        "intro.de-CH-1901.vtt",
                        "intro.fr.Vtt",
                        "intro.it.vtt",
                        "intro.mp4"));
        List<String> many = new ArrayList<>();
        for (char a = 'a'; a <= 'e' && many.size() < 105; a++) {
            for (char b = 'a'; b <= 'z' && many.size() < 105; b++) {
                many.add("many." + a + b + ".vtt");
            }
        }
        many.add("many.mp4");
        cases.put("captions-more-than-100", many);
        return cases;
    }

    @Test
    void everyFixtureAndCaptionCaseSendsTheRecordedRequestByteForByte() throws IOException {
        Map<String, List<String>> actual = new LinkedHashMap<>();
        List<String> fixtures;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/events"))) {
            fixtures = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String fixture : fixtures) {
            s3.clear(INPUT);
            actual.put(fixture.replace(".json", ""), bodies(EventLoader.loadS3Event("events/" + fixture)));
        }
        captionCases().forEach((name, keys) -> {
            s3.clear(INPUT);
            for (String k : keys.subList(0, keys.size() - 1)) {
                s3.put(INPUT, k, "x");
            }
            String last = keys.get(keys.size() - 1);
            s3.put(INPUT, last, "x");
            actual.put(name, bodies(CaptionJobsTest.event(last, "0055AED6DCD90281E5")));
        });

        StringBuilder paths = new StringBuilder(
                "# case#n\tinput\tassetID\tHLS destination\tMP4 destination\tThumbnails destination\tmasterKey\tthumbnailKey\n");
        List<String> mismatches = new ArrayList<>();
        for (var e : actual.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                String body = e.getValue().get(i);
                paths.append(e.getKey() + "#" + i).append(pathsOf(body)).append('\n');
                Path file = GOLDEN.resolve(e.getKey() + "." + i + ".request.json");
                if (UPDATE) {
                    Files.createDirectories(GOLDEN);
                    Files.writeString(file, body, StandardCharsets.UTF_8);
                } else if (!Files.exists(file)
                        || !Files.readString(file, StandardCharsets.UTF_8).equals(body)) {
                    mismatches.add(file.getFileName().toString());
                }
            }
        }
        Path pathsFile = GOLDEN.resolve("asset-paths.tsv");
        if (UPDATE) {
            Files.writeString(pathsFile, paths, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(pathsFile, StandardCharsets.UTF_8), paths.toString(), "asset paths");
        try (Stream<Path> files = Files.list(GOLDEN)) {
            long recorded =
                    files.filter(p -> p.toString().endsWith(".request.json")).count();
            assertEquals(actual.values().stream().mapToInt(List::size).sum(), recorded, "a golden file per request");
        }
        assertTrue(mismatches.isEmpty(), "requests differ from their golden files: " + mismatches);
    }

    private static String pathsOf(String body) {
        JsonNode job = new RecordingMediaConvert.Request("POST", "/", Map.of(), body).json();
        StringBuilder out = new StringBuilder();
        out.append('\t')
                .append(job.path("settings")
                        .path("inputs")
                        .path(0)
                        .path("fileInput")
                        .asText());
        out.append('\t').append(job.path("userMetadata").path("assetID").asText());
        for (JsonNode g : job.path("settings").path("outputGroups")) {
            JsonNode s = g.path("outputGroupSettings");
            out.append('\t')
                    .append(s.path("hlsGroupSettings")
                            .path("destination")
                            .asText(s.path("fileGroupSettings")
                                    .path("destination")
                                    .asText()));
        }
        out.append('\t').append(job.path("userMetadata").path("masterKey").asText());
        out.append('\t').append(job.path("userMetadata").path("thumbnailKey").asText());
        return out.toString();
    }
}

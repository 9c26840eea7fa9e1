package org.lmshls.local.mediaconvert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.GZIPInputStream;

/**
 * MediaConvert's published service model (the {@code service-2.json} that botocore ships, read
 * from the installed package at run time, never copied into this repository) used as an oracle:
 * a request body in the REST wire format is checked against the model's shapes the way the
 * service checks it, member by member: types, enums, {@code min}/{@code max} (value, length, or
 * list/map size), {@code pattern}s, {@code required} members, and members the shape does not have.
 * Each violation names its place as a path from the body's root ({@code
 * /settings/inputs/0/captionSelectors/Captions es/customLanguageCode}), as MediaConvert's own
 * {@code BadRequestException} messages do.
 */
public final class ServiceModel {
    /** Where botocore keeps the model, relative to the botocore package folder. */
    public static final String BOTOCORE_PATH = "data/mediaconvert/2017-08-29/service-2.json.gz";
    /** Overrides the location (a {@code service-2.json} or {@code .json.gz} file). */
    public static final String PROPERTY = "lmshls.mediaconvertModel";

    public static final String ENVIRONMENT = "LMSHLS_MEDIACONVERT_MODEL";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Optional<ServiceModel> installed;

    private final JsonNode shapes;
    private final JsonNode operations;
    private final Path source;
    private final Map<String, Optional<Pattern>> patterns = new ConcurrentHashMap<>();
    /** Per structure shape: wire name → member's shape name. */
    private final Map<String, Map<String, String>> wireMembers = new ConcurrentHashMap<>();

    private ServiceModel(JsonNode model, Path source) {
        this.shapes = model.path("shapes");
        this.operations = model.path("operations");
        this.source = source;
        if (!shapes.isObject() || !operations.isObject())
            throw new IllegalArgumentException(source + " is not a service model (no shapes/operations)");
    }

    /** Reads a model file ({@code .json} or {@code .json.gz}). */
    public static ServiceModel read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return new ServiceModel(JSON.readTree(in), file);
        }
    }

    /**
     * The model of the installed botocore (or the file {@value #PROPERTY} / {@value #ENVIRONMENT}
     * names), looked up once per process; empty when there is none.
     */
    public static Optional<ServiceModel> installed() {
        Optional<ServiceModel> m = installed;
        if (m == null) {
            synchronized (ServiceModel.class) {
                m = installed;
                if (m == null) {
                    m = locate().flatMap(p -> {
                        try {
                            return Optional.of(read(p));
                        } catch (IOException | RuntimeException e) {
                            return Optional.empty();
                        }
                    });
                    installed = m;
                }
            }
        }
        return m;
    }

    /** Where the model is: the override, else the installed botocore package (asked of python3 itself). */
    public static Optional<Path> locate() {
        String override = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (String python : List.of("python3", "python")) {
            try {
                Process p = new ProcessBuilder(
                                python, "-c", "import botocore, os; print(os.path.dirname(botocore.__file__))")
                        .redirectErrorStream(true)
                        .start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    continue;
                }
                if (p.exitValue() != 0) continue;
                Path model =
                        Path.of(new String(out, StandardCharsets.UTF_8).strip()).resolve(BOTOCORE_PATH);
                if (Files.isRegularFile(model)) return Optional.of(model);
            } catch (IOException e) {
                // no such interpreter: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public Path source() {
        return source;
    }

    /** The input shape of an operation ({@code CreateJob} → {@code CreateJobRequest}). */
    public String inputShape(String operation) {
        String s = operations.path(operation).path("input").path("shape").asText(null);
        if (s == null) throw new IllegalArgumentException("the model has no operation " + operation);
        return s;
    }

    /** The violations of {@code body} (REST wire JSON) against {@code shape}; empty when it conforms. */
    public List<String> validate(String shape, JsonNode body) {
        List<String> out = new ArrayList<>();
        check(shape, body, "", out);
        return out;
    }

    private void check(String shapeName, JsonNode v, String path, List<String> out) {
        if (v == null || v.isNull() || v.isMissingNode()) return;
        JsonNode shape = shapes.path(shapeName);
        String at = path.isEmpty() ? "/" : path;
        String type = shape.path("type").asText();
        String wrongKind = wrongKind(type, v);
        if (wrongKind != null) {
            out.add(at + ": " + wrongKind);
            return;
        }
        switch (type) {
            case "structure" -> {
                Map<String, String> members = wireMembers(shapeName);
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    String member = members.get(f.getKey());
                    if (member == null) out.add(path + "/" + f.getKey() + ": is not a member of " + shapeName);
                    else check(member, f.getValue(), path + "/" + f.getKey(), out);
                }
                for (JsonNode required : shape.path("required")) {
                    JsonNode m = shape.path("members").path(required.asText());
                    String wire = m.path("locationName").asText(required.asText());
                    if (m.has("location")) continue; // in the URI or the query string, not the body
                    JsonNode given = v.get(wire);
                    if (given == null || given.isNull()) out.add(path + "/" + wire + ": is required");
                }
            }
            case "list" -> {
                size(shape, v.size(), at, "items", out);
                String member = shape.path("member").path("shape").asText();
                for (int i = 0; i < v.size(); i++) check(member, v.get(i), path + "/" + i, out);
            }
            case "map" -> {
                size(shape, v.size(), at, "entries", out);
                String key = shape.path("key").path("shape").asText();
                String value = shape.path("value").path("shape").asText();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    String p = path + "/" + f.getKey();
                    List<String> keyProblems = new ArrayList<>();
                    check(key, JSON.getNodeFactory().textNode(f.getKey()), p, keyProblems);
                    keyProblems.forEach(k -> out.add(k.replaceFirst(": ", " (key): ")));
                    check(value, f.getValue(), p, out);
                }
            }
            case "string" -> {
                String s = v.asText();
                if (shape.has("enum")) {
                    boolean known = false;
                    for (JsonNode e : shape.path("enum")) known |= e.asText().equals(s);
                    if (!known) out.add(at + ": should be one of " + shape.path("enum") + ", got \"" + s + "\"");
                }
                size(shape, s.codePointCount(0, s.length()), at, "characters", out);
                pattern(shapeName, shape).ifPresent(p -> {
                    if (!p.matcher(s).find())
                        out.add(at + ": should match the pattern " + p.pattern() + ", got \"" + s + "\"");
                });
            }
            case "integer", "long", "double", "float" -> range(shape, v.decimalValue(), at, out);
            case "boolean", "timestamp" -> {} // the kind is all there is to check
            default -> out.add(at + ": the model has no shape " + shapeName);
        }
    }

    /** What is wrong with the JSON kind of {@code v} for a shape of this type, or null when it fits. */
    private static String wrongKind(String type, JsonNode v) {
        return switch (type) {
            case "structure", "map" -> v.isObject() ? null : "should be an object";
            case "list" -> v.isArray() ? null : "should be an array";
            case "string" -> v.isTextual() ? null : "should be a string, got " + v;
            case "integer", "long" -> v.isIntegralNumber() ? null : "should be a whole number, got " + v;
            case "double", "float" -> v.isNumber() ? null : "should be a number, got " + v;
            case "boolean" -> v.isBoolean() ? null : "should be true or false, got " + v;
            case "timestamp" -> v.isNumber() || v.isTextual() ? null : "should be a timestamp, got " + v;
            default -> null; // an unknown shape is reported by check
        };
    }

    private Map<String, String> wireMembers(String shapeName) {
        return wireMembers.computeIfAbsent(shapeName, n -> {
            Map<String, String> m = new HashMap<>();
            shapes.path(n).path("members").fields().forEachRemaining(e -> {
                if (!e.getValue().has("location")) {
                    m.put(
                            e.getValue().path("locationName").asText(e.getKey()),
                            e.getValue().path("shape").asText());
                }
            });
            return m;
        });
    }

    private Optional<Pattern> pattern(String shapeName, JsonNode shape) {
        if (!shape.has("pattern")) return Optional.empty();
        return patterns.computeIfAbsent(shapeName, n -> {
            try {
                return Optional.of(Pattern.compile(shape.path("pattern").asText()));
            } catch (PatternSyntaxException e) {
                throw new IllegalStateException(
                        "the pattern of " + n + " in " + source + " is not a Java regular expression: "
                                + e.getMessage(),
                        e);
            }
        });
    }

    private static void size(JsonNode shape, int n, String at, String unit, List<String> out) {
        if (shape.has("min") && n < shape.path("min").asLong())
            out.add(at + ": should have at least " + shape.path("min").asLong() + " " + unit + ", has " + n);
        if (shape.has("max") && n > shape.path("max").asLong())
            out.add(at + ": should have at most " + shape.path("max").asLong() + " " + unit + ", has " + n);
    }

    private static void range(JsonNode shape, BigDecimal n, String at, List<String> out) {
        if (shape.has("min") && n.compareTo(shape.path("min").decimalValue()) < 0)
            out.add(at + ": should be greater than or equal to "
                    + shape.path("min").asText() + ", got " + n);
        if (shape.has("max") && n.compareTo(shape.path("max").decimalValue()) > 0)
            out.add(at + ": should be less than or equal to "
                    + shape.path("max").asText() + ", got " + n);
    }
}

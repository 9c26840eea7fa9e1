package org.lmshls.converter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.lmshls.template.SdkJson;
import software.amazon.awssdk.services.mediaconvert.model.CaptionDescription;
import software.amazon.awssdk.services.mediaconvert.model.CaptionSelector;
import software.amazon.awssdk.services.mediaconvert.model.CaptionSourceType;
import software.amazon.awssdk.services.mediaconvert.model.Output;

/**
 * The caption convention and the template fragment that turns caption files into a job's parts.
 *
 * <p>Convention: a caption file sits next to its video and is named after it, with a BCP 47
 * language tag before the caption suffix: {@code course/intro.mp4} has {@code course/intro.en.vtt}
 * and {@code course/intro.de.srt}; {@code course/intro.vtt} (no tag) is in the deployment's
 * default language. The suffixes and the MediaConvert pieces come from
 * {@code job-templates/hls-captions.json}, read once.
 *
 * <p>What MediaConvert's API model refuses is never put into a job (issue 15.1; botocore's
 * {@code mediaconvert/2017-08-29/service-2.json}): {@code CaptionDescription.CustomLanguageCode}
 * must match {@value #MEDIACONVERT_LANGUAGE}, so a tag with digit subtags is mapped to the tag
 * without them ({@code es-419} → {@code es}, {@code en-001} → {@code en}, {@code de-CH-1901} →
 * {@code de-CH}); {@code FileSourceSettings.SourceFile} takes the extension in all-lower or
 * all-upper case only, so {@code intro.fr.Vtt} is left out; an input has at most
 * {@value #MAX_SELECTORS} caption selectors, so languages after the 100th (in tag order) are left
 * out. Each file left out is reported in {@link Found#left()}, and the video is still converted.
 */
public final class Captions {

    public static final String BUNDLED_RESOURCE = "job-templates/hls-captions.json";

    /** {@code CaptionDescription.CustomLanguageCode}'s pattern in MediaConvert's API model. */
    public static final String MEDIACONVERT_LANGUAGE = "^[A-Za-z]{2,3}(-[A-Za-z-]+)?$";

    /** "You can use up to 100 captions selectors per input" (MediaConvert API reference, Input.CaptionSelectors). */
    public static final int MAX_SELECTORS = 100;

    private static final Pattern MEDIACONVERT_LANGUAGE_PATTERN = Pattern.compile(MEDIACONVERT_LANGUAGE);

    /**
     * One caption file of a video. {@code language} is a normalised BCP 47 tag ({@code en},
     * {@code pt-BR}) that MediaConvert accepts; {@code fileTag} is the tag the file name gave,
     * normalised, before mapping ({@code es-419} for language {@code es}), or null for an untagged file.
     */
    public record CaptionFile(String key, String language, CaptionSourceType format, String fileTag) {
        public CaptionFile(String key, String language, CaptionSourceType format) {
            this(key, language, format, null);
        }

        /** Whether the file's own tag was changed to one MediaConvert accepts. */
        public boolean mapped() {
            return fileTag != null && !fileTag.equals(language);
        }

        /** The language's own name, as a viewer choosing it expects it ({@code English}, {@code Deutsch}). */
        public String languageName() {
            return Captions.languageName(language);
        }
    }

    /** How a caption key may be read: the video stem it belongs to and its language (see {@link CaptionFile}). */
    public record Reading(String stem, String language, CaptionSourceType format, String fileTag) {}

    /** A caption file that is not put into the job, and why. */
    public record Left(String key, String language, String reason) {}

    // A pragmatic BCP 47 shape: a 2-3 letter primary language, then subtags of 1-8 letters or digits.
    // Locale.Builder then rejects what is not well formed.
    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");

    private final Map<String, CaptionSourceType> formats;
    private final CaptionSelector selector;
    private final Output output;

    public Captions(Map<String, CaptionSourceType> formats, CaptionSelector selector, Output output) {
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("the caption fragment lists no caption suffixes");
        }
        Map<String, CaptionSourceType> lower = new LinkedHashMap<>();
        formats.forEach((suffix, type) -> {
            if (suffix == null
                    || suffix.length() < 2
                    || suffix.charAt(0) != '.'
                    || suffix.indexOf('/') >= 0
                    || suffix.indexOf('.', 1) >= 0) {
                throw new IllegalArgumentException("caption suffix \"" + suffix + "\" must look like \".vtt\"");
            }
            if (type != CaptionSourceType.WEBVTT && type != CaptionSourceType.SRT) {
                throw new IllegalArgumentException(
                        "caption suffix " + suffix + ": format " + type + " is not WEBVTT or SRT");
            }
            lower.put(suffix.toLowerCase(Locale.ROOT), type);
        });
        if (output.captionDescriptions().size() != 1) {
            throw new IllegalArgumentException(
                    "the caption fragment's HlsOutput must have exactly one CaptionDescription");
        }
        this.formats = Map.copyOf(lower);
        this.selector = selector;
        this.output = output;
    }

    /** Reads {@code job-templates/hls-captions.json} from the class path. */
    public static Captions bundled() {
        try (InputStream in = Captions.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED_RESOURCE + " is missing from the class path");
            }
            return parse(in.readAllBytes(), BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUNDLED_RESOURCE, e);
        }
    }

    /** Reads the fragment with Jackson's streaming parser and {@link SdkJson} (no data binding: this runs at every cold start). */
    static Captions parse(byte[] json, String name) throws IOException {
        Map<String, CaptionSourceType> formats = new TreeMap<>();
        CaptionSelector selector = null;
        Output output = null;
        try (JsonParser p = SdkJson.parser(new java.io.ByteArrayInputStream(json))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(name + ": expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "Formats" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String suffix = p.currentName();
                            p.nextToken();
                            CaptionSourceType t = CaptionSourceType.fromValue(p.getText());
                            if (t == CaptionSourceType.UNKNOWN_TO_SDK_VERSION) {
                                throw new IllegalArgumentException(
                                        name + ": Formats." + suffix + " is not a caption source type: " + p.getText());
                            }
                            formats.put(suffix, t);
                        }
                    }
                    case "CaptionSelector" -> selector = SdkJson.read(p, CaptionSelector.class, "$.CaptionSelector");
                    case "HlsOutput" -> output = SdkJson.read(p, Output.class, "$.HlsOutput");
                    default -> p.skipChildren();
                }
            }
        } catch (SdkJson.InvalidSdkJsonException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        if (selector == null || output == null) {
            throw new IllegalArgumentException(name + ": needs CaptionSelector and HlsOutput");
        }
        return new Captions(formats, selector, output);
    }

    /** The caption suffixes, lower case ({@code .srt}, {@code .vtt}). */
    public List<String> suffixes() {
        return formats.keySet().stream().sorted().toList();
    }

    /**
     * The ways {@code key} can be read as a caption file: {@code a/intro.en.vtt} is English for
     * {@code a/intro.*} or default-language for a video named {@code a/intro.en.*}. Empty when
     * the key is not a caption file.
     */
    public List<Reading> read(String key, String defaultLanguage) {
        Optional<Map.Entry<String, CaptionSourceType>> suffix = suffixOf(key);
        if (suffix.isEmpty()) {
            return List.of();
        }
        String base = key.substring(0, key.length() - suffix.get().getKey().length());
        List<Reading> out = new ArrayList<>();
        int dot = base.lastIndexOf('.');
        if (dot > base.lastIndexOf('/') + 1) {
            normalisedTag(base.substring(dot + 1))
                    .ifPresent(tag -> out.add(new Reading(
                            base.substring(0, dot),
                            mediaConvertLanguage(tag),
                            suffix.get().getValue(),
                            tag)));
        }
        if (!base.isEmpty() && !base.endsWith("/")) {
            out.add(new Reading(
                    base, mediaConvertLanguage(defaultLanguage), suffix.get().getValue(), null));
        }
        return out;
    }

    /**
     * Why MediaConvert would refuse {@code key} as a caption source, or empty: an extension that is
     * neither all lower nor all upper case ({@code .Vtt}).
     */
    public Optional<String> rejection(String key) {
        return suffixOf(key).flatMap(s -> {
            String suffix = s.getKey();
            boolean ok =
                    suffix.equals(suffix.toLowerCase(Locale.ROOT)) || suffix.equals(suffix.toUpperCase(Locale.ROOT));
            return ok
                    ? Optional.empty()
                    : Optional.of("caption extension " + suffix + " is mixed case; MediaConvert's SourceFile accepts "
                            + suffix.toLowerCase(Locale.ROOT) + " or " + suffix.toUpperCase(Locale.ROOT) + " only");
        });
    }

    /**
     * The tag MediaConvert accepts as {@code CustomLanguageCode} ({@value #MEDIACONVERT_LANGUAGE}):
     * the tag itself, or without its subtags that hold digits ({@code es-419} → {@code es}).
     */
    public static String mediaConvertLanguage(String tag) {
        if (MEDIACONVERT_LANGUAGE_PATTERN.matcher(tag).matches()) {
            return tag;
        }
        StringBuilder out = new StringBuilder();
        for (String sub : tag.split("-")) {
            if (out.isEmpty() || sub.chars().noneMatch(Character::isDigit)) {
                out.append(out.isEmpty() ? "" : "-").append(sub);
            }
        }
        String mapped = out.toString();
        if (!MEDIACONVERT_LANGUAGE_PATTERN.matcher(mapped).matches()) {
            throw new IllegalArgumentException("no MediaConvert language code for tag " + tag);
        }
        return mapped;
    }

    /**
     * The caption files of the video whose key without its suffix is {@code stem}, from keys listed
     * under {@code stem + "."}. One file per language: where two name the same language
     * ({@code intro.vtt} in the default language en and {@code intro.en.srt}), the tagged one wins,
     * then one whose tag needed no mapping, then WebVTT over SRT; the others are left out, as are
     * files MediaConvert would refuse (see the class comment), each with its reason in
     * {@link Found#left()}.
     *
     * @param maxFiles how many caption selectors the input may still take
     */
    public Found forStem(String stem, List<String> listedKeys, String defaultLanguage, int maxFiles) {
        Map<String, List<CaptionFile>> byLanguage = new TreeMap<>();
        List<Left> left = new ArrayList<>();
        for (String key : listedKeys) {
            for (Reading r : read(key, defaultLanguage)) {
                if (!r.stem().equals(stem)) {
                    continue;
                }
                Optional<String> refused = rejection(key);
                if (refused.isPresent()) {
                    left.add(new Left(key, r.language(), refused.get()));
                } else {
                    byLanguage
                            .computeIfAbsent(r.language(), l -> new ArrayList<>())
                            .add(new CaptionFile(key, r.language(), r.format(), r.fileTag()));
                }
            }
        }
        List<CaptionFile> chosen = new ArrayList<>();
        byLanguage.forEach((language, files) -> {
            files.sort(Comparator.comparing((CaptionFile f) -> f.fileTag() == null)
                    .thenComparing(CaptionFile::mapped)
                    .thenComparing(f -> f.format() != CaptionSourceType.WEBVTT)
                    .thenComparing(CaptionFile::key));
            if (chosen.size() < maxFiles) {
                chosen.add(files.get(0));
            } else {
                left.add(new Left(
                        files.get(0).key(),
                        language,
                        "MediaConvert takes at most " + MAX_SELECTORS + " caption selectors per input"));
            }
            for (CaptionFile other : files.subList(1, files.size())) {
                left.add(new Left(other.key(), language, "another caption file of the same language is used"));
            }
        });
        return new Found(List.copyOf(chosen), List.copyOf(left));
    }

    /** {@link #forStem(String, List, String, int)} with room for {@value #MAX_SELECTORS} selectors. */
    public Found forStem(String stem, List<String> listedKeys, String defaultLanguage) {
        return forStem(stem, listedKeys, defaultLanguage, MAX_SELECTORS);
    }

    /** The caption files chosen for a video, one per language in tag order, and those left out with the reason. */
    public record Found(List<CaptionFile> files, List<Left> left) {}

    /** The input's caption selector for one file, named as {@link #selectorName} says. */
    public CaptionSelector selector(String bucket, CaptionFile file) {
        var source = selector.sourceSettings().toBuilder()
                .sourceType(file.format())
                .fileSourceSettings(selector.sourceSettings().fileSourceSettings().toBuilder()
                        .sourceFile(new S3Location(bucket, file.key()).toString())
                        .build())
                .build();
        CaptionSelector.Builder b = selector.toBuilder().sourceSettings(source);
        iso639_2(file.language()).ifPresent(b::customLanguageCode);
        return b.build();
    }

    /** The HLS group's WebVTT rendition for one file: {@code NameModifier} ends with the tag. */
    public Output output(CaptionFile file) {
        CaptionDescription d = output.captionDescriptions().get(0).toBuilder()
                .captionSelectorName(selectorName(file))
                .customLanguageCode(file.language())
                .languageDescription(file.languageName())
                .build();
        return output.toBuilder()
                .nameModifier(modifier(file))
                .captionDescriptions(d)
                .build();
    }

    /** The subtitle rendition's {@code NameModifier}: {@code _subtitles_<language>}. */
    public String modifier(CaptionFile file) {
        return output.nameModifier() + file.language();
    }

    public static String selectorName(CaptionFile file) {
        return "Captions " + file.language();
    }

    /** A well-formed BCP 47 tag in its canonical case ({@code pt-br} → {@code pt-BR}), or empty. */
    public static Optional<String> normalisedTag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            return Optional.empty();
        }
        try {
            Locale l = new Locale.Builder().setLanguageTag(tag).build();
            return l.getLanguage().isEmpty() ? Optional.empty() : Optional.of(l.toLanguageTag());
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
    }

    /** The language's name in itself, capitalised: {@code de} → Deutsch, {@code pt-BR} → Português (Brasil). */
    public static String languageName(String tag) {
        Locale l = Locale.forLanguageTag(tag);
        String name = l.getDisplayName(l);
        if (name.isEmpty() || name.equalsIgnoreCase(tag)) {
            return tag;
        }
        return name.substring(0, 1).toUpperCase(l) + name.substring(1);
    }

    private static Optional<String> iso639_2(String tag) {
        try {
            String three = Locale.forLanguageTag(tag).getISO3Language();
            return three.length() == 3 ? Optional.of(three.toUpperCase(Locale.ROOT)) : Optional.empty();
        } catch (java.util.MissingResourceException e) {
            return Optional.empty();
        }
    }

    private Optional<Map.Entry<String, CaptionSourceType>> suffixOf(String key) {
        for (Map.Entry<String, CaptionSourceType> e : formats.entrySet()) {
            String s = e.getKey();
            int at = key.length() - s.length();
            if (at >= 0 && key.regionMatches(true, at, s, 0, s.length())) {
                return Optional.of(Map.entry(key.substring(at), e.getValue()));
            }
        }
        return Optional.empty();
    }
}

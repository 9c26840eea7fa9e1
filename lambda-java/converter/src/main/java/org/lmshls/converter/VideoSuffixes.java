package org.lmshls.converter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lmshls.template.SdkJson;

/**
 * The object-key suffixes that are videos to convert. The list lives in
 * {@code job-templates/video-suffixes.json}; Terraform's S3 notification filter reads the same file.
 * Matching here is case-insensitive ({@code .mp4}, {@code .MP4}, {@code .Mp4}).
 */
public final class VideoSuffixes {

    public static final String BUNDLED_RESOURCE = "job-templates/video-suffixes.json";

    private final List<String> lowerCase;

    public VideoSuffixes(List<String> suffixes) {
        if (suffixes.isEmpty()) {
            throw new IllegalArgumentException("the list of video suffixes is empty");
        }
        List<String> lower = new ArrayList<>();
        for (String s : suffixes) {
            if (s == null || s.length() < 2 || s.charAt(0) != '.' || s.indexOf('/') >= 0) {
                throw new IllegalArgumentException("video suffix \"" + s + "\" must look like \".mp4\"");
            }
            lower.add(s.toLowerCase(Locale.ROOT));
        }
        this.lowerCase = List.copyOf(lower);
    }

    /** Reads the bundled list. */
    public static VideoSuffixes bundled() {
        try (InputStream in = VideoSuffixes.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED_RESOURCE + " is missing from the class path");
            }
            // Jackson's streaming parser, not data binding: this runs in every cold start.
            List<String> list = null;
            try (JsonParser p = SdkJson.parser(in)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken value = p.nextToken();
                        if (field.equals("suffixes") && value == JsonToken.START_ARRAY) {
                            list = new ArrayList<>();
                            while (p.nextToken() == JsonToken.VALUE_STRING) {
                                list.add(p.getText());
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
            if (list == null) {
                throw new IllegalStateException(BUNDLED_RESOURCE + " must hold {\"suffixes\": [\".mp4\", ...]}");
            }
            return new VideoSuffixes(list);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUNDLED_RESOURCE, e);
        }
    }

    /** The suffix as it appears in {@code key} (keeping its case) if the key is a video. */
    public Optional<String> match(String key) {
        for (String s : lowerCase) {
            int at = key.length() - s.length();
            if (at >= 0 && key.regionMatches(true, at, s, 0, s.length())) {
                return Optional.of(key.substring(key.length() - s.length()));
            }
        }
        return Optional.empty();
    }

    public List<String> asList() {
        return lowerCase;
    }
}

package org.lmshls.local.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one writer of a master (multivariant) playlist (RFC 8216 4.3.4): renditions
 * ({@code EXT-X-MEDIA}), variants in the order given (the job's output order, so the template
 * decides which comes first), their I-frame playlists, and an image stream for trick play
 * ({@code EXT-X-IMAGE-STREAM-INF}, Image Media Playlist 0.4).
 */
final class MasterPlaylist {

    record Rendition(
            String type,
            String groupId,
            String name,
            String language,
            boolean autoSelect,
            boolean isDefault,
            String channels,
            String uri) {}

    record Variant(
            Bandwidth bandwidth,
            String codecs,
            int width,
            int height,
            boolean includeResolution,
            double frameRate,
            String audioGroup,
            String subtitleGroup,
            String uri) {}

    record IFrameVariant(Bandwidth bandwidth, String codecs, int width, int height, String uri) {}

    record ImageStream(long bandwidth, int width, int height, String uri) {}

    private final List<Rendition> renditions = new ArrayList<>();
    private final List<Variant> variants = new ArrayList<>();
    private final List<IFrameVariant> iFrames = new ArrayList<>();
    private final List<ImageStream> images = new ArrayList<>();

    void add(Rendition r) {
        renditions.add(r);
    }

    void add(Variant v) {
        variants.add(v);
    }

    void add(IFrameVariant v) {
        iFrames.add(v);
    }

    void add(ImageStream i) {
        images.add(i);
    }

    String render() {
        StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:")
                .append(iFrames.isEmpty() ? 3 : 4)
                .append("\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Rendition r : renditions) {
            Attributes a =
                    new Attributes("#EXT-X-MEDIA").plain("TYPE", r.type()).text("GROUP-ID", r.groupId());
            if (r.language() != null) a.text("LANGUAGE", r.language());
            a.text("NAME", r.name()).plain("AUTOSELECT", yesNo(r.autoSelect())).plain("DEFAULT", yesNo(r.isDefault()));
            if (r.channels() != null) a.quoted("CHANNELS", r.channels());
            m.append(a.quoted("URI", r.uri()).line());
        }
        for (Variant v : variants) {
            Attributes a =
                    new Attributes("#EXT-X-STREAM-INF").bandwidth(v.bandwidth()).quoted("CODECS", v.codecs());
            if (v.includeResolution()) a.resolution(v.width(), v.height());
            a.plain("FRAME-RATE", String.format(Locale.ROOT, "%.3f", v.frameRate()));
            if (v.audioGroup() != null) a.text("AUDIO", v.audioGroup());
            if (v.subtitleGroup() != null) a.text("SUBTITLES", v.subtitleGroup());
            m.append(a.line()).append(v.uri()).append('\n');
        }
        for (IFrameVariant v : iFrames) {
            m.append(new Attributes("#EXT-X-I-FRAME-STREAM-INF")
                    .bandwidth(v.bandwidth())
                    .quoted("CODECS", v.codecs())
                    .resolution(v.width(), v.height())
                    .quoted("URI", v.uri())
                    .line());
        }
        for (ImageStream i : images) {
            m.append(new Attributes("#EXT-X-IMAGE-STREAM-INF")
                    .plain("BANDWIDTH", String.valueOf(i.bandwidth()))
                    .resolution(i.width(), i.height())
                    .quoted("CODECS", "jpeg")
                    .quoted("URI", i.uri())
                    .line());
        }
        return m.toString();
    }

    private static String yesNo(boolean b) {
        return b ? "YES" : "NO";
    }

    /** A tag with an attribute list (RFC 8216 4.2), attributes in the order added. */
    private static final class Attributes {
        private final StringBuilder line;
        private char separator = ':';

        Attributes(String tag) {
            line = new StringBuilder(tag);
        }

        /** A decimal, enumerated or resolution value, unquoted. */
        Attributes plain(String name, String value) {
            line.append(separator).append(name).append('=').append(value);
            separator = ',';
            return this;
        }

        /** A quoted string the engine wrote (a URI, CODECS, CHANNELS). */
        Attributes quoted(String name, String value) {
            return plain(name, "\"" + value + "\"");
        }

        /** A quoted string from the job's settings, made safe to quote (MasterPlaylist.quoted). */
        Attributes text(String name, String value) {
            return quoted(name, MasterPlaylist.quoted(value));
        }

        Attributes bandwidth(Bandwidth b) {
            return plain("BANDWIDTH", String.valueOf(b.peak())).plain("AVERAGE-BANDWIDTH", String.valueOf(b.average()));
        }

        Attributes resolution(int width, int height) {
            return plain("RESOLUTION", width + "x" + height);
        }

        String line() {
            return line.append('\n').toString();
        }
    }

    /** A quoted-string attribute value: no double quote or line break (RFC 8216 4.2). */
    static String quoted(String s) {
        return s.replace("\"", "'").replace("\n", " ").replace("\r", " ");
    }
}

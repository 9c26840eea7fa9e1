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
            m.append("#EXT-X-MEDIA:TYPE=")
                    .append(r.type())
                    .append(",GROUP-ID=\"")
                    .append(quoted(r.groupId()))
                    .append('"');
            if (r.language() != null) m.append(",LANGUAGE=\"").append(quoted(r.language())).append('"');
            m.append(",NAME=\"")
                    .append(quoted(r.name()))
                    .append("\",AUTOSELECT=")
                    .append(r.autoSelect() ? "YES" : "NO")
                    .append(",DEFAULT=")
                    .append(r.isDefault() ? "YES" : "NO");
            if (r.channels() != null) m.append(",CHANNELS=\"").append(r.channels()).append('"');
            m.append(",URI=\"").append(r.uri()).append("\"\n");
        }
        for (Variant v : variants) {
            m.append("#EXT-X-STREAM-INF:BANDWIDTH=")
                    .append(v.bandwidth().peak())
                    .append(",AVERAGE-BANDWIDTH=")
                    .append(v.bandwidth().average())
                    .append(",CODECS=\"")
                    .append(v.codecs())
                    .append('"');
            if (v.includeResolution()) m.append(",RESOLUTION=").append(v.width()).append('x').append(v.height());
            m.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.frameRate()));
            if (v.audioGroup() != null) m.append(",AUDIO=\"").append(quoted(v.audioGroup())).append('"');
            if (v.subtitleGroup() != null) m.append(",SUBTITLES=\"").append(quoted(v.subtitleGroup())).append('"');
            m.append('\n').append(v.uri()).append('\n');
        }
        for (IFrameVariant v : iFrames) {
            m.append("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=")
                    .append(v.bandwidth().peak())
                    .append(",AVERAGE-BANDWIDTH=")
                    .append(v.bandwidth().average())
                    .append(",CODECS=\"")
                    .append(v.codecs())
                    .append("\",RESOLUTION=")
                    .append(v.width())
                    .append('x')
                    .append(v.height())
                    .append(",URI=\"")
                    .append(v.uri())
                    .append("\"\n");
        }
        for (ImageStream i : images) {
            m.append("#EXT-X-IMAGE-STREAM-INF:BANDWIDTH=")
                    .append(i.bandwidth())
                    .append(",RESOLUTION=")
                    .append(i.width())
                    .append('x')
                    .append(i.height())
                    .append(",CODECS=\"jpeg\",URI=\"")
                    .append(i.uri())
                    .append("\"\n");
        }
        return m.toString();
    }

    /** A quoted-string attribute value: no double quote or line break (RFC 8216 4.2). */
    static String quoted(String s) {
        return s.replace("\"", "'").replace("\n", " ").replace("\r", " ");
    }
}

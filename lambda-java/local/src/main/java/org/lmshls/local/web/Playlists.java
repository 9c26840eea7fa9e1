package org.lmshls.local.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few facts the library shows, read from HLS playlists (RFC 8216). */
public final class Playlists {
    private static final Pattern RESOLUTION = Pattern.compile("(?:^|,)RESOLUTION=(\\d+)x(\\d+)");
    private static final Pattern BANDWIDTH = Pattern.compile("(?:^|,)BANDWIDTH=(\\d+)");
    private static final Pattern CODECS = Pattern.compile("(?:^|,)CODECS=\"([^\"]*)\"");
    private static final Pattern EXTINF = Pattern.compile("^#EXTINF:\\s*([0-9.]+)");

    private Playlists() {}

    /** One variant stream of a master playlist; {@code uri} relative to the master, as written there. */
    public record Variant(int width, int height, long bandwidth, String codecs, String uri) {}

    /** The variants of a master playlist, lowest resolution first; empty if it is not a master. */
    public static List<Variant> variants(String master) {
        List<Variant> out = new ArrayList<>();
        String[] lines = master.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("#EXT-X-STREAM-INF:")) continue;
            String attrs = lines[i].substring("#EXT-X-STREAM-INF:".length());
            String uri = null;
            for (int j = i + 1; j < lines.length; j++) {
                String l = lines[j].trim();
                if (l.isEmpty() || l.startsWith("#")) continue;
                uri = l;
                break;
            }
            if (uri == null) continue;
            Matcher r = RESOLUTION.matcher(attrs), b = BANDWIDTH.matcher(attrs), c = CODECS.matcher(attrs);
            out.add(new Variant(
                    r.find() ? Integer.parseInt(r.group(1)) : 0,
                    r.find(0) ? Integer.parseInt(r.group(2)) : 0,
                    b.find() ? Long.parseLong(b.group(1)) : 0,
                    c.find() ? c.group(1) : null,
                    uri));
        }
        out.sort((x, y) -> x.height() != y.height()
                ? Integer.compare(x.height(), y.height())
                : Long.compare(x.bandwidth(), y.bandwidth()));
        return out;
    }

    /** The sum of a media playlist's segment durations (#EXTINF), in seconds; null if it has no #EXT-X-ENDLIST (not finished). */
    public static Double duration(String media) {
        double sum = 0;
        boolean ended = false;
        for (String line : media.split("\r?\n")) {
            Matcher m = EXTINF.matcher(line);
            if (m.find()) sum += Double.parseDouble(m.group(1));
            if (line.trim().equals("#EXT-X-ENDLIST")) ended = true;
        }
        return ended ? sum : null;
    }
}

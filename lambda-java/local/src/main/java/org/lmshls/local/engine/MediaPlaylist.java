package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A VOD media playlist (RFC 8216 4.3.3), shared by the video and the subtitle renditions so both are written alike. */
final class MediaPlaylist {
    private final boolean integerDurations;
    private final StringBuilder body = new StringBuilder();
    private long target = 1;

    MediaPlaylist(boolean integerDurations) {
        this.integerDurations = integerDurations;
    }

    void add(String segment, double seconds) {
        long rounded = Math.max(1, Math.round(seconds));
        target = Math.max(target, rounded);
        body.append("#EXTINF:")
                .append(integerDurations ? String.valueOf(rounded) : String.format(Locale.ROOT, "%.5f", seconds))
                .append(",\n")
                .append(segment)
                .append('\n');
    }

    /** Writes the playlist to {@code file} and stages it for {@code to}. */
    void stage(Path file, ObjectLocation to, List<StagedFile> uploads) throws IOException {
        Files.writeString(
                file,
                "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + target
                        + "\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n" + body + "#EXT-X-ENDLIST\n");
        uploads.add(new StagedFile(file, to, "application/vnd.apple.mpegurl"));
    }
}

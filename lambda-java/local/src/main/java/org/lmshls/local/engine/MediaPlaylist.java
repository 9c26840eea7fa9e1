package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A VOD media playlist (RFC 8216 4.3.3), the one writer for every kind the engine writes: video,
 * audio and subtitle renditions, I-frame playlists (byte ranges, {@code EXT-X-I-FRAMES-ONLY}) and
 * image playlists (Image Media Playlist 0.4: {@code EXT-X-IMAGES-ONLY}, {@code EXT-X-TILES}).
 */
final class MediaPlaylist {
    enum Kind {
        MEDIA,
        I_FRAMES,
        IMAGES
    }

    /** One entry: {@code bytes} is what a player fetches for it (the byte range's length, or the file's size). */
    record Entry(String uri, double seconds, long bytes) {}

    private final Kind kind;
    private final boolean integerDurations;
    private final StringBuilder body = new StringBuilder();
    private final List<Entry> entries = new ArrayList<>();
    private long target = 1;

    MediaPlaylist(boolean integerDurations) {
        this(Kind.MEDIA, integerDurations);
    }

    MediaPlaylist(Kind kind, boolean integerDurations) {
        this.kind = kind;
        this.integerDurations = integerDurations;
    }

    void add(String segment, double seconds) {
        add(segment, seconds, 0);
    }

    void add(String segment, double seconds, long bytes) {
        extinf(seconds);
        body.append(segment).append('\n');
        entries.add(new Entry(segment, seconds, bytes));
    }

    /** An I-frame: {@code length} bytes at {@code offset} of {@code segment}. */
    void addByteRange(String segment, double seconds, long offset, long length) {
        extinf(seconds);
        body.append("#EXT-X-BYTERANGE:").append(length).append('@').append(offset).append('\n');
        body.append(segment).append('\n');
        entries.add(new Entry(segment, seconds, length));
    }

    /** A tile image of {@code columns}x{@code rows} thumbnails of {@code width}x{@code height}, each shown {@code each} s. */
    void addTile(String image, double seconds, long bytes, int width, int height, int columns, int rows, double each) {
        extinf(seconds);
        body.append("#EXT-X-TILES:RESOLUTION=")
                .append(width)
                .append('x')
                .append(height)
                .append(",LAYOUT=")
                .append(columns)
                .append('x')
                .append(rows)
                .append(",DURATION=")
                .append(decimal(each))
                .append('\n')
                .append(image)
                .append('\n');
        entries.add(new Entry(image, seconds, bytes));
    }

    private void extinf(double seconds) {
        long rounded = Math.max(1, Math.round(seconds));
        target = Math.max(target, rounded);
        body.append("#EXTINF:")
                .append(integerDurations ? String.valueOf(rounded) : decimal(seconds))
                .append(",\n");
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** EXT-X-TARGETDURATION: every EXTINF rounded to an integer is at most this (RFC 8216 4.3.3.1). */
    long targetDuration() {
        return target;
    }

    double totalSeconds() {
        return entries.stream().mapToDouble(Entry::seconds).sum();
    }

    /** Writes the playlist to {@code file} and stages it for {@code to}. */
    void stage(Path file, ObjectLocation to, List<StagedFile> uploads) throws IOException {
        String version = kind == Kind.MEDIA ? "3" : kind == Kind.I_FRAMES ? "4" : "7";
        String only = kind == Kind.I_FRAMES ? "#EXT-X-I-FRAMES-ONLY\n" : kind == Kind.IMAGES ? "#EXT-X-IMAGES-ONLY\n" : "";
        Files.writeString(
                file,
                "#EXTM3U\n#EXT-X-VERSION:" + version + "\n#EXT-X-TARGETDURATION:" + target
                        + "\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n" + only + body + "#EXT-X-ENDLIST\n");
        uploads.add(new StagedFile(file, to, "application/vnd.apple.mpegurl"));
    }

    static String decimal(double seconds) {
        return String.format(Locale.ROOT, "%.5f", seconds);
    }
}

package org.lmshls.local.web;

import java.util.Locale;
import java.util.Map;

/** Content-Type and Cache-Control by file name. */
final class MediaTypes {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("m3u8", "application/vnd.apple.mpegurl"),
            Map.entry("ts", "video/mp2t"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("png", "image/png"),
            Map.entry("vtt", "text/vtt; charset=utf-8"),
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("ico", "image/x-icon"));

    private MediaTypes() {}

    static String of(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    /**
     * Playlists are revalidated on every request (a re-conversion rewrites them in place); segments,
     * the MP4 and thumbnails are cached for a day and revalidated by ETag after that. The same split
     * as the CloudFront delivery: short for playlists, long for segments.
     */
    static String cacheControl(String name) {
        return name.endsWith(".m3u8") ? "no-cache" : "public, max-age=86400";
    }
}

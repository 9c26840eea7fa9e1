package org.lmshls.converter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The output layout of one upload, the one place that knows it: every key under
 * {@code assets/<assetId>/}, with {@code <name>} the last segment of {@code <assetId>}:
 *
 * <pre>
 * assets/&lt;assetId&gt;/HLS/&lt;name&gt;.m3u8                    master playlist
 * assets/&lt;assetId&gt;/HLS/&lt;name&gt;&lt;modifier&gt;.m3u8          a rendition's playlist (modifiers from the template)
 * assets/&lt;assetId&gt;/MP4/&lt;name&gt;&lt;modifier&gt;.mp4           the progressive download
 * assets/&lt;assetId&gt;/Thumbnails/&lt;name&gt;&lt;modifier&gt;.NNNNNNN.jpg  frame captures, 7-digit counter from 0
 * assets/&lt;assetId&gt;/lecture.json                      the manifest the page reads (written by the converter)
 * </pre>
 *
 * <p>The names after {@code <name>} are MediaConvert's: it appends the output's
 * {@code NameModifier} and the container's extension to the group's destination, which is
 * {@link #destination}. The modifiers themselves come from the job template ({@link OutputNames}).
 *
 * <p>Spelling: {@code assetId} in code and JSON; the job's user-metadata key stays
 * {@code assetID} ({@link JobRequestFactory#METADATA_ASSET_ID}), because EventBridge rules and the
 * SNS message template in Terraform read it under that name.
 *
 * <p>URLs (issue 15.3): an asset id only holds {@code A-Z a-z 0-9 - _ . / = @}, all of them RFC
 * 3986 {@code pchar}, so a URL path carries the id and every key below it as raw bytes, unescaped;
 * cookie paths and signed-policy resources use the same bytes ({@link #ofAssetId} refuses others).
 *
 * <p>Every key S3 accepts gets a path; the rule has two forms:
 *
 * <ul>
 *   <li><b>Readable</b>, for a key that ends in {@link #READABLE_SUFFIX} spelled exactly so, whose
 *       folders are not empty, and whose escaped form fits the budget below: the key without its
 *       extension, folders kept, escaped by one reversible rule. {@code A-Z a-z 0-9 - _ . /} stay
 *       as they are; every other byte of the UTF-8 encoding becomes {@code =XX} (upper-case hex),
 *       and so does the first byte of a segment that starts with {@code .} (so no segment is
 *       {@code .} or {@code ..}) or is named {@code HLS}, {@code MP4} or {@code Thumbnails} (so no
 *       asset lies inside another asset's output folders). ({@code course-1/week 2/intro.mp4}
 *       gives {@code course-1/week=202/intro}.)
 *   <li><b>Hashed</b>, for every other key: a shortened, sanitised copy of the folders and of the
 *       name (runs of other characters become one {@code _}; an output-folder name gets a leading
 *       {@code _}), then {@code @} and 16 characters of
 *       base32 from the SHA-256 of the whole key. ({@code intro.MP4} gives
 *       {@code intro@<16 characters>}.)
 * </ul>
 *
 * <p>Why this is collision-free: a readable id decodes back to its key (the suffix is fixed), so
 * two readable ids differ when the keys do; a readable id never holds {@code @} (it is escaped to
 * {@code =40}) and every hashed id does, so the two forms never meet; two hashed ids share a
 * folder only if 80 bits of SHA-256 collide.
 *
 * <p>Why the budget: the converter puts {@code assets/<assetId>/Thumbnails/<name>.0000000.jpg} into
 * the job's user metadata, and MediaConvert allows values of at most 256 characters drawn from
 * letters, digits, space and {@code _ . : / = + - @} (MediaConvert User Guide, "job tag
 * restrictions"). Both forms use only those characters and keep that key within 256 characters,
 * which also keeps every output key far under S3's 1024 bytes.
 */
public record AssetLayout(String assetId, String name) {

    public static final String ROOT = "assets/";

    /** The output folders under {@code assets/<assetId>/}, one per output group of the template. */
    public enum Folder {
        HLS("HLS"),
        MP4("MP4"),
        THUMBNAILS("Thumbnails");

        /** The folder's name in keys. */
        public final String folderName;

        Folder(String folderName) {
            this.folderName = folderName;
        }
    }

    /** The manifest next to the output folders ({@code lecture.json}). */
    public static final String LECTURE_JSON = "lecture.json";

    public static final String PLAYLIST_EXTENSION = ".m3u8";
    public static final String MP4_EXTENSION = ".mp4";
    public static final String FRAME_CAPTURE_EXTENSION = ".jpg";
    /** MediaConvert numbers frame captures with seven digits, from 0. */
    public static final int FRAME_CAPTURE_DIGITS = 7;

    /** The suffix (as listed in {@code video-suffixes.json}) whose keys get the readable form. */
    public static final String READABLE_SUFFIX = ".mp4";

    /** MediaConvert's longest user-metadata value, in characters. */
    static final int MAX_METADATA_VALUE = 256;

    /** The longest S3 object key, in UTF-8 bytes. */
    static final int MAX_S3_KEY_BYTES = 1024;

    /** {@code assets/} + {@code /Thumbnails/} + {@code .0000000.jpg}: the longest key put into metadata, less the id and name. */
    static final int METADATA_KEY_OVERHEAD = ROOT.length()
            + ("/" + Folder.THUMBNAILS.folderName + "/").length()
            + 1
            + FRAME_CAPTURE_DIGITS
            + FRAME_CAPTURE_EXTENSION.length();

    // Hashed form: at most 60 characters of folders and 64 of name, so id + name stays within
    // 256 - METADATA_KEY_OVERHEAD (225): 60 + 1 + 81 + 81 = 223.
    private static final int HASHED_FOLDERS_MAX = 60;
    private static final int HASHED_NAME_MAX = 64;
    private static final int HASH_CHARS = 16;
    private static final char HASH_MARK = '@';

    /**
     * The asset path for a decoded object key that ends with {@code suffix} (as found in the key,
     * any case). Defined for every key.
     */
    public static AssetLayout forKey(String decodedKey, String suffix) {
        if (!decodedKey.endsWith(suffix)) {
            throw new IllegalArgumentException("key \"" + decodedKey + "\" does not end with \"" + suffix + "\"");
        }
        String stem = decodedKey.substring(0, decodedKey.length() - suffix.length());
        return readable(stem, suffix).orElseGet(() -> hashed(decodedKey, stem));
    }

    /** Whether this path is the readable form (else the hashed one). */
    public boolean isReadable() {
        return assetId.indexOf(HASH_MARK) < 0;
    }

    /**
     * The layout of an asset id as the converter produced it (from a request path, a cookie
     * request, job metadata). Refuses ids outside the alphabet {@code A-Z a-z 0-9 - _ . / = @}, with
     * empty, {@code .} or {@code ..} segments, or with a leading or trailing {@code /}.
     */
    public static AssetLayout ofAssetId(String assetId) {
        if (!isAssetId(assetId)) {
            throw new IllegalArgumentException("not an asset id (letters, digits and - _ . / = @ in non-empty"
                    + " segments, none of them . or ..): '" + assetId + "'");
        }
        return new AssetLayout(assetId, assetId.substring(assetId.lastIndexOf('/') + 1));
    }

    /** Whether {@code s} is shaped like an asset id the converter produces (see {@link #ofAssetId}). */
    public static boolean isAssetId(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (String segment : s.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (!isSafe(c) && c != '=' && c != HASH_MARK) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code assets/<assetId>/}: everything this upload produces lies under it. */
    public String prefix() {
        return ROOT + assetId + "/";
    }

    /** {@code assets/<assetId>/<folder>/<name>}: the key MediaConvert appends modifiers and extensions to. */
    public String base(Folder folder) {
        return prefix() + folder.folderName + "/" + name;
    }

    /** {@code s3://<bucket>/assets/<assetId>/<folder>/<name>}: the output group's destination. */
    public S3Location destination(String bucket, Folder folder) {
        return new S3Location(bucket, base(folder));
    }

    /** {@code assets/<assetId>/HLS/<name>.m3u8}. */
    public String masterKey() {
        return base(Folder.HLS) + PLAYLIST_EXTENSION;
    }

    /** {@code assets/<assetId>/HLS/<name><modifier>.m3u8}: one rendition's media playlist. */
    public String playlistKey(String modifier) {
        return base(Folder.HLS) + modifier + PLAYLIST_EXTENSION;
    }

    /** {@code assets/<assetId>/MP4/<name><modifier>.mp4}. */
    public String mp4Key(String modifier) {
        return base(Folder.MP4) + modifier + MP4_EXTENSION;
    }

    /** {@code assets/<assetId>/Thumbnails/<name><modifier>.}: what every frame capture's key starts with. */
    public String thumbnailPrefix(String modifier) {
        return base(Folder.THUMBNAILS) + modifier + ".";
    }

    /** {@code assets/<assetId>/Thumbnails/<name><modifier>.NNNNNNN.jpg}, the {@code index}-th capture (from 0). */
    public String thumbnailKey(String modifier, int index) {
        String digits = Integer.toString(index);
        if (index < 0 || digits.length() > FRAME_CAPTURE_DIGITS) {
            throw new IllegalArgumentException("frame capture index out of range: " + index);
        }
        return thumbnailPrefix(modifier)
                + "0".repeat(FRAME_CAPTURE_DIGITS - digits.length())
                + digits
                + FRAME_CAPTURE_EXTENSION;
    }

    /** {@code assets/<assetId>/lecture.json}. */
    public String lectureKey() {
        return prefix() + LECTURE_JSON;
    }

    /** {@code key} relative to {@link #prefix()} ({@code HLS/intro.m3u8}), as lecture.json writes paths. */
    public String relative(String key) {
        if (!key.startsWith(prefix())) {
            throw new IllegalArgumentException(key + " is not under " + prefix());
        }
        return key.substring(prefix().length());
    }

    private static Optional<AssetLayout> readable(String stem, String suffix) {
        if (!suffix.equals(READABLE_SUFFIX)
                || stem.isEmpty()
                || stem.startsWith("/")
                || stem.endsWith("/")
                || stem.contains("//")) {
            return Optional.empty();
        }
        String id = escape(stem);
        String name = id.substring(id.lastIndexOf('/') + 1);
        if (METADATA_KEY_OVERHEAD + id.length() + name.length() > MAX_METADATA_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new AssetLayout(id, name));
    }

    private static AssetLayout hashed(String key, String stem) {
        List<String> segments = new ArrayList<>();
        for (String s : stem.split("/", -1)) {
            String clean = sanitise(s);
            if (!clean.isEmpty()) {
                segments.add(clean);
            }
        }
        // The last segment of the stem is the file name; an empty one ("a/.mp4") leaves only folders.
        String lastRaw = stem.substring(stem.lastIndexOf('/') + 1);
        String namePart = lastRaw.isEmpty() || segments.isEmpty() ? "" : segments.remove(segments.size() - 1);
        if (namePart.length() > HASHED_NAME_MAX) {
            namePart = namePart.substring(0, HASHED_NAME_MAX);
        }
        StringBuilder folders = new StringBuilder();
        for (String s : segments) {
            int room = HASHED_FOLDERS_MAX - folders.length() - (folders.isEmpty() ? 0 : 1);
            if (room <= 0) {
                break;
            }
            if (!folders.isEmpty()) {
                folders.append('/');
            }
            folders.append(s, 0, Math.min(s.length(), room));
        }
        String name = (namePart.isEmpty() ? "video" : namePart) + HASH_MARK + hash(key);
        String id = folders.isEmpty() ? name : folders + "/" + name;
        return new AssetLayout(id, name);
    }

    /**
     * Runs of characters other than {@code A-Z a-z 0-9 - _ .} become one {@code _}, a leading dot
     * too; a segment named like an output folder gets a leading {@code _}.
     */
    private static String sanitise(String segment) {
        String clean = replaceUnsafe(segment);
        return OUTPUT_FOLDERS.contains(clean) ? "_" + clean : clean;
    }

    private static String replaceUnsafe(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        boolean replacing = false;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean keep = isSafe(c) && !(c == '.' && out.isEmpty());
            if (keep) {
                out.append(c);
                replacing = false;
            } else if (!replacing) {
                out.append('_');
                replacing = true;
            }
        }
        return out.toString();
    }

    private static boolean isSafe(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '.';
    }

    /** 80 bits of SHA-256 of the whole key (suffix included, so case variants differ), base32, lower case. */
    static String hash(String key) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        StringBuilder out = new StringBuilder(HASH_CHARS);
        for (int i = 0; i < HASH_CHARS; i++) {
            int bit = i * 5;
            int word = ((digest[bit / 8] & 0xff) << 8) | (digest[bit / 8 + 1] & 0xff);
            out.append(BASE32[(word >> (11 - bit % 8)) & 31]);
        }
        return out.toString();
    }

    /** Escapes each segment of a stem; {@code /} separates segments and is kept. */
    static String escape(String stem) {
        StringBuilder out = new StringBuilder(stem.length() + 16);
        String[] segments = stem.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            byte[] utf8 = segments[i].getBytes(StandardCharsets.UTF_8);
            // The first byte is escaped also when it is a dot, or when the segment would be named like
            // an output folder: then no other asset's outputs can land in this asset's output folders.
            boolean escapeFirst = utf8.length > 0 && (utf8[0] == '.' || OUTPUT_FOLDERS.contains(segments[i]));
            for (int j = 0; j < utf8.length; j++) {
                int c = utf8[j] & 0xff;
                if (isSafe(c) && !(j == 0 && escapeFirst)) {
                    out.append((char) c);
                } else {
                    out.append('=').append(HEX[c >> 4]).append(HEX[c & 0xf]);
                }
            }
        }
        return out.toString();
    }

    /** Reverses {@link #escape}; used to show that the readable form loses nothing. */
    static Optional<String> unescape(String assetId) {
        byte[] out = new byte[assetId.length()];
        int n = 0;
        for (int i = 0; i < assetId.length(); i++) {
            char c = assetId.charAt(i);
            if (c == '=') {
                if (i + 2 >= assetId.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(assetId.charAt(i + 1), 16);
                int lo = Character.digit(assetId.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return Optional.of(new String(out, 0, n, StandardCharsets.UTF_8));
    }

    /** The folders MediaConvert writes into under {@code assets/<assetId>/}. */
    static final java.util.Set<String> OUTPUT_FOLDERS =
            java.util.Set.of(Folder.HLS.folderName, Folder.MP4.folderName, Folder.THUMBNAILS.folderName, LECTURE_JSON);

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
}

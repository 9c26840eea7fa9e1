package org.lmshls.local.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lmshls.converter.AssetLayout;
import org.lmshls.converter.JobRequestFactory;
import org.lmshls.converter.S3Location;
import org.lmshls.converter.VideoSuffixes;
import org.lmshls.converter.log.Log;
import org.lmshls.local.logging.Slf4jSink;
import org.lmshls.local.mediaconvert.JobService;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.mediaconvert.model.FrameCaptureSettings;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.mediaconvert.model.ListJobsRequest;
import software.amazon.awssdk.services.mediaconvert.model.ListJobsResponse;
import software.amazon.awssdk.services.mediaconvert.model.Order;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The converted lectures: the output bucket's {@code assets/} through the S3 API (so it works on
 * the embedded S3 and on any endpoint), joined with the jobs of the in-process job service (the
 * SDK's {@link Job}s, as ListJobs returns them): their progress, their error messages, the master
 * playlist the job recorded ({@code masterKey} user metadata), and the original upload key, which
 * is the readable title. Asset ids are never decoded back into keys: the asset-path rule need not be
 * reversible.
 */
public final class Library {
    private static final Slf4jSink LOG = Slf4jSink.named("web-library");
    /** assets/<assetId>/<folder>/<file>, with the folders of {@link AssetLayout.Folder}. */
    private static final Pattern OUTPUT = Pattern.compile("^" + Pattern.quote(AssetLayout.ROOT) + "(.+)/("
            + java.util.Arrays.stream(AssetLayout.Folder.values())
                    .map(f -> Pattern.quote(f.folderName))
                    .collect(java.util.stream.Collectors.joining("|"))
            + ")/([^/]+)$");
    /** Playlists larger than this are not read (ours are a few KB; a 4 h lecture's variant is ~100 KB). */
    private static final long MAX_PLAYLIST_BYTES = 4L << 20;

    private static final int MAX_JOBS = 1000;

    private final S3Client s3;
    private final String outputBucket;
    private final String inputBucket;
    private final JobService jobService;
    private final VideoSuffixes suffixes = VideoSuffixes.bundled();
    /** Playlist text by key and ETag: objects are immutable per ETag, so nothing goes stale. */
    private final Map<String, String> playlists = new ConcurrentHashMap<>();

    /** {@code jobs}: null when there is no job service (only the bucket is listed). */
    public Library(S3Client s3, String outputBucket, String inputBucket, JobService jobs) {
        this.s3 = s3;
        this.outputBucket = outputBucket;
        this.inputBucket = inputBucket;
        this.jobService = jobs;
    }

    /** Every lecture, newest job first, then by title. */
    public List<Lecture> list() {
        return build(AssetLayout.ROOT, null);
    }

    /** One lecture, or empty when the bucket has no outputs and the API no job for it. */
    public Optional<Lecture> get(String assetId) {
        if (assetId == null || assetId.isEmpty() || assetId.startsWith("/") || assetId.endsWith("/"))
            return Optional.empty();
        List<Lecture> l = build(AssetLayout.ROOT + assetId + "/", assetId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    private static final class Outputs {
        final List<S3Object> hls = new ArrayList<>();
        String mp4;
        final TreeMap<String, String> thumbnails = new TreeMap<>();
    }

    private List<Lecture> build(String prefix, String onlyAsset) {
        Map<String, Outputs> assets = new TreeMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(outputBucket).prefix(prefix))
                .contents()) {
            Matcher m = OUTPUT.matcher(o.key());
            if (!m.matches() || onlyAsset != null && !onlyAsset.equals(m.group(1))) continue;
            Outputs out = assets.computeIfAbsent(m.group(1), k -> new Outputs());
            String file = m.group(3);
            String folder = m.group(2);
            if (folder.equals(AssetLayout.Folder.HLS.folderName)) {
                if (file.endsWith(AssetLayout.PLAYLIST_EXTENSION)) out.hls.add(o);
            } else if (folder.equals(AssetLayout.Folder.MP4.folderName)) {
                if (file.endsWith(AssetLayout.MP4_EXTENSION) && out.mp4 == null) out.mp4 = o.key();
            } else if (file.endsWith(AssetLayout.FRAME_CAPTURE_EXTENSION)) {
                out.thumbnails.put(o.key(), o.key());
            }
        }
        Map<String, Job> jobs = newestJobs(onlyAsset);
        Map<String, Lecture> lectures = new LinkedHashMap<>();
        Map<String, String> inputKeys = null;
        List<String> ids = new ArrayList<>(jobs.keySet());
        for (String id : assets.keySet()) if (!jobs.containsKey(id)) ids.add(id);
        for (String id : ids) {
            Job job = jobs.get(id);
            String title = job == null ? null : inputKey(job);
            if (title == null) {
                if (inputKeys == null) inputKeys = inputKeys();
                title = inputKeys.getOrDefault(id, id);
            }
            lectures.put(id, lecture(id, title, assets.get(id), job));
        }
        List<Lecture> out = new ArrayList<>(lectures.values());
        if (onlyAsset == null && LOG.logger().isDebugEnabled())
            Log.debug("listed")
                    .with("lectures", out.size())
                    .with("jobs", jobs.size())
                    .to(LOG);
        return out;
    }

    private Lecture lecture(String id, String title, Outputs out, Job job) {
        String master = null;
        List<Lecture.Rendition> renditions = List.of();
        Double duration = null;
        if (out != null && !out.hls.isEmpty()) {
            S3Object m = master(id, out.hls, job);
            String text = m == null ? null : playlist(m.key(), m.eTag(), m.size());
            List<Playlists.Variant> variants = text == null ? List.of() : Playlists.variants(text);
            if (!variants.isEmpty()) {
                master = m.key();
                String folder = master.substring(0, master.lastIndexOf('/') + 1);
                renditions = variants.stream()
                        .map(v -> new Lecture.Rendition(
                                v.width(),
                                v.height(),
                                v.bandwidth(),
                                v.codecs(),
                                v.uri().contains("://") || v.uri().startsWith("/") ? null : folder + v.uri()))
                        .toList();
                String first = renditions.get(0).playlist();
                S3Object variant = first == null
                        ? null
                        : out.hls.stream()
                                .filter(o -> o.key().equals(first))
                                .findFirst()
                                .orElse(null);
                String media = variant == null ? null : playlist(variant.key(), variant.eTag(), variant.size());
                duration = media == null ? null : Playlists.duration(media);
            }
        }
        boolean playable = master != null && duration != null;
        // MediaConvert's JobStatus is the one vocabulary (PLAN C1), the pages included.
        JobStatus status = JobStatus.COMPLETE;
        Integer progress = null;
        String error = null;
        if (job != null && job.status() != null && job.status() != JobStatus.COMPLETE) {
            status = job.status();
            if (status == JobStatus.PROGRESSING || status == JobStatus.SUBMITTED)
                progress = job.jobPercentComplete() == null ? 0 : job.jobPercentComplete();
            if (status == JobStatus.ERROR)
                error = job.errorMessage() == null
                        ? "the job failed (error " + job.errorCode() + ")"
                        : job.errorMessage();
        } else if (!playable) {
            // outputs without a readable stream, and no job still running to explain it
            status = JobStatus.ERROR;
            error = "the outputs are incomplete: no readable master playlist in s3://" + outputBucket + "/"
                    + AssetLayout.ROOT + id + "/";
        }
        return new Lecture(
                id,
                title,
                status.toString(),
                playable,
                progress,
                error,
                job == null ? null : job.id(),
                playable ? master : null,
                out == null ? null : out.mp4,
                out == null ? List.of() : List.copyOf(out.thumbnails.keySet()),
                job == null ? null : thumbnailInterval(job.settings()),
                duration,
                renditions);
    }

    /**
     * The master playlist among the asset's playlists: the one its job recorded ({@code masterKey}
     * user metadata), or, with no job to ask (a restarted runtime), the one {@link AssetLayout} names.
     */
    private static S3Object master(String assetId, List<S3Object> hls, Job job) {
        String recorded = job == null || job.userMetadata() == null
                ? null
                : job.userMetadata().get(JobRequestFactory.METADATA_MASTER_KEY);
        String key = recorded != null
                ? recorded
                : AssetLayout.isAssetId(assetId)
                        ? AssetLayout.ofAssetId(assetId).masterKey()
                        : null;
        return hls.stream().filter(o -> o.key().equals(key)).findFirst().orElse(null);
    }

    private String playlist(String key, String eTag, Long size) {
        if (size != null && size > MAX_PLAYLIST_BYTES) return null;
        String cacheKey = key + "\n" + eTag;
        String cached = playlists.get(cacheKey);
        if (cached != null) return cached;
        try {
            String text =
                    s3.getObjectAsBytes(r -> r.bucket(outputBucket).key(key)).asUtf8String();
            playlists.put(cacheKey, text);
            return text;
        } catch (SdkException e) {
            Log.warn("playlist_unreadable")
                    .with("key", key)
                    .with("error", e.getMessage())
                    .to(LOG);
            return null;
        }
    }

    /** The newest job per asset id ({@code assetID} user metadata, as the converter sets it). */
    private Map<String, Job> newestJobs(String onlyAsset) {
        Map<String, Job> newest = new LinkedHashMap<>();
        if (jobService == null) return newest;
        int seen = 0;
        String next = null;
        do {
            ListJobsResponse page = jobService.list(ListJobsRequest.builder()
                    .order(Order.DESCENDING)
                    .maxResults(JobService.MAX_RESULTS)
                    .nextToken(next)
                    .build());
            for (Job j : page.jobs()) {
                if (++seen > MAX_JOBS) return newest;
                String id = j.userMetadata() == null ? null : j.userMetadata().get(JobRequestFactory.METADATA_ASSET_ID);
                if (id == null || onlyAsset != null && !onlyAsset.equals(id)) continue;
                Job before = newest.get(id);
                if (before == null || created(j).isAfter(created(before))) newest.put(id, j);
            }
            next = page.nextToken();
        } while (next != null);
        return newest;
    }

    private static Instant created(Job j) {
        return j.createdAt() == null ? Instant.EPOCH : j.createdAt();
    }

    /** The upload's key, from the job's input ({@code s3://<bucket>/<key>}). */
    static String inputKey(Job job) {
        JobSettings s = job.settings();
        if (s == null || s.inputs() == null || s.inputs().isEmpty()) return null;
        String f = s.inputs().get(0).fileInput();
        try {
            String key = S3Location.parse(f).key();
            return key.isEmpty() ? null : key;
        } catch (IllegalArgumentException e) {
            return null; // not an s3:// input (https://, or none)
        }
    }

    /** Seconds between frame captures, from the job's FRAME_CAPTURE output. */
    static Double thumbnailInterval(JobSettings s) {
        if (s == null) return null;
        for (OutputGroup g : s.outputGroups()) {
            for (Output o : g.outputs()) {
                if (o.videoDescription() == null || o.videoDescription().codecSettings() == null) continue;
                FrameCaptureSettings f = o.videoDescription().codecSettings().frameCaptureSettings();
                if (f != null
                        && f.framerateNumerator() != null
                        && f.framerateDenominator() != null
                        && f.framerateNumerator() > 0) {
                    return (double) f.framerateDenominator() / f.framerateNumerator();
                }
            }
        }
        return null;
    }

    /**
     * Asset id → upload key for the videos still in the input bucket, through the converter's own
     * rule: the title of a lecture whose job the API no longer knows (a restarted runtime).
     */
    private Map<String, String> inputKeys() {
        Map<String, String> out = new HashMap<>();
        if (inputBucket == null) return out;
        try {
            for (S3Object o :
                    s3.listObjectsV2Paginator(r -> r.bucket(inputBucket)).contents()) {
                suffixes.match(o.key()).ifPresent(suffix -> {
                    try {
                        out.putIfAbsent(AssetLayout.forKey(o.key(), suffix).assetId(), o.key());
                    } catch (RuntimeException e) {
                        // a key the converter refuses has no asset
                    }
                });
            }
        } catch (SdkException e) {
            Log.warn("input_bucket_unlistable")
                    .with("bucket", inputBucket)
                    .with("error", e.getMessage())
                    .to(LOG);
        }
        return out;
    }
}

package org.lmshls.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.lmshls.converter.AssetLayout;
import org.lmshls.converter.Captions;
import org.lmshls.converter.VideoSuffixes;
import org.lmshls.local.LocalRuntime;
import org.lmshls.local.s3.LocalS3.ObjectCreated;
import org.lmshls.local.web.LocalWeb;
import org.lmshls.local.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Uploads files to the input bucket, waits for their jobs, prints what was written where. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description =
                "Upload FILEs to the input bucket, let the converter submit their jobs, wait, and print the outputs.")
final class ConvertCommand implements Callable<Integer> {

    @Mixin
    Main.Common common = new Main.Common();

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description =
                    "Video files (.mp4) to convert, and their caption files "
                            + "(intro.en.vtt, intro.de.srt: named after the video, with a language tag), which are uploaded first.")
    List<Path> files;

    @Option(
            names = "--timeout",
            defaultValue = "1800",
            description = "Seconds to wait for all jobs (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(
            names = "--serve",
            description =
                    "After converting, keep everything up and serve the library and watch pages until interrupted.")
    boolean serve;

    @Option(
            names = "--web-url",
            description =
                    "Print each lecture's watch page under this base URL (e.g. http://127.0.0.1:8642/, where `serve --web-port 8642` will show it).")
    String webUrl;

    @Mixin
    WebOptions web = new WebOptions();

    private static final Duration JOB_APPEARS_WITHIN = Duration.ofSeconds(120);

    private static final class Item {
        final Path file;
        final String key;
        final String assetId;
        Instant uploadedAt;
        String jobId;
        String status = "UPLOADING";
        int percent;
        JsonNode job;

        Item(Path file, String key, String assetId) {
            this.file = file;
            this.key = key;
            this.assetId = assetId;
        }

        boolean finished() {
            return status.equals("COMPLETE")
                    || status.equals("ERROR")
                    || status.equals("CANCELED")
                    || status.equals("NO JOB");
        }
    }

    @Override
    public Integer call() throws Exception {
        VideoSuffixes suffixes = VideoSuffixes.bundled();
        Captions captions = Captions.bundled();
        List<Item> items = new ArrayList<>();
        List<Path> captionFiles = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) throw new IllegalArgumentException(f + ": no such file");
            String key = f.getFileName().toString();
            if (!keys.add(key)) throw new IllegalArgumentException(f + ": another FILE has the same name " + key);
            Optional<String> suffix = suffixes.match(key);
            if (suffix.isEmpty() && !captions.read(key, "und").isEmpty()) {
                captionFiles.add(f);
                continue;
            }
            if (suffix.isEmpty()) {
                throw new IllegalArgumentException(f + ": the converter only converts " + suffixes.asList()
                        + " files (and " + captions.suffixes() + " caption files next to them)");
            }
            items.add(new Item(f, key, AssetLayout.forKey(key, suffix.get()).assetId()));
        }
        PrintStream err = System.err;
        try (LocalRuntime runtime = LocalRuntime.start(common.options(false))) {
            var o = runtime.options();
            err.println("S3 " + runtime.s3Endpoint() + ", MediaConvert " + runtime.mediaConvertEndpoint() + ", FFmpeg "
                    + runtime.ffmpeg().origin());
            // Captions first: their videos' jobs then include them (one job per video, not two).
            for (Path f : captionFiles) {
                String key = f.getFileName().toString();
                String type =
                        key.toLowerCase(java.util.Locale.ROOT).endsWith(".srt") ? "application/x-subrip" : "text/vtt";
                PutObjectResponse put = runtime.s3()
                        .putObject(r -> r.bucket(o.inputBucket()).key(key).contentType(type), RequestBody.fromFile(f));
                if (!runtime.embeddedS3()) {
                    runtime.triggerFor(new ObjectCreated(
                            "ObjectCreated:Put",
                            o.inputBucket(),
                            key,
                            Files.size(f),
                            put.eTag() == null ? null : put.eTag().replace("\"", ""),
                            put.versionId()));
                }
                err.println("Uploaded caption file " + key);
            }
            for (Item item : items) {
                item.uploadedAt = Instant.now().minusSeconds(1);
                PutObjectResponse put = runtime.s3()
                        .putObject(
                                r -> r.bucket(o.inputBucket()).key(item.key).contentType("video/mp4"),
                                RequestBody.fromFile(item.file));
                item.status = "UPLOADED";
                if (!runtime.embeddedS3()) {
                    // No write hook on a foreign endpoint: report the upload the way S3 would.
                    runtime.triggerFor(new ObjectCreated(
                            "ObjectCreated:Put",
                            o.inputBucket(),
                            item.key,
                            Files.size(item.file),
                            put.eTag() == null ? null : put.eTag().replace("\"", ""),
                            put.versionId()));
                }
            }
            Progress progress = new Progress(err);
            Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
            while (!items.stream().allMatch(Item::finished)) {
                if (Instant.now().isAfter(deadline)) {
                    progress.done();
                    err.println("error: jobs did not finish within " + timeoutSeconds + " s");
                    return 1;
                }
                poll(runtime, items);
                progress.show(items);
                Thread.sleep(250);
            }
            progress.show(items);
            progress.done();
            boolean ok = true;
            for (Item item : items) {
                ok &= report(runtime, item);
            }
            if (serve) {
                try (LocalWeb pages = LocalWeb.start(runtime, web.webPort, web.webDir)) {
                    String base = pages.server().url().toString();
                    for (Item item : items)
                        System.out.println("Watch " + item.key + ": " + base + WebServer.watchPath(item.assetId));
                    System.out.println("Library: " + base
                            + (pages.server().pagesBuilt()
                                    ? ""
                                    : "  (pages not built: install Node.js 20+ with npm, then `make web`)"));
                    System.out.println("Ctrl-C stops.");
                    System.out.flush();
                    new java.util.concurrent.CountDownLatch(1).await();
                }
            }
            if (webUrl != null) {
                String base = webUrl.endsWith("/") ? webUrl : webUrl + "/";
                for (Item item : items)
                    System.out.println("Watch " + item.key + ": " + base + WebServer.watchPath(item.assetId));
            }
            return ok ? 0 : 1;
        }
    }

    private static void poll(LocalRuntime runtime, List<Item> items) {
        List<ObjectNode> jobs = runtime.jobs().list(null, null, true);
        for (Item item : items) {
            if (item.finished()) continue;
            if (item.jobId == null) {
                for (ObjectNode j : jobs) {
                    Instant created =
                            Instant.ofEpochMilli((long) (j.path("createdAt").asDouble() * 1000));
                    if (item.assetId.equals(
                                    j.path("userMetadata").path("assetID").asText())
                            && !created.isBefore(item.uploadedAt)) {
                        item.jobId = j.path("id").asText();
                        break;
                    }
                }
                if (item.jobId == null) {
                    if (Instant.now().isAfter(item.uploadedAt.plus(JOB_APPEARS_WITHIN))) item.status = "NO JOB";
                    continue;
                }
            }
            JsonNode job = runtime.jobs().get(item.jobId);
            item.job = job;
            item.status = job.path("status").asText();
            item.percent =
                    item.finished() ? 100 : job.path("jobPercentComplete").asInt(0);
        }
    }

    private static boolean report(LocalRuntime runtime, Item item) {
        PrintStream out = System.out;
        if (item.status.equals("NO JOB")) {
            out.println(item.file + ": no job was created within " + JOB_APPEARS_WITHIN.toSeconds()
                    + " s; see the converter's log lines above");
            return false;
        }
        JsonNode job = item.job;
        if (!item.status.equals("COMPLETE")) {
            out.println(item.file + ": job " + item.jobId + " " + item.status
                    + (job.has("errorCode")
                            ? " (error " + job.path("errorCode").asInt() + "): "
                                    + job.path("errorMessage").asText()
                            : ""));
            return false;
        }
        var timing = job.path("timing");
        double seconds =
                timing.path("finishTime").asDouble() - timing.path("startTime").asDouble();
        String bucket = runtime.options().outputBucket();
        String prefix = AssetLayout.ROOT + item.assetId + "/";
        out.printf(Locale.ROOT, "%s: job %s COMPLETE in %.1f s%n", item.file, item.jobId, seconds);
        TreeMap<String, List<S3Object>> byFolder = new TreeMap<>();
        for (S3Object o : runtime.s3()
                .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
                .contents()) {
            String rest = o.key().substring(prefix.length());
            String folder = rest.contains("/") ? rest.substring(0, rest.lastIndexOf('/') + 1) : "";
            byFolder.computeIfAbsent(folder, k -> new ArrayList<>()).add(o);
        }
        out.println("  s3://" + bucket + "/" + prefix);
        byFolder.forEach((folder, objects) -> {
            out.println("    " + folder);
            for (int i = 0; i < objects.size(); i++) {
                if (objects.size() > 12 && i == 6) {
                    out.println("      … " + (objects.size() - 8) + " more");
                    i = objects.size() - 2;
                }
                S3Object o = objects.get(i);
                out.printf(
                        Locale.ROOT,
                        "      %-40s %10d bytes%n",
                        o.key().substring(o.key().lastIndexOf('/') + 1),
                        o.size());
            }
        });
        String master = null, mp4 = null, thumbnail = null;
        for (JsonNode g : job.path("outputGroupDetails")) {
            for (JsonNode d : g.path("outputDetails")) {
                for (JsonNode p : d.path("outputFilePaths")) {
                    String path = p.asText();
                    if (path.endsWith(".mp4") && mp4 == null) mp4 = path;
                    if (path.endsWith(".jpg") && thumbnail == null) thumbnail = path;
                }
            }
        }
        for (S3Object o : runtime.s3()
                .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
                .contents()) {
            String k = o.key();
            if (k.endsWith(".m3u8") && k.contains("/HLS/") && !k.matches(".*_[0-9]+\\.m3u8") && master == null)
                master = "s3://" + bucket + "/" + k;
        }
        out.println("  Master playlist: " + where(runtime, master));
        out.println("  MP4:             " + where(runtime, mp4));
        out.println("  Thumbnails:      "
                + where(runtime, thumbnail == null ? null : thumbnail.substring(0, thumbnail.lastIndexOf('/') + 1)));
        return true;
    }

    /** The S3 URI, and the file on disk when the embedded S3 holds it. */
    private static String where(LocalRuntime runtime, String s3uri) {
        if (s3uri == null) return "(none)";
        if (!runtime.embeddedS3()) return s3uri;
        String rest = s3uri.substring("s3://".length());
        Path local = runtime.localPath(rest.substring(0, rest.indexOf('/')), rest.substring(rest.indexOf('/') + 1));
        return Files.exists(local) ? local + "   (" + s3uri + ")" : s3uri;
    }

    /** A one-line progress bar on stderr; on a terminal it redraws in place. */
    private static final class Progress {
        private final PrintStream err;
        private final boolean tty = System.console() != null;
        private String last = "";
        private int lastPercent = -10;

        Progress(PrintStream err) {
            this.err = err;
        }

        void show(List<Item> items) {
            int total = 0;
            StringBuilder detail = new StringBuilder();
            for (Item i : items) {
                total += i.percent;
                if (detail.length() > 0) detail.append("  ");
                detail.append(i.key).append(' ').append(i.status.toLowerCase(Locale.ROOT));
                if (i.status.equals("PROGRESSING"))
                    detail.append(' ').append(i.percent).append('%');
            }
            int percent = total / items.size();
            int filled = percent * 30 / 100;
            String line = "[" + "#".repeat(filled) + "-".repeat(30 - filled) + "] "
                    + String.format(Locale.ROOT, "%3d%%", percent) + "  " + detail;
            if (tty) {
                if (!line.equals(last)) err.print("\r" + line + " ".repeat(Math.max(0, last.length() - line.length())));
            } else if (percent >= lastPercent + 10 || (percent == 100 && lastPercent != 100)) {
                err.println(line);
                lastPercent = percent;
            }
            last = line;
        }

        void done() {
            if (tty) err.println();
        }
    }
}

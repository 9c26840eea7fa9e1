package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.lmshls.converter.log.Log;
import org.lmshls.local.logging.Slf4jSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's scratch folders: {@code <root>/<pid>-<process start, epoch ms>/<jobId>/}. A process
 * that is killed (kill -9, power cut, a test JVM torn down) cannot clean up after itself, so
 * whoever opens the root next removes every folder whose owner is no longer running: its PID
 * is gone, or now belongs to a process started at another time (PIDs are reused). Anything else
 * in the root (the layout before this one used bare job ids) is stale too.
 */
public final class ScratchSpace {
    private static final Logger LOG = LoggerFactory.getLogger("scratch");

    private final Path root;
    private final Path own;

    private ScratchSpace(Path root, Path own) {
        this.root = root;
        this.own = own;
    }

    /** Cleans stale folders under {@code root}, then makes this process's own. */
    public static ScratchSpace open(Path root) throws IOException {
        Files.createDirectories(root);
        List<Path> removed = cleanStale(root);
        if (!removed.isEmpty()) {
            Log.info("stale_scratch_removed")
                    .with("root", root)
                    .with("folders", removed.size())
                    .with(
                            "names",
                            String.join(
                                    ",",
                                    removed.stream()
                                            .map(p -> p.getFileName().toString())
                                            .toList()))
                    .to(Slf4jSink.of(LOG));
        }
        Path own = root.resolve(folderName(ProcessHandle.current()));
        Files.createDirectories(own);
        return new ScratchSpace(root, own);
    }

    /** This job's folder (not created). */
    public Path forJob(String jobId) {
        return own.resolve(jobId);
    }

    public Path root() {
        return root;
    }

    /** Removes this process's folder (at shutdown; running jobs have been stopped). */
    public void close() {
        Ffmpeg.deleteTree(own);
    }

    /** The folders in {@code root} that no running process owns, deleted; returns them. */
    static List<Path> cleanStale(Path root) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                if (!ownerIsRunning(p.getFileName().toString())) stale.add(p);
            }
        }
        stale.forEach(Ffmpeg::deleteTree);
        return stale;
    }

    static String folderName(ProcessHandle process) {
        return process.pid() + "-"
                + process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static boolean ownerIsRunning(String folder) {
        int dash = folder.indexOf('-');
        if (dash < 1) return false;
        long pid;
        try {
            pid = Long.parseLong(folder.substring(0, dash));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent()
                && process.get().isAlive()
                && folderName(process.get()).equals(folder);
    }
}

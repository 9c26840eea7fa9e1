package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lmshls.converter.log.Log;
import org.lmshls.local.logging.Slf4jSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a job's staged files all or nothing. S3 has no transaction, so before the first
 * write every destination key that already exists (a lecture converted before under the same
 * key) is saved to the scratch folder with its content type; if any write fails, or the job is
 * canceled or runs out of time meanwhile, each key written so far gets its earlier bytes back,
 * and a key that did not exist is deleted. Keys the job does not write are never touched.
 */
final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger("publish");

    /** Checked before each write: throws to stop publishing (cancel, time limit). */
    interface Check {
        void check() throws EngineException;
    }

    private record Saved(Path file, String contentType) {}

    private final Storage storage;

    Publisher(Storage storage) {
        this.storage = storage;
    }

    void publish(String jobId, List<StagedFile> files, Path backupDir, Check check) throws EngineException {
        Map<ObjectLocation, Saved> before = saveExisting(files, backupDir);
        List<ObjectLocation> written = new ArrayList<>();
        try {
            for (StagedFile f : files) {
                check.check();
                written.add(f.to()); // before the write: a write that fails half-way is undone too
                storage.upload(f.file(), f.to(), f.contentType());
            }
        } catch (IOException | RuntimeException | EngineException e) {
            restore(jobId, written, before);
            if (e instanceof EngineException ee) throw ee;
            if (e instanceof RuntimeException re) throw re; // CancellationException: the job service records CANCELED
            throw new EngineException(
                    EngineException.OUTPUT_WRITE_FAILED, "Unable to write output files: " + e.getMessage(), e);
        }
    }

    private Map<ObjectLocation, Saved> saveExisting(List<StagedFile> files, Path backupDir) throws EngineException {
        Map<ObjectLocation, Saved> saved = new HashMap<>();
        try {
            // One listing per destination folder instead of one request per output file.
            Map<String, Set<String>> existing = new HashMap<>();
            Set<ObjectLocation> seen = new HashSet<>();
            for (StagedFile f : files) {
                if (!seen.add(f.to())) continue;
                String folder = f.to().key().substring(0, f.to().key().lastIndexOf('/') + 1);
                Set<String> keys = existing.get(f.to().bucket() + "/" + folder);
                if (keys == null) {
                    keys = storage.keys(f.to().bucket(), folder);
                    existing.put(f.to().bucket() + "/" + folder, keys);
                }
                if (keys.contains(f.to().key())) {
                    Files.createDirectories(backupDir);
                    Path copy = backupDir.resolve(String.valueOf(saved.size()));
                    saved.put(f.to(), new Saved(copy, storage.download(f.to(), copy)));
                }
            }
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.OUTPUT_WRITE_FAILED,
                    "Unable to write output files: cannot save the outputs of an earlier conversion first: "
                            + e.getMessage(),
                    e);
        }
        return saved;
    }

    private void restore(String jobId, List<ObjectLocation> written, Map<ObjectLocation, Saved> before) {
        // Newest first: the master playlist, written last, is put back first.
        for (int i = written.size() - 1; i >= 0; i--) {
            ObjectLocation uri = written.get(i);
            Saved old = before.get(uri);
            try {
                if (old != null) {
                    storage.upload(old.file(), uri, old.contentType());
                } else {
                    storage.delete(uri);
                }
            } catch (IOException | RuntimeException e) {
                Log.error("rollback_failed")
                        .with("jobId", jobId)
                        .with("key", uri)
                        .with("restoring", old != null)
                        .with("error", String.valueOf(e))
                        .to(Slf4jSink.of(LOG));
            }
        }
        Log.warn("publish_rolled_back")
                .with("jobId", jobId)
                .with("written", written.size())
                .with("restored", written.stream().filter(before::containsKey).count())
                .with(
                        "deleted",
                        written.stream().filter(u -> !before.containsKey(u)).count())
                .to(Slf4jSink.of(LOG));
    }
}

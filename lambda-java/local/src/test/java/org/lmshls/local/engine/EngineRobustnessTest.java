package org.lmshls.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's own safety nets: a probe that cannot hang, and scratch folders that do not pile up. */
class EngineRobustnessTest {
    @TempDir
    Path dir;

    @Test
    void aHungFfprobeIsStoppedAtTheProbeTimeout() throws Exception {
        // Opening a FIFO blocks until someone writes to it: a real ffprobe hung on its input.
        Path fifo = dir.resolve("never-written.mp4");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        Ffmpeg ffmpeg = Ffmpeg.resolve(null, Ffmpeg.defaultCacheRoot());
        EngineException e = assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () -> assertThrows(
                        EngineException.class,
                        () -> Probe.of(ffmpeg, fifo, "s3://input/lecture.mp4", Duration.ofSeconds(1))));
        assertEquals(EngineException.INPUT_UNREADABLE, e.errorCode());
        assertTrue(
                e.getMessage().contains("s3://input/lecture.mp4")
                        && e.getMessage().contains("did not finish within 1.0 s"),
                e.getMessage());
    }

    @Test
    void scratchFoldersOfProcessesThatAreGoneAreRemovedAtStartUp() throws Exception {
        Path root = dir.resolve("scratch");
        Process gone = new ProcessBuilder("true").start();
        ProcessHandle goneHandle = gone.toHandle();
        String goneName = ScratchSpace.folderName(goneHandle); // read while it runs: its start time identifies it
        gone.waitFor();
        Process running = new ProcessBuilder("sleep", "60").start();
        try {
            Path killed = Files.createDirectories(root.resolve(goneName).resolve("1733000000000-abcdef"));
            Files.writeString(killed.resolve("input-lecture.mp4"), "half a download");
            Path reused =
                    Files.createDirectories(root.resolve(running.pid() + "-1")); // a PID since given to another process
            Path oldLayout = Files.createDirectories(root.resolve("1733000000000-xyz123"));
            Path alive = Files.createDirectories(
                    root.resolve(ScratchSpace.folderName(running.toHandle())).resolve("job"));

            ScratchSpace space = ScratchSpace.open(root);

            assertFalse(Files.exists(root.resolve(goneName)), "the killed process's folder");
            assertFalse(Files.exists(reused), "a folder whose PID now belongs to a process started later");
            assertFalse(Files.exists(oldLayout), "a job folder of the old layout");
            assertTrue(Files.exists(alive), "a running process's folder is left alone");
            assertTrue(space.forJob("j1").startsWith(root.resolve(ScratchSpace.folderName(ProcessHandle.current()))));
            try (var left = Files.list(root)) {
                assertEquals(
                        List.of(
                                        alive.getParent().getFileName().toString(),
                                        ScratchSpace.folderName(ProcessHandle.current()))
                                .stream()
                                .sorted()
                                .toList(),
                        left.map(p -> p.getFileName().toString()).sorted().toList());
            }
        } finally {
            running.destroyForcibly();
        }
    }
}

package org.lmshls.local.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

    @Test
    void hungProcessWhoseChildHoldsStdoutOpenIsKilledWithinTheBound(@TempDir Path dir) throws Exception {
        // The shell prints, then waits on a child that inherited its stdout: reading stdout to the end
        // before waiting (the old Ffmpeg.checked) would block for the child's whole 300 s.
        Path pidFile = dir.resolve("child.pid");
        ProcessBuilder pb =
                new ProcessBuilder("sh", "-c", "echo started; sleep 300 & echo $! > '" + pidFile + "'; wait");
        long start = System.nanoTime();
        assertThrows(TimeoutException.class, () -> ProcessRunner.run(pb, Duration.ofSeconds(1)));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 8, "run() returned after " + seconds + " s, bound was 1 s");
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertTrue(gone(child), "child " + child + " survived");
    }

    @Test
    void bothPipesAreCollectedAndTheExitCodeReported() throws Exception {
        // More than a pipe buffer on stderr before anything on stdout: a reader of one pipe only would deadlock.
        ProcessBuilder pb = new ProcessBuilder(
                "sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo err-line-$i >&2; i=$((i+1)); done; echo out; exit 3");
        ProcessRunner.Result r = ProcessRunner.run(pb, Duration.ofSeconds(20));
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertTrue(r.stderr().contains("err-line-2999"), r.stderr().length() + " chars of stderr");
    }

    @Test
    void killStopsTheWholeTree() throws Exception {
        StringBuilder pid = new StringBuilder();
        try (ProcessRunner.Running p = ProcessRunner.start(
                new ProcessBuilder("sh", "-c", "sleep 300 & echo $!; wait"), line -> pid.append(line), null)) {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (pid.isEmpty() && System.nanoTime() < until) Thread.sleep(20);
            long child = Long.parseLong(pid.toString().trim());
            assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
            p.kill();
            assertTrue(gone(child), "child " + child + " alive");
            assertFalse(p.isAlive());
        }
    }

    /** Dead within 5 s: no such process, or a zombie waiting for init to reap it. */
    private static boolean gone(long pid) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return true;
            Path stat = Path.of("/proc/" + pid + "/stat");
            try {
                String s = Files.readString(stat);
                if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) return true;
            } catch (java.io.IOException e) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}

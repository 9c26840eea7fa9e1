package org.lmshls.local.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The one way the local runtime runs an external program (ffmpeg, ffprobe). Both pipes are
 * drained on their own (virtual) threads from the start, so a wait is bounded by its timeout and
 * never by a pipe a hung child keeps open; stopping a process stops its whole tree, so no
 * grandchild outlives it holding the pipes.
 */
public final class ProcessRunner {

    /** What a finished process said. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private ProcessRunner() {}

    /**
     * Runs {@code pb} to its end, collecting both outputs, for at most {@code timeout}; after that
     * the process tree is killed and {@link TimeoutException} thrown. An interrupt kills it too.
     */
    public static Result run(ProcessBuilder pb, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        try (Running p = start(pb, line -> append(out, line), line -> append(err, line))) {
            if (!p.waitFor(timeout)) {
                p.kill();
                throw new TimeoutException(
                        pb.command().get(0) + " did not finish within " + timeout.toMillis() + " ms and was stopped");
            }
            synchronized (out) {
                synchronized (err) {
                    return new Result(p.exitCode(), out.toString(), err.toString());
                }
            }
        }
    }

    private static void append(StringBuilder sb, String line) {
        synchronized (sb) {
            sb.append(line).append('\n');
        }
    }

    /**
     * Starts {@code pb}; each line of its stdout and stderr goes to the consumer (null: thrown
     * away, still drained). The consumers run on the reader threads.
     */
    public static Running start(ProcessBuilder pb, Consumer<String> stdout, Consumer<String> stderr)
            throws IOException {
        Process p = pb.start();
        Thread out = drain(p.getInputStream(), stdout);
        Thread err = drain(p.getErrorStream(), stderr);
        return new Running(p, out, err);
    }

    private static Thread drain(InputStream in, Consumer<String> lines) {
        return Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (lines != null) lines.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended or was killed; what was read is kept
            }
        });
    }

    /** A started process. Closing it kills the tree if it is still running. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Thread out;
        private final Thread err;

        private Running(Process process, Thread out, Thread err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /**
         * Waits at most {@code timeout} for the process to exit and its output to be read;
         * true when both happened.
         */
        public boolean waitFor(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                if (!process.waitFor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS)) return false;
                for (Thread t : List.of(out, err)) {
                    long left = deadline - System.nanoTime();
                    // A grandchild may still hold the pipe after the process exits; its end is not ours to wait for.
                    if (!t.join(Duration.ofNanos(Math.max(left, TimeUnit.MILLISECONDS.toNanos(200))))) return true;
                }
                return true;
            } catch (InterruptedException e) {
                kill();
                throw e;
            }
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** The exit status; only after {@link #waitFor} returned true. */
        public int exitCode() {
            return process.exitValue();
        }

        public long pid() {
            return process.pid();
        }

        /** Kills the process and every descendant, and waits (briefly) for the process to go. */
        public void kill() {
            List<ProcessHandle> tree = process.descendants().toList();
            process.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            if (process.isAlive() || process.descendants().findAny().isPresent()) kill();
        }
    }
}

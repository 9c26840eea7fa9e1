package org.lmshls.local.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.lmshls.local.process.ProcessRunner;

/**
 * The {@code ffmpeg} and {@code ffprobe} executables the engine runs, and how to start them.
 *
 * <p>By default they come from the {@code org.bytedeco:ffmpeg} GPL build on the class path
 * (x264 included), extracted once into a cache folder. {@link #onPath()} and {@link #at(Path)}
 * use an FFmpeg installed some other way instead.
 */
public record Ffmpeg(Path ffmpeg, Path ffprobe, Map<String, String> environment, String origin) {

    /** Where the GPL build keeps its executables and libraries inside its jar. */
    private static final String BUNDLED_DIR = "org/bytedeco/ffmpeg/linux-x86_64-gpl/";

    private static final String COMPLETE_MARKER = ".complete";

    public Ffmpeg {
        environment = Map.copyOf(environment);
    }

    /** A process builder for {@code ffmpeg args…}, with the environment the executable needs. */
    public ProcessBuilder ffmpeg(List<String> args) {
        return builder(ffmpeg, args);
    }

    /** A process builder for {@code ffprobe args…}. */
    public ProcessBuilder ffprobe(List<String> args) {
        return builder(ffprobe, args);
    }

    private ProcessBuilder builder(Path exe, List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(exe.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        return pb;
    }

    /**
     * Resolves the {@code --ffmpeg} option: empty or {@code bundled} for the bundled build,
     * {@code PATH} for the {@code ffmpeg} on PATH, otherwise a path to an {@code ffmpeg} executable
     * ({@code ffprobe} is looked for next to it, then on PATH).
     */
    public static Ffmpeg resolve(String option, Path cacheRoot) {
        if (option == null || option.isBlank() || option.equals("bundled")) {
            return bundled(cacheRoot);
        }
        if (option.equals("PATH")) {
            return onPath();
        }
        return at(Path.of(option));
    }

    /** The executables named {@code ffmpeg} and {@code ffprobe} on PATH. */
    public static Ffmpeg onPath() {
        Path ffmpeg = findOnPath("ffmpeg");
        Path ffprobe = findOnPath("ffprobe");
        if (ffmpeg == null || ffprobe == null) {
            throw new IllegalStateException("--ffmpeg PATH: no " + (ffmpeg == null ? "ffmpeg" : "ffprobe")
                    + " executable on PATH (" + System.getenv("PATH") + ")");
        }
        return checked(new Ffmpeg(ffmpeg, ffprobe, Map.of(), "PATH"));
    }

    /** A given {@code ffmpeg} executable, with the {@code ffprobe} beside it (or on PATH). */
    public static Ffmpeg at(Path ffmpeg) {
        if (!Files.isExecutable(ffmpeg)) {
            throw new IllegalStateException("--ffmpeg " + ffmpeg + ": not an executable file");
        }
        Path ffprobe = ffmpeg.resolveSibling(ffmpeg.getFileName().toString().replace("ffmpeg", "ffprobe"));
        if (!Files.isExecutable(ffprobe)) {
            ffprobe = findOnPath("ffprobe");
        }
        if (ffprobe == null) {
            throw new IllegalStateException("--ffmpeg " + ffmpeg + ": no ffprobe next to it or on PATH");
        }
        return checked(new Ffmpeg(ffmpeg, ffprobe, Map.of(), ffmpeg.toString()));
    }

    /**
     * The build shipped in {@code org.bytedeco:ffmpeg} (classifier {@code linux-x86_64-gpl}),
     * extracted under {@code cacheRoot} the first time and reused afterwards.
     */
    public static Ffmpeg bundled(Path cacheRoot) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("the bundled FFmpeg is built for linux-x86_64, this is " + os + "-" + arch
                    + "; install FFmpeg and pass --ffmpeg PATH (or a path to ffmpeg)");
        }
        URL exe = Ffmpeg.class.getClassLoader().getResource(BUNDLED_DIR + "ffmpeg");
        if (exe == null) {
            throw new IllegalStateException(
                    "org.bytedeco:ffmpeg (classifier linux-x86_64-gpl) is not on the class path;"
                            + " build the local module with Maven or pass --ffmpeg PATH");
        }
        try {
            Path dir = extractOnce(exe, cacheRoot);
            Map<String, String> env = new HashMap<>();
            // The libraries find each other through the loader path; LD_BIND_NOW would defeat the libpulse patch.
            String existing = System.getenv("LD_LIBRARY_PATH");
            env.put("LD_LIBRARY_PATH", dir + (existing == null || existing.isBlank() ? "" : ":" + existing));
            return checked(new Ffmpeg(dir.resolve("ffmpeg"), dir.resolve("ffprobe"), env, "bundled " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled FFmpeg into " + cacheRoot, e);
        }
    }

    /** The default cache folder: {@code $XDG_CACHE_HOME/lms-hls} or {@code ~/.cache/lms-hls}. */
    public static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("lms-hls");
    }

    private static Path extractOnce(URL exe, Path cacheRoot) throws IOException {
        String jarName;
        List<String[]> entries = new ArrayList<>(); // {name inside dir, jar entry name}
        JarFile jar = null;
        Path explodedDir = null;
        if (exe.getProtocol().equals("jar")) {
            JarURLConnection conn = (JarURLConnection) exe.openConnection();
            conn.setUseCaches(false);
            jar = conn.getJarFile();
            jarName = Path.of(jar.getName()).getFileName().toString().replaceFirst("\\.jar$", "");
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(BUNDLED_DIR)) {
                    entries.add(new String[] {entry.getName().substring(BUNDLED_DIR.length()), entry.getName()});
                }
            }
            jarName += "-" + jar.getEntry(BUNDLED_DIR + "ffmpeg").getSize();
        } else {
            try {
                explodedDir = Path.of(exe.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            jarName = "ffmpeg-exploded-"
                    + Integer.toHexString(explodedDir.toString().hashCode());
        }
        Path target = cacheRoot.resolve(jarName);
        if (Files.exists(target.resolve(COMPLETE_MARKER))) {
            if (jar != null) jar.close();
            return target;
        }
        Files.createDirectories(cacheRoot);
        Path staging = Files.createTempDirectory(cacheRoot, jarName + ".tmp-");
        try {
            if (jar != null) {
                try (JarFile j = jar) {
                    for (String[] e : entries) {
                        try (InputStream in = j.getInputStream(j.getEntry(e[1]))) {
                            Files.copy(in, staging.resolve(e[0]));
                        }
                    }
                }
            } else {
                try (Stream<Path> files = Files.list(explodedDir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.copy(f, staging.resolve(f.getFileName()));
                    }
                }
            }
            for (String exeName : List.of("ffmpeg", "ffprobe")) {
                staging.resolve(exeName).toFile().setExecutable(true, false);
            }
            // The shared objects are named with their major version (libavutil.so.60); the loader wants those names.
            Path avdevice = findLibrary(staging, "libavdevice.so.");
            if (avdevice != null && !systemHasLibrary("libpulse.so.0")) {
                ElfDependencyPatch.replaceNeeded(avdevice, "libpulse.so.0", "libc.so.6");
            }
            Files.writeString(staging.resolve(COMPLETE_MARKER), "extracted from " + exe + "\n");
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                // Another process extracted it at the same time; theirs is as good as ours.
                deleteTree(staging);
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        return target;
    }

    private static Path findLibrary(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .findFirst()
                    .orElse(null);
        }
    }

    private static boolean systemHasLibrary(String soname) {
        for (String d : List.of(
                "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/usr/lib", "/lib")) {
            if (Files.exists(Path.of(d, soname))) return true;
        }
        return false;
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String d : path.split(":")) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Runs {@code ffmpeg -version} so a broken installation fails here, with its own words. */
    private static Ffmpeg checked(Ffmpeg f) {
        for (ProcessBuilder pb : List.of(
                f.ffmpeg(List.of("-hide_banner", "-version")), f.ffprobe(List.of("-hide_banner", "-version")))) {
            try {
                ProcessRunner.Result r = ProcessRunner.run(pb, Duration.ofSeconds(30));
                if (r.exitCode() != 0) {
                    throw new IllegalStateException(pb.command().get(0) + " (" + f.origin() + ") does not run: "
                            + (r.stdout() + r.stderr()).strip());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        pb.command().get(0) + " (" + f.origin() + ") does not run: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new IllegalStateException(
                        pb.command().get(0) + " (" + f.origin() + ") cannot be started: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(
                        "interrupted while checking " + pb.command().get(0), e);
            }
        }
        return f;
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover scratch folder is not worth failing a job for
        }
    }
}

package org.lmshls.local.web;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmshls.local.LocalRuntime;

/** The web server wired to a running {@link LocalRuntime}: its S3 client, buckets and job service (in process). */
public final class LocalWeb implements AutoCloseable {
    private final WebServer server;

    private LocalWeb(WebServer server) {
        this.server = server;
    }

    public static LocalWeb start(LocalRuntime runtime, int port, Path webDir) throws Exception {
        return start(runtime, port, webDir, null);
    }

    /** {@code cookies}: enforce CloudFront signed cookies on media (null: no enforcement). */
    public static LocalWeb start(LocalRuntime runtime, int port, Path webDir, WebServer.SignedAccess cookies)
            throws Exception {
        var o = runtime.options();
        Library library = new Library(runtime.s3(), o.outputBucket(), o.inputBucket(), runtime.jobs());
        try {
            return new LocalWeb(WebServer.start(
                    port, webDir == null ? locatePages() : webDir, library, runtime.s3(), o.outputBucket(), cookies));
        } catch (java.net.BindException e) {
            throw new IllegalStateException(
                    "127.0.0.1:" + port
                            + " is in use (is `make serve` already running?); choose another port with --web-port"
                            + " (make: WEB_PORT=...)",
                    e);
        }
    }
    /**
     * The built pages when no folder is given: {@code web/dist} under the working directory (make
     * runs from the repository root), else next to the jar's checkout ({@code lambda-java/local/target/local.jar}).
     */
    static Path locatePages() {
        Path cwd = Path.of("web", "dist");
        if (Files.isRegularFile(cwd.resolve("index.html"))) return cwd;
        try {
            Path jar = Path.of(LocalWeb.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path repo = jar.getParent() == null
                    ? null
                    : jar.getParent().resolve("../../..").normalize();
            if (repo != null && Files.isRegularFile(repo.resolve("web/dist/index.html")))
                return repo.resolve("web/dist");
        } catch (URISyntaxException | RuntimeException e) {
            // no jar location: only the working directory counts
        }
        return null;
    }

    public WebServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}

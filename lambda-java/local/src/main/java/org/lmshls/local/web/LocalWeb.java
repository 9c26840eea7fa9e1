package org.lmshls.local.web;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmshls.local.LocalRuntime;
import org.lmshls.local.s3.S3Credentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;

/** The web server wired to a running {@link LocalRuntime}: its S3 client, buckets and MediaConvert API. */
public final class LocalWeb implements AutoCloseable {
    private final MediaConvertClient mediaConvert;
    private final WebServer server;

    private LocalWeb(MediaConvertClient mediaConvert, WebServer server) {
        this.mediaConvert = mediaConvert;
        this.server = server;
    }

    public static LocalWeb start(LocalRuntime runtime, int port, Path webDir) throws Exception {
        var o = runtime.options();
        // The real SDK client against the local API, as any MediaConvert caller would use it.
        MediaConvertClient mc = MediaConvertClient.builder()
                .endpointOverride(runtime.mediaConvertEndpoint())
                .region(Region.of(o.region()))
                .credentialsProvider(S3Credentials.LOCAL.provider())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        try {
            Library library = new Library(runtime.s3(), o.outputBucket(), o.inputBucket(), mc);
            return new LocalWeb(
                    mc,
                    WebServer.start(
                            port, webDir == null ? locatePages() : webDir, library, runtime.s3(), o.outputBucket()));
        } catch (java.net.BindException e) {
            mc.close();
            throw new IllegalStateException(
                    "127.0.0.1:" + port
                            + " is in use (is `make serve` already running?); choose another port with --web-port"
                            + " (make: WEB_PORT=...)",
                    e);
        } catch (Exception e) {
            mc.close();
            throw e;
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
        mediaConvert.close();
    }
}

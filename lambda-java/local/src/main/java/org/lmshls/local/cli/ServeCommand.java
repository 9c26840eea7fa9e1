package org.lmshls.local.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lmshls.local.LocalRuntime;
import org.lmshls.local.s3.S3Credentials;
import org.lmshls.local.web.LocalWeb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Keeps S3, the MediaConvert API and the library pages up; every upload to the input bucket is converted. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Run S3, the MediaConvert API and the lecture library pages until interrupted; uploads to the input bucket (any S3 client) are converted.")
final class ServeCommand implements Callable<Integer> {
    /** The ports serve uses unless told otherwise: the same on every start, so pasted commands keep working. */
    static final int WEB_PORT = 8642;

    static final int S3_PORT = 8643;
    static final int MEDIACONVERT_PORT = 8644;

    @Mixin
    Main.Common common = new Main.Common();

    @Mixin
    WebOptions web = new WebOptions();

    @Override
    public Integer call() throws Exception {
        LocalRuntime.Options options = common.options(true, S3_PORT, MEDIACONVERT_PORT);
        List<Integer> ports = new ArrayList<>(List.of(web.port(WEB_PORT), options.mediaConvertPort()));
        if (options.s3Endpoint() == null) ports.add(options.s3Port());
        for (int port : ports) requireFree(port);
        LocalRuntime runtime = LocalRuntime.start(options);
        LocalWeb pages;
        try {
            pages = LocalWeb.start(runtime, web.port(WEB_PORT), web.webDir, web.signedAccess());
        } catch (Exception e) {
            runtime.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            pages.close();
                            runtime.close();
                            stopped.countDown();
                        },
                        "shutdown"));
        var o = runtime.options();
        System.out.println("S3:            " + runtime.s3Endpoint()
                + (runtime.embeddedS3() ? "  (data in " + o.dataDir().resolve("s3") + ")" : ""));
        System.out.println("MediaConvert:  " + runtime.mediaConvertEndpoint());
        System.out.println("FFmpeg:        " + runtime.ffmpeg().origin());
        System.out.println("Input bucket:  s3://" + o.inputBucket() + "   Output bucket: s3://" + o.outputBucket());
        System.out.println();
        for (String line : tryLines(runtime)) System.out.println(line);
        System.out.println();
        System.out.println("Library:       " + pages.server().url()
                + (pages.server().pagesBuilt()
                        ? ""
                        : "  (pages not built: install Node.js 20+ with npm, then `make web`)"));
        System.out.println("Ctrl-C stops.");
        stopped.await();
        return 0;
    }

    /**
     * Commands to paste, for AWS CLI v1 and v2 alike: v1 reads the region only from
     * {@code AWS_DEFAULT_REGION} (v2 reads it too), the embedded S3 takes the local key pair (the
     * MediaConvert API checks no signature, but the CLI signs every request and needs some), and
     * v2's default CRC checksums on uploads are asked for only when required, as v1 sends them.
     */
    static List<String> tryLines(LocalRuntime runtime) {
        var o = runtime.options();
        List<String> lines = new ArrayList<>();
        lines.add("Try (AWS CLI v1 or v2, in this shell):");
        String credentials = runtime.embeddedS3()
                ? "AWS_ACCESS_KEY_ID=" + S3Credentials.LOCAL.accessKeyId() + " AWS_SECRET_ACCESS_KEY="
                        + S3Credentials.LOCAL.secretAccessKey() + " "
                : "";
        lines.add("  export " + credentials + "AWS_DEFAULT_REGION=" + o.region()
                + " AWS_REQUEST_CHECKSUM_CALCULATION=when_required");
        lines.add("  aws --endpoint-url " + runtime.s3Endpoint() + " s3 cp lecture.mp4 s3://" + o.inputBucket() + "/");
        lines.add("  aws --endpoint-url " + runtime.mediaConvertEndpoint() + " mediaconvert list-jobs");
        return lines;
    }

    /** A fixed port another process holds is named up front (another `serve`, most likely). */
    static void requireFree(int port) {
        if (port == 0) return;
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("127.0.0.1:" + port
                    + " is in use: is `make serve` (lms-hls-local serve) already running? Stop it, or choose other ports"
                    + " with --web-port, --s3-port and --mediaconvert-port");
        }
    }
}

package org.lmshls.local.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lmshls.local.LocalRuntime;
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

    @Mixin
    Main.Common common = new Main.Common();

    @Mixin
    WebOptions web = new WebOptions();

    @Override
    public Integer call() throws Exception {
        LocalRuntime runtime = LocalRuntime.start(common.options(true));
        LocalWeb pages;
        try {
            pages = LocalWeb.start(runtime, web.webPort, web.webDir);
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
        if (runtime.embeddedS3()) {
            System.out.println();
            System.out.println("Try:  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local-secret-key AWS_REGION="
                    + o.region() + " aws --endpoint-url " + runtime.s3Endpoint() + " s3 cp lecture.mp4 s3://"
                    + o.inputBucket() + "/");
            System.out.println("      aws mediaconvert list-jobs --endpoint-url " + runtime.mediaConvertEndpoint());
        }
        System.out.println("Library:       " + pages.server().url()
                + (pages.server().pagesBuilt()
                        ? ""
                        : "  (pages not built: install Node.js 20+ with npm, then `make web`)"));
        System.out.println("Ctrl-C stops.");
        stopped.await();
        return 0;
    }
}

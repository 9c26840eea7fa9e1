package org.lmshls.local.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.lmshls.local.LocalRuntime;
import org.lmshls.local.engine.Ffmpeg;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lms-hls-local convert FILE…} and {@code lms-hls-local serve}. */
@Command(
        name = "lms-hls-local",
        mixinStandardHelpOptions = true,
        version = "lms-hls-local 0.1.0",
        description =
                "The upload → HLS pipeline on one machine: embedded S3, a MediaConvert-compatible API with an FFmpeg engine,"
                        + " and the converter Lambda triggered by uploads.",
        subcommands = {ConvertCommand.class, ServeCommand.class, BenchEngineCommand.class},
        footer = {
            "",
            "Also: lms-hls-local ffmpeg|ffprobe ARGS...  runs the bundled FFmpeg tools (e.g. to make a sample video)."
        })
public final class Main implements Runnable {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("ffmpeg") || args[0].equals("ffprobe"))) {
            // The bundled tools, for scripts (make demo generates its sample with them).
            Ffmpeg f = Ffmpeg.bundled(Ffmpeg.defaultCacheRoot());
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            ProcessBuilder pb = args[0].equals("ffmpeg") ? f.ffmpeg(rest) : f.ffprobe(rest);
            System.exit(pb.inheritIO().start().waitFor());
        }
        int code = new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 2;
                })
                .execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    /** The options both commands share. */
    static final class Common {
        @Option(
                names = "--data-dir",
                defaultValue = ".work/local",
                description = "Folder for the embedded S3 and scratch files (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(
                names = "--ffmpeg",
                description =
                        "FFmpeg to use: 'bundled' (default, from Maven), 'PATH', or a path to an ffmpeg executable.")
        String ffmpeg;

        @Option(
                names = "--jobs",
                description = "Jobs transcoded at the same time (default: half the CPUs, at least 1).")
        Integer jobs;

        @Option(
                names = "--template",
                description = "Job template JSON the converter uses instead of its bundled job-templates/hls-abr.json.")
        Path template;

        @Option(
                names = "--s3-port",
                description =
                        "Port of the embedded S3 on 127.0.0.1 (serve: " + ServeCommand.S3_PORT
                                + ", so printed commands keep working from one start to the next; convert: any free port; 0: any free port).")
        Integer s3Port;

        @Option(
                names = "--mediaconvert-port",
                description = "Port of the MediaConvert API on 127.0.0.1 (serve: " + ServeCommand.MEDIACONVERT_PORT
                        + "; convert: any free port; 0: any free port).")
        Integer mediaConvertPort;

        @Option(
                names = "--s3-endpoint",
                description =
                        "Use this S3 endpoint (e.g. https://s3.eu-west-1.amazonaws.com) instead of the embedded one; credentials from the AWS default chain.")
        URI s3Endpoint;

        @Option(
                names = "--input-bucket",
                defaultValue = "input-bucket-terraform-lms-hls-streaming",
                description = "Input bucket (default: ${DEFAULT-VALUE}).")
        String inputBucket;

        @Option(
                names = "--output-bucket",
                defaultValue = "output-bucket-terraform-lms-hls-streaming",
                description = "Output bucket (default: ${DEFAULT-VALUE}).")
        String outputBucket;

        @Option(
                names = "--events-file",
                description = "Append every MediaConvert Job State Change event to this file (JSON lines).")
        Path eventsFile;

        @Option(names = "--events-webhook", description = "POST every MediaConvert Job State Change event to this URL.")
        URI webhook;

        @Option(
                names = "--job-time-limit",
                defaultValue = "48h",
                converter = DurationConverter.class,
                description =
                        "A job still running after this is stopped and goes to ERROR, nothing published (e.g. 90m, 2h; default: ${DEFAULT-VALUE}, as MediaConvert).")
        Duration jobTimeLimit;

        /** {@code defaultS3Port}, {@code defaultMediaConvertPort}: the ports when none is given (0: any free one). */
        LocalRuntime.Options options(boolean poll, int defaultS3Port, int defaultMediaConvertPort) {
            LocalRuntime.Options.Builder o = LocalRuntime.Options.builder(dataDir.toAbsolutePath())
                    .ports(
                            s3Port != null ? s3Port : defaultS3Port,
                            mediaConvertPort != null ? mediaConvertPort : defaultMediaConvertPort)
                    .ffmpeg(ffmpeg)
                    .template(template)
                    .s3Endpoint(s3Endpoint, poll)
                    .buckets(inputBucket, outputBucket)
                    .events(eventsFile, webhook)
                    .jobTimeLimit(jobTimeLimit);
            if (jobs != null) o.jobs(jobs);
            return o.build();
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 2h}, or an ISO-8601 duration ({@code PT1H30M}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.startsWith("pt") || v.startsWith("p")) return Duration.parse(value.strip());
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new IllegalArgumentException();
                };
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("not a duration: " + value + " (use e.g. 90s, 30m, 2h)");
            }
        }
    }
}

package org.lmshls.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmshls.local.LocalRuntime;
import org.lmshls.local.mediaconvert.FakeEngine;
import picocli.CommandLine;

/**
 * The commands {@code serve} prints work as printed: pasted into a shell with no AWS settings of
 * its own, the AWS CLI uploads a lecture to the embedded S3 and lists the job the upload started.
 * (It runs the {@code aws} first on {@code PATH}: v1 where the project's tools are installed, which
 * reads only {@code AWS_DEFAULT_REGION}; v2 reads that too, and passes with v2 first on {@code PATH}.)
 * And the ports are the same on every start unless chosen.
 */
class ServePrintedCommandsTest {
    @TempDir
    Path dir;

    @Test
    void servesPortsAreTheSameFromOneStartToTheNext() {
        for (int start = 0; start < 2; start++) {
            ServeCommand serve = new ServeCommand();
            new CommandLine(serve).parseArgs("--data-dir", dir.toString());
            LocalRuntime.Options o = serve.common.options(true, ServeCommand.S3_PORT, ServeCommand.MEDIACONVERT_PORT);
            assertEquals(8643, o.s3Port());
            assertEquals(8644, o.mediaConvertPort());
            assertEquals(8642, serve.web.port(ServeCommand.WEB_PORT));
        }
        ServeCommand chosen = new ServeCommand();
        new CommandLine(chosen).parseArgs("--s3-port", "0", "--web-port", "9000");
        assertEquals(
                0,
                chosen.common
                        .options(true, ServeCommand.S3_PORT, ServeCommand.MEDIACONVERT_PORT)
                        .s3Port());
        assertEquals(9000, chosen.web.port(ServeCommand.WEB_PORT));
    }

    @Test
    void thePrintedAwsCliCommandsUploadALectureAndListItsJob() throws Exception {
        Assumptions.assumeTrue(
                java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                        .anyMatch(d -> Files.isExecutable(Path.of(d, "aws"))),
                "the AWS CLI is not installed");
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.builder(dir.resolve("data"))
                .engine(new FakeEngine(Duration.ofMillis(100)))
                .build())) {
            List<String> lines = ServeCommand.tryLines(runtime);
            String export = lines.get(1).strip(),
                    upload = lines.get(2).strip(),
                    list = lines.get(3).strip();
            assertTrue(
                    export.startsWith("export ") && upload.startsWith("aws ") && list.startsWith("aws "),
                    lines.toString());
            Path work = Files.createDirectories(dir.resolve("shell"));
            Files.write(work.resolve("lecture.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
            String out = shell(work, export + "\n" + upload + "\n");
            assertTrue(out.contains("upload: ./lecture.mp4"), out);
            Instant deadline = Instant.now().plusSeconds(60);
            String jobs;
            do {
                jobs = shell(work, export + "\n" + list + " --output json\n");
                if (jobs.contains("\"assetID\": \"lecture\"")) break;
                Thread.sleep(500);
            } while (Instant.now().isBefore(deadline));
            assertTrue(jobs.contains("\"assetID\": \"lecture\""), "the upload's job is listed: " + jobs);
        }
    }

    /** Runs a script in bash with a clean environment: no AWS variables, config or credentials of the machine. */
    private String shell(Path cwd, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(cwd.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        pb.environment()
                .put(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        dir.resolve("no-credentials").toString());
        pb.environment().put("AWS_PAGER", "");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the shell finished");
        assertEquals(0, p.exitValue(), script + "\n" + out);
        return out;
    }
}

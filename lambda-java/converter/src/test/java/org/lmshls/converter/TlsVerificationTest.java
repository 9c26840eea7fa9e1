package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;

/** The converter's HTTP client verifies TLS: an endpoint with a self-signed certificate is refused. */
class TlsVerificationTest {

    @TempDir
    Path dir;

    @Test
    void selfSignedEndpointIsRefusedBeforeAnyRequestIsSent() throws Exception {
        Path keystore = dir.resolve("server.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool made a certificate");

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        AtomicInteger requests = new AtomicInteger();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(201, -1);
            ex.close();
        });
        server.start();
        ConverterConfig config = ConverterHandlerTest.CONFIG;
        URI untrusted = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
        // The S3 listing (the first call of a record) goes to the same untrusted server.
        try (S3Objects s3 = new S3Objects(
                        CallTimeouts.httpClient(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
                        "us-east-1",
                        untrusted);
                MediaConvertClient client = ConverterHandler.clientBuilder(config)
                        .endpointOverride(URI.create(
                                "https://127.0.0.1:" + server.getAddress().getPort()))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                        .build()) {
            ConverterHandler handler = new ConverterHandler(config, client, s3, JobTemplate.bundled());
            ConverterHandler.JobSubmissionException e = assertThrows(
                    ConverterHandler.JobSubmissionException.class,
                    () -> handler.handle(EventLoader.loadS3Event("events/put-plain.json"), null));
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertTrue(
                    List.of("SSLHandshakeException", "ValidatorException", "SunCertPathBuilderException")
                            .contains(root.getClass().getSimpleName()),
                    "refused by certificate validation: " + root);
            assertEquals(0, requests.get(), "no request reached the untrusted server");
        } finally {
            server.stop(0);
        }
    }
}

package org.lmshls.converter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real S3 API server (S3Proxy over a temporary folder) on loopback that checks SigV4
 * signatures, for the converter's S3 calls (ListObjectsV2, HeadObject, PutObject). Objects are written straight into its
 * folder ({@code <root>/<bucket>/<key>}); what the converter does goes over HTTP.
 */
final class LoopbackS3 implements AutoCloseable {

    static final String ACCESS_KEY = "AKIDS3TEST";
    static final String SECRET_KEY = "s3-test-secret";

    private final S3Proxy proxy;
    private final Path root;
    private final URI endpoint;

    private LoopbackS3(S3Proxy proxy, Path root, URI endpoint) {
        this.proxy = proxy;
        this.root = root;
        this.endpoint = endpoint;
    }

    static LoopbackS3 start(String... buckets) throws Exception {
        Path root = Files.createTempDirectory("loopback-s3");
        for (String b : buckets) {
            Files.createDirectories(root.resolve(b));
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(root.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0)
                .build();
        proxy.start();
        for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(25);
        }
        return new LoopbackS3(proxy, root, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    URI endpoint() {
        return endpoint;
    }

    /** The converter's S3 client against this server, with the given credentials. */
    S3Objects objects(String region, String accessKey, String secretKey) {
        return new S3Objects(
                CallTimeouts.httpClient(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)),
                region,
                endpoint);
    }

    S3Objects objects() {
        return objects("us-east-1", ACCESS_KEY, SECRET_KEY);
    }

    /** The object's bytes as stored, or null. */
    byte[] get(String bucket, String key) {
        Path file = root.resolve(bucket).resolve(key);
        try {
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void put(String bucket, String key, String content) {
        try {
            Path file = root.resolve(bucket).resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void clear(String bucket) {
        delete(root.resolve(bucket));
        try {
            Files.createDirectories(root.resolve(bucket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        delete(root);
    }
}

package org.lmshls.local.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import org.lmshls.local.engine.ObjectLocation;
import org.lmshls.local.engine.Storage;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** {@link Storage} over any S3 endpoint, with the AWS SDK's S3 client. */
public final class S3Storage implements Storage {

    private final S3Client s3;

    public S3Storage(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * A path-style client for {@code endpoint} (null: AWS's own, from the SDK's usual settings),
     * signing with {@code credentials} (null: the default chain).
     */
    public static S3Client client(URI endpoint, String region, AwsCredentialsProvider credentials) {
        var b = S3Client.builder()
                .region(Region.of(region))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .forcePathStyle(endpoint != null);
        if (endpoint != null) {
            b.endpointOverride(endpoint);
            // Over plain HTTP the SDK sends PUT bodies aws-chunked (chunk signatures, a CRC32
            // trailer). S3Proxy's decoder stops before the body's last bytes, Jetty then closes
            // the connection with them unread, and the SDK, whose last write fails, sends again a
            // PUT the server already stored: two PUTs, two ObjectCreated events (about 1 upload in
            // 25 in LocalS3NotificationsTest). A plain body with its Content-Length, and checksums
            // only where an operation requires one, avoid it (what the printed AWS CLI settings do).
            b.serviceConfiguration(
                    S3Configuration.builder().chunkedEncodingEnabled(false).build());
            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        }
        // HttpURLConnection + "Expect: 100-continue" + Jetty intermittently ends in "Unexpected end of file
        // from server" (always for empty bodies); sending the body straight away avoids the handshake.
        b.overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                return context.httpRequest().toBuilder().removeHeader("Expect").build();
            }
        }));
        if (credentials != null) b.credentialsProvider(credentials);
        return b.build();
    }

    public S3Client client() {
        return s3;
    }

    @Override
    public String download(ObjectLocation from, Path to) throws IOException {
        try {
            try (var in = s3.getObject(r -> r.bucket(from.bucket()).key(from.key()))) {
                Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                return in.response().contentType();
            }
        } catch (NoSuchKeyException e) {
            throw new IOException("no such object (NoSuchKey)", e);
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Attempts per upload. The SDK retries too, but a connection the server dropped mid-request can surface as a bare I/O error. */
    private static final int UPLOAD_ATTEMPTS = 4;

    @Override
    public void upload(Path from, ObjectLocation to, String contentType) throws IOException {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
            try {
                s3.putObject(
                        r -> r.bucket(to.bucket()).key(to.key()).contentType(contentType), RequestBody.fromFile(from));
                return;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IOException(
                "cannot write " + to + " after " + UPLOAD_ATTEMPTS + " attempts: " + last.getMessage(), last);
    }

    @Override
    public Set<String> keys(String bucket, String prefix) throws IOException {
        try {
            Set<String> keys = new HashSet<>();
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
                    .contents()
                    .forEach(o -> keys.add(o.key()));
            return keys;
        } catch (SdkException e) {
            throw new IOException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(ObjectLocation what) throws IOException {
        try {
            s3.deleteObject(r -> r.bucket(what.bucket()).key(what.key()));
        } catch (SdkException e) {
            throw new IOException("cannot delete " + what + ": " + e.getMessage(), e);
        }
    }
}

package org.lmshls.local.s3;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * An S3-compatible server on 127.0.0.1: S3Proxy over a folder ({@code <dataDir>/s3/<bucket>/<key>}).
 *
 * <p>It also plays S3's notification part: every object created through the API (PUT, copy,
 * completed multipart upload) is reported once to the {@link ObjectCreated} listener, after
 * it is stored, whichever client wrote it; S3Proxy's placeholder for a multipart upload in
 * progress is not (S3 reports the object once, when the upload completes).
 */
public final class LocalS3 implements AutoCloseable {

    /** An object that now exists, as an S3 event notification describes it. */
    public record ObjectCreated(
            String eventName, String bucket, String key, long size, String eTag, String versionId) {}

    /**
     * The name S3Proxy gives the placeholder blob it writes when a multipart upload starts (its
     * {@code S3ProxyHandler.MULTIPART_STUB_PREFIX}); S3 itself sends no event for it.
     */
    static final String MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";

    private final S3Proxy proxy;
    private final URI endpoint;

    private LocalS3(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /**
     * Starts the server on {@code 127.0.0.1:port} (0 picks a free port), storing under
     * {@code dataDir/s3}, accepting requests signed with {@code credentials}.
     */
    public static LocalS3 start(Path dataDir, int port, S3Credentials credentials, Consumer<ObjectCreated> onCreated)
            throws Exception {
        Path root = dataDir.resolve("s3");
        Files.createDirectories(root);
        BlobStore store =
                new NotifyingBlobStore(new FilesystemNio2BlobStore(root.toString()), Objects.requireNonNull(onCreated));
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(
                        AuthenticationType.AWS_V2_OR_V4, credentials.accessKeyId(), credentials.secretAccessKey())
                .ignoreUnknownHeaders(true)
                .jettyMaxThreads(64)
                .stopTimeout(0)
                .build();
        proxy.start();
        for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(25);
        }
        if (!"STARTED".equals(proxy.getState())) {
            proxy.stop();
            throw new IllegalStateException(
                    "S3Proxy did not start on 127.0.0.1:" + port + " (state " + proxy.getState() + ")");
        }
        return new LocalS3(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }

    /** Reports every stored object to the listener. */
    private static final class NotifyingBlobStore extends ForwardingBlobStore {
        private final Consumer<ObjectCreated> onCreated;

        NotifyingBlobStore(BlobStore delegate, Consumer<ObjectCreated> onCreated) {
            super(delegate);
            this.onCreated = onCreated;
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
            PutObjectResponse response = super.putBlob(request, content);
            report("ObjectCreated:Put", request.bucket(), request.key(), response.eTag(), response.versionId());
            return response;
        }

        @Override
        public CopyObjectResponse copyBlob(CopyObjectRequest request) {
            CopyObjectResponse response = super.copyBlob(request);
            String eTag = response.copyObjectResult() == null
                    ? null
                    : response.copyObjectResult().eTag();
            report(
                    "ObjectCreated:Copy",
                    request.destinationBucket(),
                    request.destinationKey(),
                    eTag,
                    response.versionId());
            return response;
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(
                MultipartUpload upload, CompleteMultipartUploadRequest request) {
            CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
            report(
                    "ObjectCreated:CompleteMultipartUpload",
                    request.bucket(),
                    request.key(),
                    response.eTag(),
                    response.versionId());
            return response;
        }

        private void report(String eventName, String bucket, String key, String eTag, String versionId) {
            if (key.substring(key.lastIndexOf('/') + 1).startsWith(MULTIPART_STUB_PREFIX)) {
                return; // S3Proxy's own bookkeeping for a multipart upload in progress, not an object S3 would report
            }
            long size = -1;
            String tag = eTag;
            try {
                HeadObjectResponse head = delegate().blobMetadata(bucket, key);
                size = head.contentLength() == null ? -1 : head.contentLength();
                if (tag == null) tag = head.eTag();
            } catch (RuntimeException e) {
                // deleted again already; report what the write said
            }
            onCreated.accept(new ObjectCreated(eventName, bucket, key, size, unquote(tag), versionId));
        }

        private static String unquote(String eTag) {
            return eTag == null ? null : eTag.replace("\"", "");
        }
    }
}

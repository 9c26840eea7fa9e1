package org.lmshls.local.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The embedded S3 reports objects as S3's notifications do: once per object created, a multipart
 * upload once when it completes (what {@code aws s3 cp} does for a large lecture), and never the
 * placeholder S3Proxy writes while the upload is in progress (which the converter would otherwise
 * be invoked for, and log as a video it cannot convert).
 */
class LocalS3NotificationsTest {
    @TempDir
    Path dir;

    @Test
    void aMultipartUploadIsReportedOnceWhenItCompletesAndItsPlaceholderNever() throws Exception {
        List<LocalS3.ObjectCreated> events = new CopyOnWriteArrayList<>();
        try (LocalS3 s3 = LocalS3.start(dir, 0, S3Credentials.LOCAL, events::add);
                S3Client client = S3Storage.client(s3.endpoint(), "us-east-1", S3Credentials.LOCAL.provider())) {
            client.createBucket(r -> r.bucket("input"));
            String upload = client.createMultipartUpload(r -> r.bucket("input").key("big/lecture.mp4"))
                    .uploadId();
            byte[] part = new byte[5 * 1024 * 1024];
            String e1 = client.uploadPart(
                            r -> r.bucket("input")
                                    .key("big/lecture.mp4")
                                    .uploadId(upload)
                                    .partNumber(1),
                            RequestBody.fromBytes(part))
                    .eTag();
            String e2 = client.uploadPart(
                            r -> r.bucket("input")
                                    .key("big/lecture.mp4")
                                    .uploadId(upload)
                                    .partNumber(2),
                            RequestBody.fromBytes(new byte[1000]))
                    .eTag();
            client.completeMultipartUpload(r -> r.bucket("input")
                    .key("big/lecture.mp4")
                    .uploadId(upload)
                    .multipartUpload(m -> m.parts(
                            CompletedPart.builder().partNumber(1).eTag(e1).build(),
                            CompletedPart.builder().partNumber(2).eTag(e2).build())));
            client.putObject(r -> r.bucket("input").key("small.mp4"), RequestBody.fromString("x"));

            assertEquals(
                    List.of("ObjectCreated:CompleteMultipartUpload big/lecture.mp4", "ObjectCreated:Put small.mp4"),
                    events.stream().map(e -> e.eventName() + " " + e.key()).toList());
            assertEquals(5 * 1024 * 1024 + 1000, events.get(0).size());
        }
    }
}

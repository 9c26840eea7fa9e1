package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.lmshls.local.s3.S3Uri;

/** Where inputs come from and outputs go: S3, through whichever endpoint the runtime uses. */
public interface Storage {
    /** Copies the object into {@code to}; returns its content type (null if it has none). */
    String download(S3Uri from, Path to) throws IOException;

    void upload(Path from, S3Uri to, String contentType) throws IOException;

    void delete(S3Uri what) throws IOException;

    /** The keys in {@code bucket} that start with {@code prefix}. */
    Set<String> keys(String bucket, String prefix) throws IOException;
}

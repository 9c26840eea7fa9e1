package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Where inputs come from and outputs go: S3, through whichever endpoint the runtime uses. */
public interface Storage {
    /** Copies the object into {@code to}; returns its content type (null if it has none). */
    String download(ObjectLocation from, Path to) throws IOException;

    void upload(Path from, ObjectLocation to, String contentType) throws IOException;

    void delete(ObjectLocation what) throws IOException;

    /** The keys in {@code bucket} that start with {@code prefix}. */
    Set<String> keys(String bucket, String prefix) throws IOException;
}

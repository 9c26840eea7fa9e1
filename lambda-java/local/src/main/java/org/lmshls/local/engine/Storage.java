package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Path;
import org.lmshls.local.s3.S3Uri;

/** Where inputs come from and outputs go: S3, through whichever endpoint the runtime uses. */
public interface Storage {
    void download(S3Uri from, Path to) throws IOException;

    void upload(Path from, S3Uri to, String contentType) throws IOException;

    void delete(S3Uri what) throws IOException;
}

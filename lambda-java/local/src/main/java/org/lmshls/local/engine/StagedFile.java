package org.lmshls.local.engine;

import java.nio.file.Path;
import org.lmshls.local.s3.S3Uri;

/** A finished output file in the scratch folder, and where it is to be published. */
record StagedFile(Path file, S3Uri to, String contentType) {}

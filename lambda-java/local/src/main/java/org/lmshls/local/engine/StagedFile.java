package org.lmshls.local.engine;

import java.nio.file.Path;

/** A finished output file in the scratch folder, and where it is to be published. */
record StagedFile(Path file, ObjectLocation to, String contentType) {}

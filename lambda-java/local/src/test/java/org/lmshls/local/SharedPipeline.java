package org.lmshls.local;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up the end-to-end test classes share: one {@link Pipeline} (two jobs at a time) in the
 * class's own temporary folder, started before the class's own {@code @BeforeAll} (which uploads
 * its inputs) and closed after its {@code @AfterAll}. The fields are static, as JUnit's per-class
 * set-up wants them; each test class gets its own folder and pipeline (the build runs test
 * classes one after another).
 */
abstract class SharedPipeline {
    @TempDir
    static Path dir;

    static Pipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = new Pipeline(dir, 2);
    }

    @AfterAll
    static void closePipeline() {
        if (pipeline != null) pipeline.close();
        pipeline = null;
    }
}

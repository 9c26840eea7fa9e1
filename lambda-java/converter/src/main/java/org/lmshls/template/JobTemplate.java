package org.lmshls.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

/** The MediaConvert job settings in {@code job-templates/}, bundled into the converter jar. */
public final class JobTemplate {

    /** Class-path location of the bundled template (copied from {@code job-templates/} by Maven). */
    public static final String BUNDLED_RESOURCE = "job-templates/hls-abr.json";

    private JobTemplate() {}

    /** Parses the bundled template. Costs a few hundred ms the first time: call it once. */
    public static JobSettings bundled() {
        try (InputStream in = JobTemplate.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("job template " + BUNDLED_RESOURCE
                        + " is missing from the class path (was the jar built by Maven?)");
            }
            return parse(in, BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job template " + BUNDLED_RESOURCE, e);
        }
    }

    /** Parses a template file, e.g. one given to the local runtime with {@code --template}. */
    public static JobSettings read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job template " + file, e);
        }
    }

    private static JobSettings parse(InputStream in, String name) {
        try {
            return SdkJson.read(in, JobSettings.class);
        } catch (SdkJson.InvalidSdkJsonException e) {
            throw new SdkJson.InvalidSdkJsonException("job template " + name + ": " + e.getMessage(), e);
        }
    }
}

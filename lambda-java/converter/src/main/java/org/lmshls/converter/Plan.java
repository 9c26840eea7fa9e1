package org.lmshls.converter;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** What one S3 record asks for: {@link RecordPlanner}'s answer. */
public sealed interface Plan permits Plan.Work, Plan.Skip {

    /** A record that needs work: the listing under {@link #listPrefix()} finds the caption files and videos. */
    sealed interface Work extends Plan permits Video, Caption {
        S3Upload upload();

        /** When S3 says the object was created; null when the record has no (readable) eventTime. */
        Instant eventTime();

        String listPrefix();
    }

    /** A video upload: one job for it, with the caption files next to it. */
    record Video(S3Upload upload, String suffix, Instant eventTime) implements Work {
        /** The key without its suffix. */
        public String stem() {
            return upload.key().substring(0, upload.key().length() - suffix.length());
        }

        @Override
        public String listPrefix() {
            return stem() + ".";
        }
    }

    /** A caption upload: a new job for each video it belongs to, if that video is there already. */
    record Caption(S3Upload upload, List<Captions.Reading> readings, Instant eventTime) implements Work {
        @Override
        public String listPrefix() {
            // The shortest stem's prefix covers every reading: "intro." lists intro.mp4 and intro.en.mp4.
            return readings.stream()
                            .map(Captions.Reading::stem)
                            .min(Comparator.comparingInt(String::length))
                            .orElseThrow()
                    + ".";
        }
    }

    /**
     * Nothing to do, with the reason (logged once). {@code malformed} marks a record S3 would never
     * send (logged as a warning); the others are expected (another event type, another file type).
     */
    record Skip(String reason, String key, boolean malformed) implements Plan {}
}

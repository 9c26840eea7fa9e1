package org.lmshls.local.mediaconvert;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.lmshls.local.s3.S3Credentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClientBuilder;

/** Set-up the tests of the local MediaConvert API share: an SDK client against it, and a clock to move. */
public final class LocalApiFixture {
    private LocalApiFixture() {}

    /** The real SDK client's builder, pointed at a local MediaConvert API with the local credentials. */
    public static MediaConvertClientBuilder clientBuilder(URI endpoint) {
        return MediaConvertClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(S3Credentials.LOCAL.provider())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    /** The real SDK client against a local MediaConvert API. */
    public static MediaConvertClient client(URI endpoint) {
        return clientBuilder(endpoint).build();
    }

    /**
     * A service of one worker whose engine is a {@link FakeEngine} taking {@code fakeJob} per job, its
     * events MediaConvert's for us-east-1 and the local account.
     */
    public static JobService service(Duration fakeJob) {
        return new JobService(
                new FakeEngine(fakeJob),
                new JobEvents("us-east-1", "000000000000", null, null),
                "us-east-1",
                "000000000000",
                1);
    }

    /** Closes each in turn, skipping those never started (null). */
    public static void closeAll(AutoCloseable... each) throws Exception {
        for (AutoCloseable c : each) if (c != null) c.close();
    }

    /** A clock the test moves; everything else in the service reads it. */
    public static final class MovableClock extends Clock {
        private volatile Instant now;

        public MovableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

package org.lmshls.converter;

import java.util.Objects;

/**
 * An object (or key prefix) in a bucket, written {@code s3://bucket/key} as MediaConvert's
 * {@code FileInput}, {@code SourceFile} and {@code Destination} settings spell it. The one place
 * that builds or parses that form. (Named so that it does not shadow the SDK's
 * {@code software.amazon.awssdk.services.s3.S3Uri}.)
 *
 * @param bucket the bucket name, never empty
 * @param key the object key or prefix, as stored (not URL-encoded); may be empty
 */
public record S3Location(String bucket, String key) {

    public static final String SCHEME = "s3://";

    public S3Location {
        Objects.requireNonNull(key, "key");
        if (bucket == null || bucket.isEmpty() || bucket.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a bucket name: " + bucket);
        }
    }

    /** Reads {@code s3://bucket/key} (or {@code s3://bucket}). */
    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not an s3:// URI: " + uri);
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("s3 URI without a bucket: " + uri);
        }
        return new S3Location(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    /** The key's folder part with its trailing slash ({@code ""} at the bucket root). */
    public String folder() {
        return key.substring(0, key.lastIndexOf('/') + 1);
    }

    /** The key's last path segment. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The object named {@code fileName} in the same folder. */
    public S3Location sibling(String fileName) {
        return new S3Location(bucket, folder() + fileName);
    }

    /** This key with {@code suffix} appended, as MediaConvert appends modifiers and extensions to a destination. */
    public S3Location plus(String suffix) {
        return new S3Location(bucket, key + suffix);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}

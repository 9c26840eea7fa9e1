package org.lmshls.local.engine;

/**
 * An object in storage, {@code s3://bucket/key}, as MediaConvert's FileInput and Destination settings
 * write it. The engine's own type, so the engine does not depend on the S3 adapter (local.s3) that
 * implements its {@link Storage}.
 */
public record ObjectLocation(String bucket, String key) {

    public static ObjectLocation parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException("not an s3:// URI: " + uri);
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) throw new IllegalArgumentException("s3 URI without a bucket: " + uri);
        return new ObjectLocation(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    /** The key's folder part, with its trailing slash ({@code ""} at the bucket root). */
    public String folder() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash + 1);
    }

    /** The key's last path segment. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    public ObjectLocation sibling(String fileName) {
        return new ObjectLocation(bucket, folder() + fileName);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}

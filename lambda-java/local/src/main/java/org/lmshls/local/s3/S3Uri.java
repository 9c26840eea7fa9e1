package org.lmshls.local.s3;

/** {@code s3://bucket/key}, as MediaConvert's FileInput and Destination settings write it. */
public record S3Uri(String bucket, String key) {

    public static S3Uri parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException("not an s3:// URI: " + uri);
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) throw new IllegalArgumentException("s3 URI without a bucket: " + uri);
        return new S3Uri(bucket, slash < 0 ? "" : rest.substring(slash + 1));
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

    public S3Uri sibling(String fileName) {
        return new S3Uri(bucket, folder() + fileName);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}

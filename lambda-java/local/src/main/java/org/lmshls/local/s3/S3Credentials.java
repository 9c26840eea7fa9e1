package org.lmshls.local.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The key pair the local services accept and the local clients sign with. Not a secret. */
public record S3Credentials(String accessKeyId, String secretAccessKey) {

    public static final S3Credentials LOCAL = new S3Credentials("local", "local-secret-key");

    public StaticCredentialsProvider provider() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }
}

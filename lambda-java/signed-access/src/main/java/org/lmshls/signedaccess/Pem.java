package org.lmshls.signedaccess;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA keys from PEM text: the private key that signs the cookies (an unencrypted PKCS#8 PEM, as a
 * secret store holds it) and the public key that verifies them (what a CloudFront key group holds;
 * the local runtime's cookie check reads it).
 */
public final class Pem {

    private Pem() {}

    /** {@code -----BEGIN PRIVATE KEY-----} (PKCS#8). */
    public static PrivateKey rsaPrivateKey(String pem) {
        return read(
                pem,
                "PRIVATE KEY",
                "expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----); convert a PKCS#1 key with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in key.pem'",
                "private",
                der -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
    }

    /** {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo). */
    public static PublicKey rsaPublicKey(String pem) {
        return read(
                pem,
                "PUBLIC KEY",
                "expected a public key PEM (-----BEGIN PUBLIC KEY-----)",
                "public",
                der -> KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)));
    }

    @FunctionalInterface
    private interface KeyReader<K> {
        K read(byte[] der) throws GeneralSecurityException;
    }

    /** The base64 body between the {@code label} lines, decoded and read as a key. */
    private static <K> K read(String pem, String label, String notThisPem, String kind, KeyReader<K> reader) {
        String begin = "-----BEGIN " + label + "-----";
        if (!pem.contains(begin)) {
            throw new IllegalArgumentException(notThisPem);
        }
        String base64 = pem.replace(begin, "")
                .replace("-----END " + label + "-----", "")
                .replaceAll("\\s", "");
        try {
            return reader.read(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the PEM does not hold a readable RSA " + kind + " key: " + e.getMessage(), e);
        }
    }
}

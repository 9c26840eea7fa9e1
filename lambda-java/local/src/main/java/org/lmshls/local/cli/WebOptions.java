package org.lmshls.local.cli;

import java.nio.file.Path;
import org.lmshls.local.web.SignedCookieCheck;
import org.lmshls.local.web.WebServer;
import org.lmshls.signedaccess.SignedCookies;
import picocli.CommandLine.Option;

/** Options of the library and watch pages, for the commands that serve them. */
final class WebOptions {
    @Option(
            names = "--web-port",
            description = "Port of the library and watch pages on 127.0.0.1 (serve: " + ServeCommand.WEB_PORT
                    + "; convert --serve: any free port; 0: any free port).")
    Integer webPort;

    @Option(
            names = "--signed-cookies-public-key",
            paramLabel = "PEM",
            description = "Serve media only to requests with CloudFront signed cookies that verify with this public key"
                    + " (PEM, as in the CloudFront key group), as CloudFront does with signed access on; media is then"
                    + " also served under /assets/..., the paths CloudFront serves.")
    Path signedCookiesPublicKey;

    @Option(
            names = "--signed-cookies-key-pair-id",
            paramLabel = "ID",
            description = "The CloudFront public key id the cookies must name (CloudFront-Key-Pair-Id).")
    String signedCookiesKeyPairId;

    @Option(
            names = "--signed-cookies-issuer-key",
            paramLabel = "PEM",
            description =
                    "For tests: a PKCS#8 private key PEM; with it, GET /_local/signed-cookies?asset=ID (loopback only)"
                            + " issues cookies for one lecture with lambda-java/signed-access, as an LMS backend would.")
    Path signedCookiesIssuerKey;

    int port(int defaultPort) {
        return webPort != null ? webPort : defaultPort;
    }

    /** The signed-cookie enforcement the options ask for, or null. */
    WebServer.SignedAccess signedAccess() throws java.io.IOException {
        if (signedCookiesPublicKey == null && signedCookiesKeyPairId == null && signedCookiesIssuerKey == null)
            return null;
        if (signedCookiesPublicKey == null || signedCookiesKeyPairId == null)
            throw new IllegalArgumentException(
                    "--signed-cookies-public-key and --signed-cookies-key-pair-id go together");
        return new WebServer.SignedAccess(
                SignedCookieCheck.fromPem(signedCookiesPublicKey, signedCookiesKeyPairId),
                signedCookiesIssuerKey == null
                        ? null
                        : SignedCookies.privateKeyFromPem(java.nio.file.Files.readString(signedCookiesIssuerKey)));
    }

    @Option(
            names = "--web-dir",
            description = "The built pages (default: web/dist of this checkout, built by `make web`).")
    Path webDir;
}

// Issues the three CloudFront signed cookies for one asset with the project's own issuer
// (lambda-java/signed-access SignedCookies) and prints them as one Cookie header value:
// what a browser would send after the LMS set them. Run by scripts/smoke-aws.sh with the
// source launcher:
//   java -cp <signed-access classes and dependencies> IssueCookies.java \
//        <playback domain> <key pair id> <private key PEM file (PKCS#8)> <asset id>
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import org.lmshls.signedaccess.SignedCookies;

public class IssueCookies {
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: IssueCookies <playback domain> <key pair id> <private key PEM> <asset id>");
            System.exit(2);
        }
        var key = SignedCookies.privateKeyFromPem(Files.readString(Path.of(args[2])));
        var issuer = new SignedCookies(args[0], args[1], key, Duration.ofHours(1), null, Clock.systemUTC());
        // Set-Cookie: name=value; Path=...; ...  ->  name=value; name=value; name=value
        System.out.println(issuer.setCookieHeaders(args[3]).stream()
                .map(h -> h.substring(0, h.indexOf(';')))
                .collect(Collectors.joining("; ")));
    }
}

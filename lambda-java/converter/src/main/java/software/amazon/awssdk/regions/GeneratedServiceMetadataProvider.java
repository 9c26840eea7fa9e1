package software.amazon.awssdk.regions;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in, inside the converter's shaded jar, for the AWS SDK's class of the same name: the same
 * answer for every endpoint prefix, built when it is first asked for instead of all at once.
 *
 * <p>Why: building any SDK client asks {@code ServiceMetadata.of("mediaconvert")} for the signing
 * region. The SDK's generated provider answers from a map it fills in its static initialiser with
 * an instance of every one of the ~310 services' metadata classes, and loading those classes was
 * the largest single part of the converter's cold start (aws/aws-sdk-java-v2#3664). The SDK
 * removed that call from client creation in later releases (aws/aws-sdk-java-v2#7161); the
 * MediaConvert client resolvable here is older. Remove this class, and the shade filter that drops
 * the SDK's copy ({@code converter/pom.xml}), once the SDK version in {@code lambda-java/pom.xml}
 * includes that change.
 *
 * <p>The generated classes are named after the prefix: each part between {@code .} and {@code -}
 * capitalised, then {@code ServiceMetadata} ({@code access-analyzer} →
 * {@code AccessAnalyzerServiceMetadata}); S3 is the one exception. {@code
 * LazyServiceMetadataProviderTest} checks this against the SDK's own provider for every prefix it
 * knows, so a new SDK version that breaks the rule fails the build, not the Lambda.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {

    private static final String PACKAGE = "software.amazon.awssdk.regions.servicemetadata.";
    private static final Map<String, String> EXCEPTIONS = Map.of("s3", "EnhancedS3ServiceMetadata");
    /** Metadata by prefix, and {@link #UNKNOWN} for a prefix the SDK has no class for. */
    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    private static final Object UNKNOWN = new Object();

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        Object found = CACHE.computeIfAbsent(endpointPrefix, GeneratedServiceMetadataProvider::load);
        return found == UNKNOWN ? null : (ServiceMetadata) found;
    }

    /** The class name the SDK generates for {@code endpointPrefix}. */
    static String className(String endpointPrefix) {
        String special = EXCEPTIONS.get(endpointPrefix);
        if (special != null) {
            return PACKAGE + special;
        }
        StringBuilder name = new StringBuilder(PACKAGE);
        for (String part : endpointPrefix.split("[.-]")) {
            if (!part.isEmpty()) {
                name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return name.append("ServiceMetadata").toString();
    }

    private static Object load(String endpointPrefix) {
        try {
            Class<?> c = Class.forName(
                    className(endpointPrefix), true, GeneratedServiceMetadataProvider.class.getClassLoader());
            return c.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return UNKNOWN; // as the SDK's map answers for a prefix it does not hold: null
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot build the SDK's metadata for " + endpointPrefix, e);
        }
    }
}

package software.amazon.awssdk.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The converter's lazy {@link GeneratedServiceMetadataProvider} against the SDK's own one, read
 * from the SDK's regions jar in a class loader of its own (on this class path the converter's copy
 * shadows it, as in the shaded jar).
 */
class LazyServiceMetadataProviderTest {

    @Test
    void answersWithTheSdksClassForEveryPrefixTheSdkKnows() throws Exception {
        Map<String, String> sdk = sdkProvidersAnswers();
        assertTrue(sdk.size() > 300, "the SDK's provider knows " + sdk.size() + " prefixes");
        assertTrue(sdk.containsKey("mediaconvert"));
        GeneratedServiceMetadataProvider lazy = new GeneratedServiceMetadataProvider();
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, String> e : sdk.entrySet()) {
            ServiceMetadata m = lazy.serviceMetadata(e.getKey());
            String ours = m == null ? "null" : m.getClass().getName();
            if (!ours.equals(e.getValue())) {
                differ.add(e.getKey() + ": SDK " + e.getValue() + ", lazy " + ours);
            }
        }
        assertEquals(List.of(), differ, "prefixes where the lazy provider answers otherwise than the SDK's");
    }

    @Test
    void anUnknownPrefixIsNullAsInTheSdksMap() {
        assertNull(new GeneratedServiceMetadataProvider().serviceMetadata("no-such-service"));
        assertNull(new GeneratedServiceMetadataProvider().serviceMetadata("no-such-service")); // cached
    }

    @Test
    void mediaConvertsSigningRegionIsTheClientRegion() {
        ServiceMetadata m = ServiceMetadata.of("mediaconvert");
        assertNotNull(m);
        assertEquals("MediaconvertServiceMetadata", m.getClass().getSimpleName());
        assertEquals(Region.EU_CENTRAL_1, m.signingRegion(Region.EU_CENTRAL_1));
    }

    @Test
    void classNamesFollowTheGeneratorsRule() {
        assertEquals(
                "software.amazon.awssdk.regions.servicemetadata.AccessAnalyzerServiceMetadata",
                GeneratedServiceMetadataProvider.className("access-analyzer"));
        assertEquals(
                "software.amazon.awssdk.regions.servicemetadata.ApiEcrServiceMetadata",
                GeneratedServiceMetadataProvider.className("api.ecr"));
    }

    /** prefix → class name, from the SDK's generated provider's map. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> sdkProvidersAnswers() throws Exception {
        List<URL> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (name.matches(
                    "(regions|utils|annotations|profiles|sdk-core|json-utils|third-party-jackson-core|slf4j-api|slf4j-nop)-[0-9].*\\.jar")) {
                jars.add(new File(entry).toURI().toURL());
            }
        }
        assertTrue(jars.stream().anyMatch(u -> u.getPath().contains("/regions-")), "regions jar on " + jars);
        try (URLClassLoader sdkOnly =
                new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> provider = Class.forName(GeneratedServiceMetadataProvider.class.getName(), true, sdkOnly);
            Field map = provider.getDeclaredField("SERVICE_METADATA");
            map.setAccessible(true);
            Map<String, String> out = new TreeMap<>();
            ((Map<String, Object>) map.get(null))
                    .forEach((k, v) -> out.put(k, v.getClass().getName()));
            return out;
        }
    }
}

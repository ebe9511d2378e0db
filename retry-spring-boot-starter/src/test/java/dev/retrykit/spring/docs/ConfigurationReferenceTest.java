package dev.retrykit.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.retrykit.spring.autoconfigure.RetryProperties;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;

/**
 * docs/configuration.md against what the starter really binds: every key of the generated configuration metadata
 * and every nested key of a service or template entry is in the reference, with the default the metadata states.
 */
class ConfigurationReferenceTest {

    private final String reference = RepositoryDocs.read(RepositoryDocs.ROOT.resolve("docs/configuration.md"));

    @Test
    void documentsEveryKeyOfTheMetadataWithItsDefault() throws IOException {
        List<Map<String, Object>> properties;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            properties = JsonPath.parse(in).read("$.properties[*]");
        }
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> property : properties) {
            String name = (String) property.get("name");
            if (name.equals("retry.services") || name.equals("retry.templates")) {
                continue;
            }
            String key = name.equals("retry.chaos.services") ? "retry.chaos.services.NAME.failure-rate" : name;
            String row = rowOf(key);
            if (row == null) {
                missing.add(key + " (no row)");
            } else if (property.get("defaultValue") != null && !(property.get("defaultValue") instanceof Collection<?>)
                    && !row.toLowerCase().contains("`" + String.valueOf(property.get("defaultValue")).toLowerCase())) {
                missing.add(key + " (default " + property.get("defaultValue") + " not stated)");
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void documentsEveryKeyOfAServiceAndATemplate() {
        List<String> keys = new ArrayList<>();
        collectKeys(RetryProperties.Service.class, "", keys);
        collectKeys(RetryProperties.Template.class, "", keys);
        collectKeys(RetryProperties.ChaosService.class, "retry.chaos.services.NAME.", keys);
        assertThat(keys).contains("max-attempts", "circuit-breaker.max-time-in-half-open", "bulkhead.max-wait");
        assertThat(keys.stream().distinct().filter(key -> rowOf(key) == null)).isEmpty();
    }

    /** The table row whose first cell is {@code `key`}, or null. */
    private String rowOf(String key) {
        for (String line : reference.split("\n")) {
            if (line.startsWith("| `" + key + "` |")) {
                return line;
            }
        }
        return null;
    }

    private static void collectKeys(Class<?> type, String prefix, List<String> keys) {
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (descriptor.getName().equals("class") || descriptor.getReadMethod() == null) {
                continue;
            }
            String key = prefix + kebab(descriptor.getName());
            Class<?> propertyType = descriptor.getPropertyType();
            if (propertyType.getName().startsWith(RetryProperties.class.getName() + "$")) {
                collectKeys(propertyType, key + ".", keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}

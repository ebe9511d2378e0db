package dev.retrykit.spring.autoconfigure;

import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import dev.retrykit.spring.diagnostics.NearestName;
import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The keys an entry under {@code retry.services.NAME}, {@code retry.templates.NAME} or
 * {@code retry.chaos.services.NAME} may hold, read from {@link RetryProperties}' nested classes, and the check that
 * every key written there is one of them. Spring Boot's binder ignores unknown keys, so without this check
 * {@code max-atempts} would silently leave the template's value in place. Keys are compared in Spring Boot's relaxed
 * form ({@code maxAttempts}, {@code max_attempts} and {@code max-attempts} are one key). Environment variables are not
 * checked: their names cannot tell a dash from a dot. Immutable.
 */
final class PolicyKeys {

    private static final ConfigurationPropertyName RETRY = ConfigurationPropertyName.of("retry");

    /** The entry maps: the path under {@code retry} and the type of their values. */
    private static final Map<String, Class<?>> ENTRIES = Map.of("services", RetryProperties.Service.class,
            "templates", RetryProperties.Template.class, "chaos.services", RetryProperties.ChaosService.class);

    private PolicyKeys() {
    }

    /**
     * A problem for every key written in {@code sources} under an entry whose name is not a key of that entry, naming
     * the nearest key that is.
     */
    static List<ConfigurationProblem> unknownKeys(Iterable<ConfigurationPropertySource> sources) {
        Map<ConfigurationPropertyName, Object> written = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : sources) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)
                    || source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
                continue;
            }
            iterable.stream().filter(RETRY::isAncestorOf).forEach(name -> {
                if (!written.containsKey(name)) {
                    ConfigurationProperty property = source.getConfigurationProperty(name);
                    written.put(name, property == null ? null : property.getValue());
                }
            });
        }
        List<ConfigurationProblem> problems = new ArrayList<>();
        written.forEach((name, value) -> check(name, value, problems));
        return problems;
    }

    private static void check(ConfigurationPropertyName name, Object value, List<ConfigurationProblem> problems) {
        for (Map.Entry<String, Class<?>> entry : ENTRIES.entrySet()) {
            ConfigurationPropertyName map = RETRY.append(entry.getKey());
            int keyStart = map.getNumberOfElements() + 1;
            if (!map.isAncestorOf(name) || name.getNumberOfElements() <= keyStart) {
                continue;
            }
            List<String> known = keysOf(entry.getValue());
            if (isKnown(name, keyStart, entry.getValue())) {
                return;
            }
            String entryPath = name.chop(keyStart).toString();
            String nearest = NearestName.of(relative(name, keyStart), known);
            int lastDot = nearest.lastIndexOf('.');
            String group = lastDot < 0 ? entryPath : entryPath + "." + nearest.substring(0, lastDot);
            problems.add(new ConfigurationProblem(name.toString(), value == null ? "" : String.valueOf(value),
                    "is not a key retrykit knows, so it would be ignored",
                    entryPath + "." + nearest + " (the nearest known key), or another key of " + group + ": "
                            + String.join(", ", siblings(known, lastDot < 0 ? "" : nearest.substring(0, lastDot + 1)))));
            return;
        }
    }

    /** The keys directly under {@code parent} (ending with a dot, or empty for the entry), nested groups as {@code group.*}. */
    private static Set<String> siblings(List<String> known, String parent) {
        Set<String> siblings = new LinkedHashSet<>();
        for (String key : known) {
            if (key.startsWith(parent)) {
                String rest = key.substring(parent.length());
                int dot = rest.indexOf('.');
                siblings.add(dot < 0 ? rest : rest.substring(0, dot) + ".*");
            }
        }
        return siblings;
    }

    private static boolean isKnown(ConfigurationPropertyName name, int keyStart, Class<?> entryType) {
        String uniform = uniform(relative(name, keyStart));
        for (String key : pathsOf(entryType)) {
            if (uniform(key).equals(uniform)) {
                return true;
            }
        }
        return false;
    }

    /** The part of {@code name} after the entry's name, up to a list index: {@code circuit-breaker.enabled}. */
    private static String relative(ConfigurationPropertyName name, int keyStart) {
        StringBuilder key = new StringBuilder();
        for (int i = keyStart; i < name.getNumberOfElements() && !name.isNumericIndex(i); i++) {
            if (key.length() > 0) {
                key.append('.');
            }
            key.append(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
        }
        return key.toString();
    }

    private static String uniform(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]", "");
    }

    /** The leaf keys of an entry type, e.g. {@code max-attempts}, {@code circuit-breaker.enabled}. */
    static List<String> keysOf(Class<?> type) {
        List<String> keys = new ArrayList<>();
        collect(type, "", keys, false);
        return keys;
    }

    /** The leaf keys and the nested objects' own keys ({@code circuit-breaker}). */
    private static Set<String> pathsOf(Class<?> type) {
        List<String> keys = new ArrayList<>();
        collect(type, "", keys, true);
        return new LinkedHashSet<>(keys);
    }

    private static void collect(Class<?> type, String prefix, List<String> keys, boolean withObjects) {
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getName().equals("class") || property.getReadMethod() == null) {
                continue;
            }
            String key = prefix + dashed(property.getName());
            Class<?> valueType = property.getPropertyType();
            if (valueType.getDeclaringClass() == RetryProperties.class && !valueType.isEnum()) {
                if (withObjects) {
                    keys.add(key);
                }
                collect(valueType, key + ".", keys, withObjects);
            } else {
                keys.add(key);
            }
        }
    }

    private static String dashed(String property) {
        StringBuilder dashed = new StringBuilder();
        for (char c : property.toCharArray()) {
            if (Character.isUpperCase(c)) {
                dashed.append('-').append(Character.toLowerCase(c));
            } else {
                dashed.append(c);
            }
        }
        return dashed.toString();
    }
}

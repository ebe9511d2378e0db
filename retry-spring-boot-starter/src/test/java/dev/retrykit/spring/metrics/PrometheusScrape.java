package dev.retrykit.spring.metrics;

import java.util.Set;
import java.util.TreeSet;

/** Reads the Prometheus text exposition format just enough for assertions. */
public final class PrometheusScrape {

    private PrometheusScrape() {
    }

    /**
     * The value of the sample {@code name} whose labels include every {@code label=value} pair given, or
     * {@code null} when there is none.
     */
    public static Double value(String scrape, String name, String... labelPairs) {
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String labels = line.substring(name.length(), space);
            boolean matches = true;
            for (int i = 0; i + 1 < labelPairs.length; i += 2) {
                matches &= labels.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"");
            }
            if (matches) {
                return Double.valueOf(line.substring(space + 1));
            }
        }
        return null;
    }

    /** The sample names of a scrape ({@code retry_calls_total}, {@code retry_call_duration_seconds_bucket}, ...). */
    public static Set<String> metricNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}

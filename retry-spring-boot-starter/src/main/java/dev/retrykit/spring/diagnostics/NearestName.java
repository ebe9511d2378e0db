package dev.retrykit.spring.diagnostics;

import java.util.Collection;

/**
 * Finds the candidate closest to a misspelt name by edit distance, for "did you mean" hints in startup messages
 * ({@code max-atempts} → {@code max-attempts}, {@code vet} → {@code vets}). Stateless.
 */
public final class NearestName {

    private NearestName() {
    }

    /**
     * The candidate with the fewest single-character edits from {@code name} (the first one on a tie).
     *
     * @return the nearest candidate, or {@code null} when there is none
     */
    public static String of(String name, Collection<String> candidates) {
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(name, candidate);
            if (distance < best) {
                best = distance;
                nearest = candidate;
            }
        }
        return nearest;
    }

    /** The Levenshtein distance: insertions, deletions and substitutions of one character each. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

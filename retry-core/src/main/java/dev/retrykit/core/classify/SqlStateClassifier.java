package dev.retrykit.core.classify;

import java.sql.SQLException;
import java.util.Set;

/**
 * Retries {@link SQLException}s (anywhere in the cause chain, including chained {@code getNextException()}s)
 * whose SQLState is in a given set, e.g. {@code 40001} (serialization failure) and {@code 40P01} (deadlock).
 * No opinion otherwise. Immutable and thread-safe.
 */
public final class SqlStateClassifier implements ErrorClassifier {

    private static final int MAX_DEPTH = 32;

    private final Set<String> retryableStates;

    /** Retries the given SQLStates. */
    public SqlStateClassifier(Set<String> retryableStates) {
        this.retryableStates = Set.copyOf(retryableStates);
    }

    @Override
    public Classification classify(Throwable error) {
        if (retryableStates.isEmpty()) {
            return null;
        }
        int depth = 0;
        for (Throwable t = error; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null && depth < MAX_DEPTH; e = e.getNextException(), depth++) {
                    if (e.getSQLState() != null && retryableStates.contains(e.getSQLState())) {
                        return Classification.RETRYABLE;
                    }
                }
            }
        }
        return null;
    }
}

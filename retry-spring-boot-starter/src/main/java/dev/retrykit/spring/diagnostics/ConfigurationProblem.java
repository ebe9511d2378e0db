package dev.retrykit.spring.diagnostics;

import java.util.Objects;

/**
 * One invalid configuration value: where it is, what was written, why it is wrong and what is allowed.
 *
 * @param property the full property path, e.g. {@code retry.services.payments.strategy}
 * @param value    the value as written (durations in the {@code application.yml} form); empty when unset
 * @param reason   why the value is wrong, e.g. {@code is not a strategy}
 * @param allowed  what may be written instead, e.g. {@code one of: immediate, fixed, linear}
 */
public record ConfigurationProblem(String property, String value, String reason, String allowed) {

    /** Checks that no part is {@code null}. */
    public ConfigurationProblem {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(allowed, "allowed");
    }

    /** The problem in one line: {@code retry.services.payments.strategy: 'expo' is not a strategy; use one of: ...}. */
    public String describe() {
        return property + ": '" + value + "' " + reason + "; use " + allowed;
    }

    @Override
    public String toString() {
        return describe();
    }
}

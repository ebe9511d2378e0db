package dev.retrykit.core.breaker;

import java.util.Objects;

/**
 * One state change of a {@link CircuitBreaker}, as kept in {@link CircuitBreaker#recentTransitions()}.
 *
 * @param from        the state left
 * @param to          the state entered
 * @param epochMillis when the new state began, on the wall clock of the breaker's clock (a HALF_OPEN period that ran
 *                    out of time is dated when its time ran out, not when somebody noticed)
 */
public record StateTransition(CircuitState from, CircuitState to, long epochMillis) {

    /** Checks that both states are given. */
    public StateTransition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}

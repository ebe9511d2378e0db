package dev.retrykit.spring.actuate;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.backoff.BackoffStrategies;
import dev.retrykit.core.breaker.CircuitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/**
 * One validated runtime change of a service: a new policy and/or a breaker state, checked in full against the
 * service's current policy before anything is applied. Built by {@link #validate}; when {@link #problems()} is not
 * empty, {@link #applyTo} must not be called. Immutable.
 */
final class ServiceUpdate {

    /** Breaker states an operator may ask for. */
    static final List<CircuitState> SETTABLE_STATES = List.of(CircuitState.FORCED_OPEN, CircuitState.CLOSED,
            CircuitState.DISABLED);

    private final List<String> problems;
    private final @Nullable ServicePolicy policy;
    private final boolean attemptsChanged;
    private final @Nullable CircuitState circuitState;
    private final String description;

    private ServiceUpdate(List<String> problems, @Nullable ServicePolicy policy, boolean attemptsChanged,
                          @Nullable CircuitState circuitState, String description) {
        this.problems = List.copyOf(problems);
        this.policy = policy;
        this.attemptsChanged = attemptsChanged;
        this.circuitState = circuitState;
        this.description = description;
    }

    /**
     * Checks every field of {@code request} against {@code current} and builds the new policy.
     *
     * @param request    the fields of the request body, as sent
     * @param current    the service's policy now; the change applies on top of it
     * @param strategies the strategy names a policy may use
     * @return the update; its {@link #problems()} list every invalid field
     */
    static ServiceUpdate validate(Request request, ServicePolicy current, BackoffStrategies strategies) {
        List<String> problems = new ArrayList<>();
        StringJoiner description = new StringJoiner(", ", "changed through the actuator: ", "");
        ServicePolicy.Builder builder = current.toBuilder();
        boolean policyChanged = false;

        CircuitState state = null;
        if (request.circuitState() != null) {
            state = parseState(request.circuitState(), problems);
            description.add("circuitState=" + request.circuitState());
        }
        Integer maxAttempts = null;
        if (request.maxAttempts() != null) {
            maxAttempts = parseInt("maxAttempts", request.maxAttempts(), problems);
            if (maxAttempts != null && maxAttempts < 1) {
                problems.add(problem("maxAttempts", request.maxAttempts(), "must be at least 1"));
                maxAttempts = null;
            }
            if (maxAttempts != null) {
                builder.maxAttempts(maxAttempts);
                policyChanged = true;
            }
            description.add("maxAttempts=" + request.maxAttempts());
        }
        if (request.strategy() != null) {
            String strategy = request.strategy().trim();
            if (strategies.isKnown(strategy)) {
                builder.strategy(strategy);
                policyChanged = true;
            } else {
                problems.add(problem("strategy", request.strategy(), "is not a strategy; use one of "
                        + String.join(", ", strategies.names())));
            }
            description.add("strategy=" + request.strategy());
        }
        Duration baseDelay = current.backoff().baseDelay();
        if (request.baseDelay() != null) {
            Duration parsed = parseDuration("baseDelay", request.baseDelay(), problems);
            if (parsed != null) {
                baseDelay = parsed;
                builder.baseDelay(parsed);
                policyChanged = true;
            }
            description.add("baseDelay=" + request.baseDelay());
        }
        Duration maxDelay = current.backoff().maxDelay();
        if (request.maxDelay() != null) {
            Duration parsed = parseDuration("maxDelay", request.maxDelay(), problems);
            if (parsed != null) {
                maxDelay = parsed;
                builder.maxDelay(parsed);
                policyChanged = true;
            }
            description.add("maxDelay=" + request.maxDelay());
        }
        if ((request.baseDelay() != null || request.maxDelay() != null) && baseDelay.compareTo(maxDelay) > 0) {
            problems.add("baseDelay " + baseDelay + " must not exceed maxDelay " + maxDelay);
        }
        if (request.multiplier() != null) {
            Double multiplier = parseDouble("multiplier", request.multiplier(), problems);
            if (multiplier != null && !(multiplier >= 1 && !multiplier.isInfinite())) {
                problems.add(problem("multiplier", request.multiplier(), "must be a number of at least 1"));
            } else if (multiplier != null) {
                builder.multiplier(multiplier);
                policyChanged = true;
            }
            description.add("multiplier=" + request.multiplier());
        }
        if (request.jitter() != null) {
            Double jitter = parseDouble("jitter", request.jitter(), problems);
            if (jitter != null && !(jitter >= 0 && jitter <= 1)) {
                problems.add(problem("jitter", request.jitter(), "must be a fraction between 0 and 1"));
            } else if (jitter != null) {
                builder.jitter(jitter);
                policyChanged = true;
            }
            description.add("jitter=" + request.jitter());
        }
        if (request.isEmpty()) {
            problems.add("the body changes nothing; send circuitState (" + stateNames()
                    + ") and/or maxAttempts, baseDelay, maxDelay, strategy, multiplier, jitter");
        }

        ServicePolicy policy = null;
        if (problems.isEmpty() && policyChanged) {
            try {
                policy = builder.build();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return new ServiceUpdate(problems, policy, maxAttempts != null, state, description.toString());
    }

    /** Every invalid field with its value and what is allowed; empty when the update may be applied. */
    List<String> problems() {
        return problems;
    }

    /**
     * Applies the update: the policy first (an attempts change is pinned over annotation attributes), then the
     * breaker state, then one event describing the change.
     *
     * @param service the service validated against
     */
    void applyTo(GuardedService service) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException("an invalid update cannot be applied: " + problems);
        }
        if (policy != null) {
            if (attemptsChanged) {
                service.updatePolicy(policy, true);
            } else {
                service.updatePolicy(policy);
            }
        }
        if (circuitState != null) {
            service.circuitBreaker().transitionTo(circuitState);
        }
        service.recordReconfiguration(description);
    }

    private static @Nullable CircuitState parseState(String value, List<String> problems) {
        String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (CircuitState state : SETTABLE_STATES) {
            if (state.name().equals(normalized)) {
                return state;
            }
        }
        problems.add(problem("circuitState", value, "cannot be set; use one of " + stateNames()));
        return null;
    }

    private static @Nullable Integer parseInt(String field, String value, List<String> problems) {
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            problems.add(problem(field, value, "is not a whole number"));
            return null;
        }
    }

    private static @Nullable Double parseDouble(String field, String value, List<String> problems) {
        try {
            return Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            problems.add(problem(field, value, "is not a number"));
            return null;
        }
    }

    private static @Nullable Duration parseDuration(String field, String value, List<String> problems) {
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(value.trim());
        } catch (IllegalArgumentException e) {
            problems.add(problem(field, value, "is not a duration; use ISO-8601 (PT0.5S) or a value with a unit (500ms)"));
            return null;
        }
        if (duration.isNegative()) {
            problems.add(problem(field, value, "must not be negative"));
            return null;
        }
        return duration;
    }

    private static String problem(String field, String value, String what) {
        return field + ": '" + value + "' " + what;
    }

    private static String stateNames() {
        StringJoiner names = new StringJoiner(", ");
        SETTABLE_STATES.forEach(state -> names.add(state.name()));
        return names.toString();
    }

    /**
     * The fields of a {@code POST /actuator/retry/{service}} body, as sent; {@code null} = not sent.
     *
     * @param circuitState FORCED_OPEN, CLOSED or DISABLED
     * @param maxAttempts  attempts including the first, at least 1
     * @param baseDelay    ISO-8601 or {@code application.yml} duration
     * @param maxDelay     ISO-8601 or {@code application.yml} duration, not below the base delay
     * @param strategy     a strategy name as in {@code application.yml}
     * @param multiplier   at least 1
     * @param jitter       a fraction between 0 and 1
     */
    record Request(@Nullable String circuitState, @Nullable String maxAttempts, @Nullable String baseDelay,
                   @Nullable String maxDelay, @Nullable String strategy, @Nullable String multiplier,
                   @Nullable String jitter) {

        boolean isEmpty() {
            return circuitState == null && maxAttempts == null && baseDelay == null && maxDelay == null
                    && strategy == null && multiplier == null && jitter == null;
        }
    }
}

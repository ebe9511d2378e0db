package dev.retrykit.spring.diagnostics;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Thrown at startup when retrykit's configuration holds invalid values. It carries every problem found, so that
 * one failed start reports all of them; {@link InvalidRetryConfigurationFailureAnalyzer} turns it into the
 * "APPLICATION FAILED TO START" text.
 */
public class InvalidRetryConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<ConfigurationProblem> problems;

    /**
     * Creates the exception for one or more problems.
     *
     * @param problems the problems, in the order found; not empty
     */
    public InvalidRetryConfigurationException(List<ConfigurationProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Creates the exception for one problem. */
    public InvalidRetryConfigurationException(String property, String value, String reason, String allowed) {
        this(List.of(new ConfigurationProblem(property, value, reason, allowed)));
    }

    private static String message(List<ConfigurationProblem> problems) {
        Objects.requireNonNull(problems, "problems");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("at least one problem is required");
        }
        if (problems.size() == 1) {
            return "Invalid retry configuration: " + problems.get(0).describe();
        }
        return problems.stream().map(ConfigurationProblem::describe)
                .collect(Collectors.joining("\n  ", "Invalid retry configuration (" + problems.size() + " problems):\n  ", ""));
    }

    /** Every problem found, in order; never empty. */
    public List<ConfigurationProblem> problems() {
        return problems;
    }

    /** The property of the first problem. */
    public String property() {
        return problems.get(0).property();
    }

    /** The value of the first problem, as written. */
    public String value() {
        return problems.get(0).value();
    }

    /** What the first problem's property allows. */
    public String allowedValues() {
        return problems.get(0).allowed();
    }
}

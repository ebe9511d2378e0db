package dev.retrykit.spring.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidRetryConfigurationException} as a failure analysis: the description names each bad
 * property with its value, reason and the allowed values; the action says what to write instead.
 */
public class InvalidRetryConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRetryConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidRetryConfigurationException cause) {
        StringBuilder description = new StringBuilder();
        StringBuilder action = new StringBuilder();
        if (cause.problems().size() == 1) {
            ConfigurationProblem problem = cause.problems().get(0);
            description.append("Invalid retry configuration: ").append(problem.describe());
            action.append("Update ").append(problem.property()).append(": use ").append(problem.allowed()).append('.');
        } else {
            description.append("Invalid retry configuration (").append(cause.problems().size()).append(" problems):");
            action.append("Update your application's retry configuration:");
            for (ConfigurationProblem problem : cause.problems()) {
                description.append("\n    - ").append(problem.describe());
                action.append("\n    - ").append(problem.property()).append(": use ").append(problem.allowed());
            }
        }
        return new FailureAnalysis(description.toString(), action.toString(), cause);
    }
}

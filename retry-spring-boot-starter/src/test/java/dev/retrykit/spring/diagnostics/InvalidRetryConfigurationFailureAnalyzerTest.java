package dev.retrykit.spring.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class InvalidRetryConfigurationFailureAnalyzerTest {

    private final InvalidRetryConfigurationFailureAnalyzer analyzer = new InvalidRetryConfigurationFailureAnalyzer();

    @Test
    void describesOneProblemWithItsValueAndAllowedValues() {
        InvalidRetryConfigurationException cause = new InvalidRetryConfigurationException("retry.services.payments.strategy", "expo",
                "is not a strategy", "one of: immediate, fixed");
        FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("retrykitPolicies", "failed", cause));
        assertThat(analysis.getDescription())
                .isEqualTo("Invalid retry configuration: retry.services.payments.strategy: 'expo' is not a strategy; use one of: immediate, fixed");
        assertThat(analysis.getAction()).isEqualTo("Update retry.services.payments.strategy: use one of: immediate, fixed.");
        assertThat(analysis.getCause()).isSameAs(cause);
    }

    @Test
    void listsEveryProblemWhenThereAreSeveral() {
        InvalidRetryConfigurationException cause = new InvalidRetryConfigurationException(List.of(
                new ConfigurationProblem("retry.store.type", "mongo", "is not a store type", "one of: memory, redis"),
                new ConfigurationProblem("retry.services.a.jitter", "2", "is outside 0..1", "a fraction from 0 to 1")));
        FailureAnalysis analysis = analyzer.analyze(cause);
        assertThat(analysis.getDescription()).contains("(2 problems)", "retry.store.type: 'mongo' is not a store type",
                "retry.services.a.jitter: '2' is outside 0..1; use a fraction from 0 to 1");
        assertThat(analysis.getAction()).contains("retry.store.type: use one of: memory, redis",
                "retry.services.a.jitter: use a fraction from 0 to 1");
        assertThat(cause.property()).isEqualTo("retry.store.type");
        assertThat(cause.value()).isEqualTo("mongo");
        assertThat(cause.allowedValues()).isEqualTo("one of: memory, redis");
    }

    @Test
    void ignoresOtherFailures() {
        assertThat(analyzer.analyze(new IllegalStateException("other"))).isNull();
    }

    @Test
    void isRegisteredAsAFailureAnalyzer() throws IOException {
        List<String> analyzers = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
            Properties factories = new Properties();
            try (InputStream in = url.openStream()) {
                factories.load(in);
            }
            analyzers.add(factories.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer", ""));
        }
        assertThat(analyzers).anySatisfy(names -> assertThat(names).contains(InvalidRetryConfigurationFailureAnalyzer.class.getName()));
    }
}

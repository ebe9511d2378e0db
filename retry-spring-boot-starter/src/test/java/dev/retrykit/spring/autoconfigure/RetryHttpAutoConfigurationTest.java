package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.classify.ClassifierProvider;
import dev.retrykit.spring.web.HttpStatusClassifierProvider;
import dev.retrykit.spring.web.RetryRestClientCustomizer;
import dev.retrykit.spring.web.RetryWebClientCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

class RetryHttpAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryHttpAutoConfiguration.class));

    @Test
    void exposesTheClassifierProviderAndBothCustomizers() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(HttpStatusClassifierProvider.class);
            assertThat(context.getBeansOfType(ClassifierProvider.class)).hasSize(1);
            assertThat(context).hasSingleBean(RetryRestClientCustomizer.class);
            assertThat(context).hasSingleBean(RetryWebClientCustomizer.class);
        });
    }

    @Test
    void backsOffFromTheUsersOwnProvider() {
        runner.withUserConfiguration(OwnProvider.class).run(context ->
                assertThat(context).getBean(HttpStatusClassifierProvider.class).isSameAs(OwnProvider.PROVIDER));
    }

    @Test
    void leavesOutTheWebClientCustomizerWithoutWebFlux() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.web.reactive", "org.springframework.boot.webclient"))
                .run(context -> {
                    assertThat(context).hasSingleBean(HttpStatusClassifierProvider.class);
                    assertThat(context).hasSingleBean(RetryRestClientCustomizer.class);
                    assertThat(context).doesNotHaveBean(RetryWebClientCustomizer.class);
                });
    }

    @Test
    void leavesOutTheRestClientCustomizerWithoutBootsRestClientModule() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.restclient"))
                .run(context -> {
                    assertThat(context).hasSingleBean(HttpStatusClassifierProvider.class);
                    assertThat(context).doesNotHaveBean(RetryRestClientCustomizer.class);
                });
    }

    @Test
    void isOffWithoutSpringWeb() {
        runner.withClassLoader(new FilteredClassLoader(RestClient.class))
                .run(context -> assertThat(context).doesNotHaveBean(HttpStatusClassifierProvider.class));
    }

    @Test
    void isOffWhenRetryIsDisabled() {
        runner.withPropertyValues("retry.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(HttpStatusClassifierProvider.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnProvider {

        static final HttpStatusClassifierProvider PROVIDER = new HttpStatusClassifierProvider();

        @Bean
        HttpStatusClassifierProvider ownProvider() {
            return PROVIDER;
        }
    }
}

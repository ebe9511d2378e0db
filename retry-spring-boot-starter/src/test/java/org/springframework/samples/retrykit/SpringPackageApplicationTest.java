package org.springframework.samples.retrykit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Retryable;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/**
 * An application whose classes live under {@code org.springframework.*}, as the Spring sample applications
 * (spring-petclinic and its relatives) do: its annotations are validated and planned at startup like any other's.
 */
class SpringPackageApplicationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryAopAutoConfiguration.class));

    @Test
    void annotationOnlyServicesAreRegisteredBeforeTheirFirstCall() {
        runner.withUserConfiguration(ValidClinic.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ServiceRegistry.class).services()).extracting(GuardedService::name).contains("owners");
        });
    }

    @Test
    void anUnknownTemplateFailsStartup() {
        runner.withUserConfiguration(UnknownTemplateClinic.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                    .isInstanceOf(InvalidRetryConfigurationException.class)
                    .hasMessageContaining("@Retryable on VetService.vets.template").hasMessageContaining("'nope'");
        });
    }

    @Test
    void aMissingFallbackMethodFailsStartup() {
        runner.withUserConfiguration(MissingFallbackClinic.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                    .hasMessageContaining("@Fallback on VisitService.visits.method").hasMessageContaining("'cachedVisits'");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ValidClinic {
        @Bean
        OwnerService ownerService() {
            return new OwnerService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownTemplateClinic {
        @Bean
        VetService vetService() {
            return new VetService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MissingFallbackClinic {
        @Bean
        VisitService visitService() {
            return new VisitService();
        }
    }

    static class OwnerService {
        @Retryable("owners")
        public String owner(int id) {
            return "owner " + id;
        }
    }

    static class VetService {
        @Retryable(value = "vets", template = "nope")
        public String vets() {
            return "vets";
        }
    }

    static class VisitService {
        @Retryable("visits")
        @Fallback(method = "cachedVisits")
        public String visits() {
            return "visits";
        }
    }
}

package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.spring.aop.InvocationPlans;
import dev.retrykit.spring.aop.RetryAnnotationValidator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class RetryAopAutoConfigurationTest {

    private final ApplicationContextRunner runner = RetryTestContexts.runner()
            .withConfiguration(AutoConfigurations.of(RetryAopAutoConfiguration.class));

    @Test
    void startsWithSeveralCacheManagersAndNoPrimaryOne() {
        runner.withUserConfiguration(TwoCacheManagers.class)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(InvocationPlans.class));
    }

    @Test
    void annotationValidatorOfTheUserReplacesTheDefault() {
        runner.withUserConfiguration(CustomValidator.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RetryAnnotationValidator.class);
            assertThat(context).hasBean("customValidator").doesNotHaveBean("retrykitAnnotationValidator");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoCacheManagers {

        @Bean
        ConcurrentMapCacheManager quotesCacheManager() {
            return new ConcurrentMapCacheManager("quotes");
        }

        @Bean
        ConcurrentMapCacheManager sessionsCacheManager() {
            return new ConcurrentMapCacheManager("sessions");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomValidator {

        @Bean
        static RetryAnnotationValidator customValidator(ConfigurableListableBeanFactory beanFactory,
                                                        ObjectProvider<InvocationPlans> plans) {
            return new RetryAnnotationValidator(beanFactory, plans);
        }
    }
}

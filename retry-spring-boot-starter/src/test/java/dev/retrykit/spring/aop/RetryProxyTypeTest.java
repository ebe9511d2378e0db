package dev.retrykit.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.annotation.Retryable;
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter leaves the proxy type to the application: it never forces class-based proxies on every bean, and the
 * advice works on interface-based (JDK) and class-based (CGLIB) proxies alike.
 */
class RetryProxyTypeTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryAopAutoConfiguration.class))
            .withUserConfiguration(Beans.class)
            .withPropertyValues("retry.services.flaky.strategy=immediate", "retry.services.flaky.max-attempts=3",
                    "retry.services.flaky.retryable-exceptions=java.io.IOException");

    @Test
    void beanWithAnInterfaceGetsAnInterfaceProxyAndIsRetried() {
        runner.run(context -> {
            QuoteSource source = context.getBean(QuoteSource.class);
            assertThat(AopUtils.isJdkDynamicProxy(source)).isTrue();
            assertRetried(source, context.getBean("interfaceQuotesCalls", AtomicInteger.class));
        });
    }

    @Test
    void classWithoutInterfacesGetsAClassProxyAndIsRetried() {
        runner.run(context -> {
            ClassQuotes quotes = context.getBean(ClassQuotes.class);
            assertThat(AopUtils.isCglibProxy(quotes)).isTrue();
            quotes.failNext(2);
            assertThat(quotes.quote()).isEqualTo("quote");
            assertThat(quotes.calls()).isEqualTo(3);
        });
    }

    @Test
    void applicationThatAsksForInterfaceProxiesGetsThem() {
        runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
                .withPropertyValues("spring.aop.proxy-target-class=false").run(context -> {
                    QuoteSource source = context.getBean(QuoteSource.class);
                    assertThat(AopUtils.isJdkDynamicProxy(source)).isTrue();
                    assertRetried(source, context.getBean("interfaceQuotesCalls", AtomicInteger.class));
                    assertThat(AopUtils.isCglibProxy(context.getBean(ClassQuotes.class))).isTrue();
                });
    }

    @Test
    void applicationThatAsksForClassProxiesGetsThem() {
        runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
                .withPropertyValues("spring.aop.proxy-target-class=true").run(context -> {
                    QuoteSource source = context.getBean(QuoteSource.class);
                    assertThat(AopUtils.isCglibProxy(source)).isTrue();
                    assertRetried(source, context.getBean("interfaceQuotesCalls", AtomicInteger.class));
                });
    }

    private static void assertRetried(QuoteSource source, AtomicInteger calls) throws IOException {
        source.failNext(2);
        assertThat(source.quote()).isEqualTo("quote");
        assertThat(calls.get()).isEqualTo(3);
    }

    /** A bean type seen through its interface. */
    public interface QuoteSource {
        void failNext(int failures);

        String quote() throws IOException;
    }

    static class InterfaceQuotes implements QuoteSource {
        private final AtomicInteger calls;
        private final AtomicInteger failures = new AtomicInteger();

        InterfaceQuotes(AtomicInteger calls) {
            this.calls = calls;
        }

        @Override
        public void failNext(int count) {
            failures.set(count);
        }

        @Override
        @Retryable("flaky")
        public String quote() throws IOException {
            calls.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                throw new IOException("down");
            }
            return "quote";
        }
    }

    static class ClassQuotes {
        final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();

        public void failNext(int count) {
            failures.set(count);
        }

        public int calls() {
            return calls.get();
        }

        @Retryable("flaky")
        public String quote() throws IOException {
            calls.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                throw new IOException("down");
            }
            return "quote";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        AtomicInteger interfaceQuotesCalls() {
            return new AtomicInteger();
        }

        @Bean
        QuoteSource interfaceQuotes(AtomicInteger interfaceQuotesCalls) {
            return new InterfaceQuotes(interfaceQuotesCalls);
        }

        @Bean
        ClassQuotes classQuotes() {
            return new ClassQuotes();
        }
    }
}

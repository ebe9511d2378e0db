package dev.retrykit.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.annotation.CircuitGuarded;
import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Retryable;
import dev.retrykit.spring.actuate.RetryEndpoint;
import dev.retrykit.spring.aop.RetryBeanRegistrationAotProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.client.RestClientResponseException;

/** The runtime hints that AOT processing and native images get from the starter. */
class RetryRuntimeHintsTest {

    private final GenerationContext generation =
            new DefaultGenerationContext(new ClassNameGenerator(ClassName.get("com.example", "App")), new InMemoryGeneratedFiles());
    private final RuntimeHints hints = generation.getRuntimeHints();

    @Test
    void starterHintsCoverTheDashboardTheTypesLookedUpByNameAndTheEndpointDescriptors() {
        new RetryRuntimeHints().registerHints(hints, getClass().getClassLoader());

        assertThat(RuntimeHintsPredicates.resource().forResource(RetryRuntimeHints.DASHBOARD_PAGE)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(TransientDataAccessException.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(RestClientResponseException.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RetryEndpoint.ServiceSummary.class, "template"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RetryEndpoint.EventDescriptor.class, "errorType"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RetryEndpoint.UpdateRejection.class, "problems"))
                .accepts(hints);
    }

    @Test
    void everyProcessorIsRegisteredForAotProcessing() {
        assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(RetryRuntimeHints.class);
        assertThat(AotServices.factories().load(BeanFactoryInitializationAotProcessor.class))
                .hasAtLeastOneElementOfType(RetryConfigurationAotProcessor.class);
        assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
                .hasAtLeastOneElementOfType(RetryBeanRegistrationAotProcessor.class);
    }

    @Test
    void annotatedBeanGetsItsGuardedFallbackAndExpressionTypesRegistered() throws Exception {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("orders", new RootBeanDefinition(OrderClient.class));

        BeanRegistrationAotContribution contribution =
                new RetryBeanRegistrationAotProcessor().processAheadOfTime(RegisteredBean.of(beanFactory, "orders"));
        assertThat(contribution).isNotNull();
        contribution.applyTo(generation, null);

        assertThat(RuntimeHintsPredicates.reflection().onType(OrderClient.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderClient.class, "place")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderClient.class, "placeLater")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderClient.class, "status")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "id")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderClient.class, "unguarded")).rejects(hints);
    }

    @Test
    void beanWithoutAnnotationsGetsNothing() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(Order.class));

        assertThat(new RetryBeanRegistrationAotProcessor().processAheadOfTime(RegisteredBean.of(beanFactory, "plain"))).isNull();
    }

    @Test
    void exceptionClassesNamedInConfigurationAreRegistered() throws Exception {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton("environment", new MockEnvironment()
                .withProperty("retry.templates.slow.retryable-exceptions", "java.util.concurrent.TimeoutException")
                .withProperty("retry.services.orders.non-retryable-exceptions[0]", "java.io.UncheckedIOException")
                .withProperty("retry.chaos.services.orders.exception", "java.net.ConnectException"));

        BeanFactoryInitializationAotContribution contribution =
                new RetryConfigurationAotProcessor().processAheadOfTime(beanFactory);
        assertThat(contribution).isNotNull();
        contribution.applyTo(generation, null);

        assertThat(RuntimeHintsPredicates.reflection().onType(TimeoutException.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(UncheckedIOException.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                .onConstructorInvocation(ConnectException.class.getDeclaredConstructor(String.class))).accepts(hints);
    }

    /** A value read by an idempotency-key expression. */
    public record Order(String id) {
    }

    static class OrderClient {

        @Retryable(value = "orders", idempotencyKey = "#order.id")
        @Fallback(method = "placeLater")
        public String place(Order order) throws IOException {
            return "placed " + order.id();
        }

        String placeLater(Order order, Throwable failure) {
            return "queued " + order.id();
        }

        @CircuitGuarded("orders")
        public String status(String id) {
            return "ok";
        }

        public String unguarded() {
            return "plain";
        }
    }
}

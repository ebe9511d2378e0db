package dev.retrykit.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.annotation.Retryable;
import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;

/** What a JDK dynamic proxy and a class-based proxy can intercept, seen on real proxies carrying retrykit's advisor. */
class InterceptionCheckTest {

    @Test
    void aJdkProxyCannotInterceptAnAnnotatedMethodOutsideTheBeansInterfaces() throws Exception {
        Object proxy = proxy(false);
        assertThat(AopUtils.isJdkDynamicProxy(proxy)).isTrue();

        assertThat(problemsOf("extra", proxy)).singleElement().satisfies(problem -> {
            assertThat(problem.property()).isEqualTo("@Retryable on Greeter.extra");
            assertThat(problem.reason()).contains("is not a method of an interface of bean 'greeter'", "(interfaces Greeting)");
            assertThat(problem.allowed()).contains("spring.aop.proxy-target-class=true");
        });
        assertThat(problemsOf("greet", proxy)).isEmpty();
    }

    @Test
    void aClassBasedProxyInterceptsEveryNonFinalPublicMethod() throws Exception {
        Object proxy = proxy(true);
        assertThat(AopUtils.isCglibProxy(proxy)).isTrue();

        assertThat(problemsOf("extra", proxy)).isEmpty();
        assertThat(problemsOf("greet", proxy)).isEmpty();
    }

    private static Object proxy(boolean proxyTargetClass) {
        ProxyFactory factory = new ProxyFactory(new Greeter());
        factory.setProxyTargetClass(proxyTargetClass);
        factory.addAdvisor(new RetryAdvisor(new RetryMethodInterceptor(null), 0));
        return factory.getProxy();
    }

    private static List<ConfigurationProblem> problemsOf(String methodName, Object proxy) throws Exception {
        Method method = Greeter.class.getMethod(methodName);
        List<ConfigurationProblem> problems = new ArrayList<>();
        InterceptionCheck.check(method, method.getAnnotation(Retryable.class), Greeter.class, "greeter", proxy, problems);
        return problems;
    }

    interface Greeting {
        String greet();
    }

    static class Greeter implements Greeting {
        @Override
        @Retryable("greetings")
        public String greet() {
            return "hello";
        }

        @Retryable("greetings")
        public String extra() {
            return "extra";
        }
    }
}

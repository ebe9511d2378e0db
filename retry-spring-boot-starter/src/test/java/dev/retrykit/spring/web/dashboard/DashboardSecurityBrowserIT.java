package dev.retrykit.spring.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.spring.testsupport.HeadlessChromium;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The dashboard behind Spring Security with its defaults kept (CSRF protection on, form login): after logging in, the
 * force buttons work, because the page sends the CSRF token it was rendered with. A POST without the token is
 * refused in the same application, so the test shows the token is what makes the difference.
 */
@SpringBootTest(classes = DashboardSecurityBrowserIT.SecuredApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "management.endpoints.web.exposure.include=retry",
                "management.endpoint.retry.access=unrestricted",
                "management.health.redis.enabled=false",
                "retry.dashboard.enabled=true",
                "retry.services.orders.template=http-api"})
class DashboardSecurityBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    private int port;

    @Autowired
    private ServiceRegistry registry;

    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        browser = HeadlessChromium.start(1280, 900);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void forceButtonsSendTheCsrfTokenAfterALogin() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        browser.get("http://localhost:" + port + "/retry-dashboard");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username"))).sendKeys("operator");
        browser.findElement(By.name("password")).sendKeys("secret");
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        By card = By.cssSelector("[data-service='orders']");
        wait.until(ExpectedConditions.attributeToBe(card, "data-state", "CLOSED"));
        Object withoutToken = browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch(document.body.dataset.endpoint + '/orders', {method: 'POST',"
                + " headers: {'Content-Type': 'application/json'}, body: JSON.stringify({circuitState: 'FORCED_OPEN'})})"
                + ".then(function (response) { done(response.status); }, function (error) { done(String(error)); });");
        assertThat(withoutToken).as("CSRF protection is on: a POST without the token is refused").isEqualTo(403L);
        assertThat(registry.find("orders").circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);

        browser.findElement(card).findElement(By.cssSelector("[data-action='force-open']")).click();

        wait.until(ExpectedConditions.attributeToBe(card, "data-state", "FORCED_OPEN"));
        assertThat(registry.find("orders").circuitBreaker().state()).isEqualTo(CircuitState.FORCED_OPEN);
        assertThat(browser.findElement(By.id("message")).getText()).isEmpty();

        browser.findElement(card).findElement(By.cssSelector("[data-action='close']")).click();

        wait.until(ExpectedConditions.attributeToBe(card, "data-state", "CLOSED"));
        assertThat(registry.find("orders").circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
    }

    /** Every request needs a login; CSRF protection as Spring Security sets it by default. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class SecuredApplication {

        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("operator").password("{noop}secret").roles("OPERATOR").build());
        }
    }
}

package dev.retrykit.spring.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.CallRejectedException;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.breaker.OpenPeriod;
import dev.retrykit.core.stats.ServiceStatistics;
import dev.retrykit.spring.testsupport.HeadlessChromium;
import dev.retrykit.spring.testsupport.RetryWebIntegrationTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The live dashboard in headless Chromium: it shows a failing service with its numbers and forces its breaker open
 * through the {@code retry} endpoint, and it shows an outage in the charts, the breaker band and the transitions.
 * Screenshots are written under target/ so a test run never changes the sources; copy
 * {@code target/dashboard.png} to {@code docs/dashboard.png} to refresh the docs.
 */
@RetryWebIntegrationTest
class DashboardBrowserIT {

    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
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
    void showsFailingServiceAndForcesItsBreakerOpen() {
        GuardedService inventory = registry.find("inventory");
        inventory.call(() -> "in stock");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> inventory.call(() -> {
                throw new IOException("inventory backend unreachable");
            })).isInstanceOf(IOException.class);
        }

        browser.get("http://localhost:" + port + "/retry-dashboard");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        By card = By.cssSelector("[data-service='inventory']");
        wait.until(ExpectedConditions.attributeToBe(card, "data-failures", "3"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-service='inventory'] .events li[data-type='EXHAUSTED']")));

        WebElement inventoryCard = browser.findElement(card);
        assertThat(inventoryCard.getAttribute("data-state")).isEqualTo("CLOSED");
        assertThat(field(inventoryCard, "calls")).isEqualTo("4");
        assertThat(field(inventoryCard, "failures")).isEqualTo("3");
        assertThat(field(inventoryCard, "retries")).isEqualTo("3");
        assertThat(field(inventoryCard, "successRate")).isEqualTo("25.0 %");
        // the colour follows the last 30 s of history, sampled each second: wait for the sample with these calls
        wait.until(ExpectedConditions.attributeToBe(card, "data-health", "bad"));
        inventoryCard = browser.findElement(card);
        assertThat(inventoryCard.getAttribute("data-health")).as("a quarter of the calls succeeded").isEqualTo("bad");
        assertThat(browser.findElement(By.id("exposure")).isDisplayed()).isFalse();

        inventoryCard.findElement(By.cssSelector("[data-action='force-open']")).click();

        wait.until(ExpectedConditions.attributeToBe(card, "data-state", "FORCED_OPEN"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-service='inventory'] [data-field='state']"), "FORCED_OPEN"));
        assertThat(inventory.circuitBreaker().state()).isEqualTo(CircuitState.FORCED_OPEN);
        assertThat(browser.findElement(By.id("connection")).getAttribute("data-live")).isEqualTo("true");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-service='inventory'] .events li[data-type='STATE_TRANSITION']")));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-service='inventory'] .transitions li[data-from='CLOSED'][data-to='FORCED_OPEN']")));

        browser.findElement(card).findElement(By.cssSelector("[data-action='close']")).click();

        wait.until(ExpectedConditions.attributeToBe(card, "data-state", "CLOSED"));
        assertThat(inventory.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void anOutageShowsInTheChartsTheBreakerBandAndTheTransitions() throws Exception {
        GuardedService catalog = registry.find("catalog");
        browser.get("http://localhost:" + port + "/retry-dashboard");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        By card = By.cssSelector("[data-service='catalog']");
        wait.until(ExpectedConditions.attributeToBe(card, "data-state", "CLOSED"));

        // a few healthy seconds, then the backend goes down: the breaker opens, then a fallback answers
        for (int i = 0; i < 30; i++) {
            catalog.call(() -> "page");
            Thread.sleep(100);
        }
        for (int i = 0; i < 10; i++) {
            try {
                catalog.call(() -> {
                    throw new IOException("catalog backend down");
                });
            } catch (Exception expected) {
                // exhausted until the breaker opens, rejected after
                assertThat(expected).isInstanceOfAny(IOException.class, CallRejectedException.class);
            }
        }
        assertThat(catalog.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
        CallOptions cached = CallOptions.builder().fallback(failure -> "cached page", List.of()).build();
        for (int i = 0; i < 20; i++) {
            assertThat(catalog.call(() -> "page", cached)).isEqualTo("cached page");
        }
        OpenPeriod open = catalog.circuitBreaker().openPeriod().orElseThrow();
        ServiceStatistics stats = catalog.statistics();
        long failed = stats.count(Outcome.FAILURE) + stats.count(Outcome.EXHAUSTED)
                + stats.count(Outcome.BUDGET_EXHAUSTED);

        wait.until(ExpectedConditions.attributeToBe(card, "data-state", "OPEN"));
        WebElement catalogCard = browser.findElement(card);
        wait.until(driver -> series("calls", "fallback") == 20);
        wait.until(driver -> series("calls", "success") == 30);
        assertThat(failed).isPositive();
        wait.until(driver -> series("calls", "failed") == failed);
        assertThat(series("calls", "rejected")).isEqualTo(stats.count(Outcome.REJECTED));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-service='catalog'] [data-chart='band'] rect[data-state='OPEN']")));
        // the page redraws its charts on every poll: read what it drew in one script, never from stale elements
        @SuppressWarnings("unchecked")
        List<String> bandStates = (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "\"[data-service='catalog'] [data-chart='band'] rect\")).map(function (rect) { return rect.dataset.state; })");
        assertThat(bandStates).as("healthy, then open").containsSubsequence("CLOSED", "OPEN");
        assertThat(catalogCard.findElements(By.cssSelector("[data-chart='failureRate'] path"))).isNotEmpty();
        assertThat(catalogCard.findElements(By.cssSelector("[data-chart='p95'] path"))).isNotEmpty();
        assertThat(catalogCard.getAttribute("data-health")).as("open and answering from the fallback").isEqualTo("bad");
        WebElement breaker = catalogCard.findElement(By.cssSelector("[data-field='breaker']"));
        assertThat(breaker.getAttribute("data-opened-at"))
                .isEqualTo(Instant.ofEpochMilli(open.openedAtMillis()).toString());
        assertThat(breaker.getAttribute("data-next-trial-at"))
                .isEqualTo(Instant.ofEpochMilli(open.nextTrialAtMillis()).toString());
        assertThat(breaker.getText()).startsWith("OPEN since").contains("next trial");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-service='catalog'] .transitions li[data-from='CLOSED'][data-to='OPEN']")));
        // the fallbacks push the transition out of the recent events; it stays in the transitions
        wait.until(driver -> catalogCard.findElements(By.cssSelector(".events li[data-type='STATE_TRANSITION']")).isEmpty()
                && !catalogCard.findElements(By.cssSelector(".events li[data-type='FALLBACK']")).isEmpty());
        assertThat(catalogCard.findElements(By.cssSelector(".transitions li[data-to='OPEN']"))).hasSize(1);

        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", catalogCard);
        HeadlessChromium.saveFullPageScreenshot(browser, SCREENSHOT);
    }

    /** The total a stacked chart's layer of catalog covers, as the page drew it (calls over the window); 0 if none. */
    private long series(String chart, String series) {
        Object total = browser.executeScript("var path = document.querySelector(\"[data-service='catalog'] [data-chart='"
                + chart + "'] path[data-series='" + series + "']\"); return path ? path.dataset.total : '0';");
        return Math.round(Double.parseDouble(String.valueOf(total)));
    }

    private static String field(WebElement card, String name) {
        return card.findElement(By.cssSelector("[data-field='" + name + "']")).getText();
    }
}

package dev.retrykit.spring.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.spring.testsupport.RetryWebIntegrationTest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The live dashboard in headless Chromium: it shows a failing service with its numbers and forces its breaker open
 * through the {@code retry} endpoint. Uses the system's Chromium and ChromeDriver only (nothing is downloaded);
 * skipped when Chromium is not installed, except on CI ({@code CI=true}), where that is a failure.
 */
@RetryWebIntegrationTest
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Written under target/ so a test run never changes the sources; copy it to docs/dashboard.png to refresh the docs. */
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    private int port;

    @Autowired
    private ServiceRegistry registry;

    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: install them with 'apt-get install -y chromium chromium-driver' (.ci/run does)");
        }
        Assumptions.assumeTrue(installed, "Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): skipping the dashboard browser test; install with 'apt-get install -y chromium chromium-driver'");

        Path profile = Files.createDirectories(Path.of("target", "chromium-profiles"))
                .resolve("dashboard-" + System.nanoTime()).toAbsolutePath();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsFailingServiceAndForcesItsBreakerOpen() throws IOException {
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

        inventoryCard.findElement(By.cssSelector("[data-action='force-open']")).click();

        wait.until(ExpectedConditions.attributeToBe(card, "data-state", "FORCED_OPEN"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-service='inventory'] [data-field='state']"), "FORCED_OPEN"));
        assertThat(inventory.circuitBreaker().state()).isEqualTo(CircuitState.FORCED_OPEN);
        assertThat(browser.findElement(By.id("connection")).getAttribute("data-live")).isEqualTo("true");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-service='inventory'] .events li[data-type='STATE_TRANSITION']")));
        saveScreenshot();

        browser.findElement(card).findElement(By.cssSelector("[data-action='close']")).click();

        wait.until(ExpectedConditions.attributeToBe(card, "data-state", "CLOSED"));
        assertThat(inventory.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
    }

    private static String field(WebElement card, String name) {
        return card.findElement(By.cssSelector("[data-field='" + name + "']")).getText();
    }

    private void saveScreenshot() throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }
}

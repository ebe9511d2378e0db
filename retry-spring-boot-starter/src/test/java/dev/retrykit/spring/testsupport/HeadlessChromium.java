package dev.retrykit.spring.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's headless Chromium for the browser tests, driven through the system's ChromeDriver only (nothing is
 * downloaded), with a fresh profile under {@code target/}. A test is skipped when Chromium is not installed, except on
 * CI ({@code CI=true}), where that is a failure.
 */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Starts a browser with a window of {@code width} x {@code height}; the caller quits it. */
    public static ChromeDriver start(int width, int height) throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: install them with 'apt-get install -y chromium chromium-driver' (.ci/run does)");
        }
        Assumptions.assumeTrue(installed, "Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): skipping the browser test; install with 'apt-get install -y chromium chromium-driver'");
        Path profile = Files.createDirectories(Path.of("target", "chromium-profiles"))
                .resolve("browser-" + System.nanoTime()).toAbsolutePath();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Saves a screenshot of the whole page (the window grown to the page's height) to {@code target}. */
    public static void saveFullPageScreenshot(ChromeDriver browser, Path target) throws IOException {
        Dimension window = browser.manage().window().getSize();
        Number height = (Number) browser.executeScript(
                "return Math.ceil(document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new Dimension(window.getWidth(), Math.max(window.getHeight(),
                height.intValue() + 140)));
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(window);
    }
}

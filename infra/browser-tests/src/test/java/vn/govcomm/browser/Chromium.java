package vn.govcomm.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Real headless Chromium from Debian ({@code apt-get install -y chromium chromium-driver}). Selenium Manager is
 * never asked to download anything: binary and driver are given explicitly. Absent → the tests are skipped
 * with a message saying what to install.
 */
final class Chromium {

    static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    }

    static void assumeInstalled() {
        if (!installed()) {
            System.err.println(message()); // also in the build log, not only in the report
        }
        Assumptions.assumeTrue(installed(), Chromium::message);
    }

    private static String message() {
        return "SKIPPED: browser tests need Chromium and its driver (" + BINARY + ", " + DRIVER
                + "). Install with: apt-get install -y chromium chromium-driver";
    }

    /** A fresh browser with its own profile; downloads land in {@code downloads} without a prompt. */
    static ChromeDriver start(Path downloads) {
        try {
            Path profile = Files.createTempDirectory("govcomm-chromium-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY.toFile());
            options.addArguments(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1366,768", "--lang=vi", "--user-data-dir=" + profile));
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false,
                    "safebrowsing.enabled", false));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs {@code user} (password demo) in to the console of {@code gateway} and waits for the campaign list. */
    static void signIn(ChromeDriver browser, String gateway, String user, java.time.Duration patience) {
        browser.get(gateway + "/console/login");
        browser.findElement(org.openqa.selenium.By.id("username")).sendKeys(user);
        browser.findElement(org.openqa.selenium.By.id("password")).sendKeys("demo");
        browser.findElement(org.openqa.selenium.By.id("login-submit")).click();
        org.awaitility.Awaitility.await().atMost(patience).until(() -> browser.getCurrentUrl().endsWith("/console"));
    }

    static void signOut(ChromeDriver browser, java.time.Duration patience) {
        browser.findElement(org.openqa.selenium.By.cssSelector("form[action='/console/logout'] button")).click();
        org.awaitility.Awaitility.await().atMost(patience).until(() -> browser.getCurrentUrl().endsWith("/console/login"));
    }

    /**
     * Whether the gateway was built with its notice editor (the Maven build makes it with the machine's npm; without
     * npm the console keeps the plain HTML textarea). .ci/run installs npm, so this is false only where it could not.
     */
    static boolean noticeEditorBuilt() {
        return Chromium.class.getClassLoader().getResource("static/console/static/editor.js") != null;
    }
}

package vn.govcomm.browser;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One headless Chromium per test class against the shared platform's console, the scaffolding every browser class
 * needs: started before the class (nothing where Chromium is missing), each test skipped with the install hint where
 * it is missing ({@link Chromium#assumeInstalled()}), closed after the class. Registered with
 * {@code @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();}.
 */
final class ConsoleBrowser implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    private ChromeDriver driver;
    private Path downloads;
    private String gateway;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!Chromium.installed()) {
            return; // each test is then reported as skipped, with the reason (beforeEach)
        }
        gateway = SharedPlatform.gateway();
        try {
            downloads = Files.createTempDirectory("govcomm-downloads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = Chromium.start(downloads);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Chromium.assumeInstalled();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    String gateway() {
        return gateway;
    }

    /** Where the browser saves downloads, without a prompt. */
    Path downloads() {
        return downloads;
    }

    /** Opens a console path ({@code /console/...}) of the shared platform. */
    void open(String path) {
        driver.get(gateway + path);
    }

    void signIn(String user) {
        Chromium.signIn(driver, gateway, user, PATIENCE);
    }

    void signOut() {
        Chromium.signOut(driver, PATIENCE);
    }

    /** People's words, accessibility and the phone width on the page shown, saved as {@code page}.png ({@link PeoplesWords}). */
    void check(String page) {
        PeoplesWords.check(driver, gateway, page);
    }
}

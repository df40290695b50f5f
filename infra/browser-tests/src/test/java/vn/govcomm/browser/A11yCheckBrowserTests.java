package vn.govcomm.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checks of {@link A11y} on two static pages in Chromium (no platform): one with known faults (an image without
 * alternative text, a field without a label, a block wider than a phone), one without. The checks must name each
 * fault on the first and find nothing on the second.
 */
class A11yCheckBrowserTests {

    static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        if (Chromium.installed()) {
            browser = Chromium.start(Files.createTempDirectory("govcomm-downloads"));
        }
    }

    @BeforeEach
    void skipWithoutChromium() {
        Chromium.assumeInstalled();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    static void open(String page) {
        try {
            browser.get(Path.of(Objects.requireNonNull(A11yCheckBrowserTests.class.getResource("/a11y/" + page)).toURI()).toUri().toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void axeNamesTheImageWithoutAltAndTheFieldWithoutALabelAndTheCheckFails() {
        Assumptions.assumeTrue(A11y.axeInstalled(), A11y::axeMissing);
        open("broken.html");
        assertThat(A11y.seriousViolations(browser))
                .anySatisfy(v -> assertThat(v).startsWith("image-alt (critical) at #no-alt:"))
                .anySatisfy(v -> assertThat(v).startsWith("label (critical) at #no-label:"));
        assertThatThrownBy(() -> A11y.check(browser, "a11y-broken"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("image-alt").hasMessageContaining("#no-label");
    }

    @Test
    void axeFindsNothingSeriousOnASoundPage() {
        Assumptions.assumeTrue(A11y.axeInstalled(), A11y::axeMissing);
        open("sound.html");
        assertThat(A11y.seriousViolations(browser)).isEmpty();
    }

    @Test
    void aPageWiderThanAPhoneIsNamedAndASoundOneIsNot() {
        open("broken.html");
        assertThat(A11y.onPhone(browser, "a11y-broken")).singleElement().asString()
                .startsWith("scrolls sideways: 8").contains("div#too-wide");
        open("sound.html");
        assertThat(A11y.onPhone(browser, "a11y-sound")).isEmpty();
        assertThat(PeoplesWords.SCREENSHOTS.resolve("a11y-sound-375.png")).isNotEmptyFile();
        // the window's own size is back once the check is done
        assertThat(((Number) browser.executeScript("return window.innerWidth;")).intValue()).isGreaterThan(A11y.PHONE_WIDTH);
    }
}

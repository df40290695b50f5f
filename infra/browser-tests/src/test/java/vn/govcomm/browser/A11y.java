package vn.govcomm.browser;

import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accessibility and small screens (issue 19 item 7), on every page a browser test visits (through
 * {@link PeoplesWords#check}): axe-core (npm, installed by this module's build) finds no serious or critical
 * violation of the WCAG 2.1 A/AA rules, and at 375×812 (a phone, emulated through Chromium's DevTools) the page does
 * not scroll sideways and every link of the navigation can be seen and reached. Without axe-core (no npm where the
 * module was built) the axe half is skipped with a message; the small-screen half always runs.
 */
final class A11y {

    static final Path AXE = Path.of(System.getProperty("axe.script", "node_modules/axe-core/axe.min.js"));
    static final int PHONE_WIDTH = 375;
    static final int PHONE_HEIGHT = 812;
    /** The rules of WCAG 2.0 and 2.1, levels A and AA (axe's tags). */
    static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static String axeSource;
    private static boolean skipReported;

    private A11y() {
    }

    static boolean axeInstalled() {
        return Files.isReadable(AXE);
    }

    static String axeMissing() {
        return "SKIPPED: the accessibility checks need axe-core (" + AXE.toAbsolutePath() + "), which this module's "
                + "build installs with npm (axe.sh, package-lock.json). Install with: apt-get install -y nodejs npm";
    }

    /** Both checks on the page in {@code browser}; {@code name} names the page in messages and its 375 px screenshot. */
    static void check(ChromeDriver browser, String name) {
        if (axeInstalled()) {
            assertThat(seriousViolations(browser)).as("serious or critical accessibility violations (axe-core, WCAG 2.1 AA) on %s (%s)",
                    name, browser.getCurrentUrl()).isEmpty();
        } else {
            reportSkipOnce();
        }
        assertThat(onPhone(browser, name)).as("the page %s at %d px wide (%s)", name, PHONE_WIDTH, browser.getCurrentUrl()).isEmpty();
    }

    /**
     * axe-core's serious and critical violations of the WCAG 2.1 A/AA rules on the page, one line each: rule id, impact,
     * the element's selector, the rule's help and where to read more.
     */
    static List<String> seriousViolations(ChromeDriver browser) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        // injected again on each page (a navigation forgets it); WebDriver's scripts are not bound by the page's CSP
        if (!Boolean.TRUE.equals(browser.executeScript("return typeof window.axe === 'object';"))) {
            browser.executeScript(axeSource());
        }
        Object result = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
                   .then(r => done(JSON.stringify(r.violations)))
                   .catch(e => done(JSON.stringify({ error: String(e) })));""", WCAG_21_AA);
        JsonNode violations = JSON.readTree(String.valueOf(result));
        assertThat(violations.path("error").isMissingNode()).as("axe-core ran: %s", violations.path("error").asString()).isTrue();
        List<String> found = new ArrayList<>();
        for (JsonNode v : violations) {
            String impact = v.path("impact").asString();
            if (!"serious".equals(impact) && !"critical".equals(impact)) {
                continue;
            }
            for (JsonNode node : v.path("nodes")) {
                List<String> target = new ArrayList<>();
                node.path("target").forEach(t -> target.add(t.isString() ? t.asString() : t.toString()));
                found.add(v.path("id").asString() + " (" + impact + ") at " + String.join(" ", target) + ": "
                        + v.path("help").asString() + " — " + firstLine(node.path("failureSummary").asString())
                        + " [" + v.path("helpUrl").asString() + "]");
            }
        }
        return found;
    }

    /**
     * Renders the page at 375×812 as a phone would (DevTools' device metrics), saves {@code <name>-375.png} and answers
     * what is wrong there: the page scrolls sideways (tables may scroll inside their own container), a navigation link
     * is hidden or out of the screen. The window's own size comes back afterwards.
     */
    static List<String> onPhone(ChromeDriver browser, String name) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", PHONE_WIDTH, "height", PHONE_HEIGHT,
                "deviceScaleFactor", 1, "mobile", true));
        try {
            List<String> found = new ArrayList<>();
            long scrollWidth = ((Number) browser.executeScript("return document.documentElement.scrollWidth;")).longValue();
            if (scrollWidth > PHONE_WIDTH + 1) {
                @SuppressWarnings("unchecked")
                List<String> wide = (List<String>) browser.executeScript("""
                        return Array.from(document.body.querySelectorAll('*'))
                          .filter(e => e.getBoundingClientRect().right > arguments[0] + 1 && !e.closest('.scroll, .pv'))
                          .filter(e => !Array.from(e.children).some(c => c.getBoundingClientRect().right > arguments[0] + 1))
                          .slice(0, 5)
                          .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                                    + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ' px)');""", PHONE_WIDTH);
                found.add("scrolls sideways: " + scrollWidth + " px wide, widest: " + wide);
            }
            @SuppressWarnings("unchecked")
            List<String> unreachable = (List<String>) browser.executeScript("""
                    const links = Array.from(document.querySelectorAll('header nav a'));
                    if (document.querySelector('header') && links.length === 0) return ['no navigation links'];
                    return links.filter(a => { const r = a.getBoundingClientRect(); const s = getComputedStyle(a);
                                               return r.width === 0 || r.height === 0 || r.left < 0 || r.right > arguments[0] + 1
                                                   || s.visibility === 'hidden'; })
                                .map(a => 'navigation link "' + a.textContent.trim() + '" out of reach');""", PHONE_WIDTH);
            found.addAll(unreachable);
            PeoplesWords.screenshot(browser, name + "-" + PHONE_WIDTH);
            return found;
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private static String firstLine(String text) {
        return text.lines().skip(1).map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse(text.trim());
    }

    private static synchronized String axeSource() {
        if (axeSource == null) {
            try {
                axeSource = Files.readString(AXE, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axeSource;
    }

    private static synchronized void reportSkipOnce() {
        if (!skipReported) {
            skipReported = true;
            System.err.println(axeMissing());
        }
    }
}

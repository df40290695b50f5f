package vn.govcomm.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The wizard with the keyboard alone (issue 19 item 7): from the campaign list, Tab, Enter, Space (a checkbox) and
 * typing only, never a click: open the wizard, fill the title, the notice (in the editor: bold with Ctrl+B), an agency,
 * a channel, the window's end date, preview, save. Every stop of the walk shows its focus (an outline), the walk
 * stays in the form from its first field to the save button and meets the fields in the order an officer reads them,
 * and the campaign saved holds what was typed.
 */
class WizardKeyboardBrowserTests {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The most Tab presses from one field of the walk to the next (the fields and buttons between them). */
    static final int MAX_STOPS_BETWEEN = 40;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    static ChromeDriver browser;
    static String gateway;
    final List<String> stops = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        if (!Chromium.installed()) {
            return;
        }
        gateway = SharedPlatform.gateway();
        browser = Chromium.start(Files.createTempDirectory("govcomm-downloads"));
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

    /** What has the focus: its id, else its test id, "skip-link", else its tag and name (and value for a checkbox). */
    static String focused() {
        return (String) browser.executeScript("""
                const a = document.activeElement;
                return a.id || a.getAttribute('data-testid') || (a.classList.contains('skip') ? 'skip-link' : '') || (a.tagName.toLowerCase() + ':' + (a.name || '') + (a.type === 'checkbox' ? '=' + a.value : ''));""");
    }

    /** Whether the focused element draws a focus outline (the console's :focus-visible style). */
    static String focusOutline() {
        return (String) browser.executeScript("""
                const s = getComputedStyle(document.activeElement);
                return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? 'visible' : s.outlineStyle + ' ' + s.outlineWidth;""");
    }

    static void press(CharSequence... keys) {
        browser.switchTo().activeElement().sendKeys(keys);
    }

    /** Tab until {@code target} has the focus; each stop on the way must show its focus (and, in the form, stay in it). */
    void tabTo(String target, boolean inForm) {
        for (int i = 0; i <= MAX_STOPS_BETWEEN; i++) {
            press(Keys.TAB);
            String at = focused();
            stops.add(at);
            assertThat(focusOutline()).as("the focus outline on %s (stop %d of the walk: %s)", at, stops.size(), stops).isEqualTo("visible");
            if (inForm) {
                assertThat((Boolean) browser.executeScript("return !!document.activeElement.closest('#wizard');"))
                        .as("the focus stays in the wizard's form on the way to %s: %s", target, stops).isTrue();
            }
            if (at.equals(target)) {
                return;
            }
        }
        throw new AssertionError("not reached with " + MAX_STOPS_BETWEEN + " Tab presses: " + target + " (stops: " + stops + ")");
    }

    /** A date typed into a date field segment by segment, in the order the browser's locale shows them (dd/mm/yyyy in vi). */
    static void typeDate(LocalDate date) {
        @SuppressWarnings("unchecked")
        List<String> order = (List<String>) browser.executeScript("""
                return new Intl.DateTimeFormat(navigator.language, {year: 'numeric', month: '2-digit', day: '2-digit'})
                  .formatToParts(new Date(2026, 11, 15)).filter(p => p.type !== 'literal').map(p => p.type);""");
        Map<String, String> parts = Map.of("day", "%02d".formatted(date.getDayOfMonth()), "month", "%02d".formatted(date.getMonthValue()),
                "year", String.valueOf(date.getYear()));
        StringBuilder keys = new StringBuilder();
        order.forEach(p -> keys.append(parts.get(p)));
        press(keys.toString());
    }

    @Test
    void anOfficerWritesPreviewsAndSavesACampaignWithTheKeyboardAlone() {
        Chromium.signIn(browser, gateway, "tran.thi.lan", PATIENCE);
        browser.get(gateway + "/console");
        String code = "SNV-KEYBOARD-" + System.nanoTime();
        LocalDate end = LocalDate.now(VIETNAM).plusDays(20);

        // from the top of the list page: the skip link first, then the header, then the list's "new campaign" button
        tabTo("new-campaign", false);
        assertThat(stops.getFirst()).as("the first stop").isEqualTo("skip-link");
        press(Keys.ENTER);
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().endsWith("/console/campaigns/new"));
        stops.clear();

        tabTo("code", false);
        press(code);
        tabTo("title", true);
        press("Thông báo lịch trực Tết (bàn phím)");
        if (Chromium.noticeEditorBuilt()) {
            tabTo("bodyHtml-editor", true);
            press(Keys.chord(Keys.CONTROL, "b"), "Tết Nguyên đán", Keys.chord(Keys.CONTROL, "b"), ": lịch trực của Sở Nội vụ.");
        } else { // the gateway was built without npm: the plain HTML textarea
            tabTo("bodyHtml", true);
            press("<p><strong>Tết Nguyên đán</strong>: lịch trực của Sở Nội vụ.</p>");
        }
        tabTo("ledText", true);
        press("Lịch trực Tết của Sở Nội vụ.");
        // the agency picker: type the name without diacritics, as an officer would, then Tab to the result and tick it
        tabTo("agencyQuery", true);
        press("so y te");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> !browser.findElements(By.id("target-agency-so-y-te")).isEmpty()
                && browser.findElements(By.id("target-agency-so-noi-vu")).isEmpty());
        tabTo("target-agency-so-y-te", true);
        press(Keys.SPACE);
        // ticked, the box moves to the chosen targets and keeps the focus (htmx refreshes the picker)
        await().atMost(PATIENCE).ignoreExceptions().until(() -> !browser.findElements(
                By.cssSelector("#picker-chosen #target-agency-so-y-te:checked")).isEmpty()
                && "target-agency-so-y-te".equals(focused()));
        tabTo("channel-manual", true);
        press(Keys.SPACE);
        tabTo("endDate", true);
        typeDate(end);
        assertThat(browser.executeScript("return document.activeElement.value;")).as("the end date typed").isEqualTo(end.toString());
        tabTo("preview-button", true);
        press(Keys.ENTER);
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(browser.findElement(
                By.cssSelector("#pv-portal-body strong")).getText()).isEqualTo("Tết Nguyên đán"));
        assertThat(focused()).as("the focus stays on the preview button after the preview").isEqualTo("preview-button");
        PeoplesWords.screenshot(browser, "wizard-keyboard");
        tabTo("save", true);
        press(Keys.ENTER);
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.cssSelector("#campaign-status, #form-error")).isEmpty());
        assertThat(browser.findElements(By.id("form-error"))).as("the wizard's refusal")
                .extracting(WebElement::getText).isEmpty();

        // the order met: the notice, then the targets, the channels, the window, the preview, the save button
        assertThat(stops).containsSubsequence("code", "title", Chromium.noticeEditorBuilt() ? "bodyHtml-editor" : "bodyHtml",
                "ledText", "agencyQuery", "target-agency-so-y-te", "channel-manual", "endDate", "preview-button", "save");

        String id = browser.getCurrentUrl().replaceAll(".*/console/campaigns/([^/?#]+).*", "$1");
        JsonNode saved = campaign(id);
        assertThat(saved.path("code").asString()).isEqualTo(code);
        assertThat(saved.path("notice").path("title").asString()).isEqualTo("Thông báo lịch trực Tết (bàn phím)");
        assertThat(saved.path("notice").path("bodyHtml").asString()).isEqualTo("<p><strong>Tết Nguyên đán</strong>: lịch trực của Sở Nội vụ.</p>");
        // the window ends with the end date's day in Vietnam (stored as an instant: that day's end)
        assertThat(LocalDate.ofInstant(Instant.parse(saved.path("window").path("endsAt").asString()).minusSeconds(1), VIETNAM)).isEqualTo(end);
        JsonNode target = saved.path("targets").get(0);
        assertThat(saved.path("targets")).hasSize(1);
        assertThat(target.path("agencyId").asString()).isEqualTo("so-y-te");
        List<String> channels = new ArrayList<>();
        target.path("channels").forEach(c -> channels.add(c.asString()));
        assertThat(channels).contains("manual", "portal");
    }

    static JsonNode campaign(String id) {
        RestClient api = RestClient.builder().baseUrl(gateway).build();
        String token = JSON.readTree(api.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&client_id=tran.thi.lan&client_secret=demo")
                .retrieve().body(String.class)).path("access_token").asString();
        return JSON.readTree(api.get().uri("/api/campaigns/{id}", id).headers(h -> h.setBearerAuth(token)).retrieve().body(String.class));
    }
}

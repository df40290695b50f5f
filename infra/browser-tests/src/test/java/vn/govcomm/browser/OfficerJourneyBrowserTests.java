package vn.govcomm.browser;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.browser.ConsoleBrowser.PATIENCE;
import static vn.govcomm.browser.NoticeEditorBrowserTests.awaitFocus;
import static vn.govcomm.browser.NoticeEditorBrowserTests.press;

/**
 * Issue 19's journey, end to end in Chromium as its "Done when" says: Sở Nội vụ's officer signs in, writes the notice in
 * the editor (bold, a list, a link, then a fragment pasted from Word), picks the whole group "Báo chí" and Sở Y tế in the
 * agency picker, previews every channel (feed item, Facebook, Zalo article, LED at 2×16), saves and submits; the
 * approver sees it under the bell and approves it from the notifications page; the board shows the deliveries
 * progressing with its charts; then the officer cancels a second, running campaign with a reason. Every page on the way
 * is checked for people's words, axe-core and the 375 px width, and saved under target/screenshots
 * ({@link PeoplesWords}, {@link A11y}).
 */
class OfficerJourneyBrowserTests {

    static final String LINK = "https://sonoivu.khanhhoa.gov.vn/lich?thang=12";
    /** What the keys below write, in the editor's (the sanitiser's) form. */
    static final String TYPED = "<p><strong>Quan trọng:</strong> lãnh đạo Sở tiếp công dân.</p>"
            + "<ul><li><p>Thứ hai</p></li><li><p>Thứ tư</p></li></ul>"
            + "<p><a href=\"https://sonoivu.khanhhoa.gov.vn/lich?thang&#61;12\" rel=\"nofollow\">Xem chi tiết</a></p>";

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    static String status(ChromeDriver browser) {
        return browser.findElement(By.id("campaign-status")).getAttribute("data-status");
    }

    @Test
    void signInWriteAndPasteFromWordPickAGroupPreviewSubmitApproveFromTheBellWatchTheChartsAndCancelASecondCampaign() {
        Assumptions.assumeTrue(Chromium.noticeEditorBuilt(),
                "The gateway was built without npm: no notice editor for the journey (the console keeps its HTML textarea)");
        ChromeDriver browser = console.driver();
        String title = "Lịch tiếp công dân và hồ sơ một cửa tháng 12";
        String code = "SNV-JOURNEY-" + System.nanoTime();

        // Sign in
        console.open("/console/login");
        console.check("journey-login");
        console.signIn("tran.thi.lan");
        console.check("journey-campaign-list");
        browser.findElement(By.id("nav-new")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().endsWith("/console/campaigns/new"));
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("title")).sendKeys(title);
        browser.findElement(By.id("summary")).sendKeys("Lịch tiếp công dân của lãnh đạo Sở Nội vụ.");

        // The notice in the editor: bold, a list and a link with the keyboard, then a fragment pasted from Word
        WebElement editor = browser.findElement(By.cssSelector("[data-testid='notice-editor']"));
        editor.click();
        awaitFocus(browser, "bodyHtml-editor");
        press(browser, Keys.chord(Keys.CONTROL, "b"), "Quan trọng:", Keys.chord(Keys.CONTROL, "b"), " lãnh đạo Sở tiếp công dân.", Keys.ENTER);
        press(browser, Keys.chord(Keys.CONTROL, Keys.SHIFT, "8"), "Thứ hai", Keys.ENTER, "Thứ tư", Keys.ENTER, Keys.ENTER);
        press(browser, "Xem chi tiết", Keys.chord(Keys.SHIFT, Keys.HOME), Keys.chord(Keys.CONTROL, "k"));
        awaitFocus(browser, "bodyHtml-link");
        press(browser, LINK, Keys.ENTER);
        awaitFocus(browser, "bodyHtml-editor");
        press(browser, Keys.END, Keys.ENTER);
        NoticeEditorBrowserTests.pasteFromWord(browser, editor);
        await().atMost(PATIENCE).until(() -> NoticeEditorBrowserTests.bodyHtml(browser).contains("Bộ phận Một cửa"));
        String written = NoticeEditorBrowserTests.bodyHtml(browser);
        assertThat(written).isEqualTo(TYPED + NoticeEditorBrowserTests.WORD_FRAGMENT_CLEANED);
        browser.findElement(By.id("ledText")).sendKeys("Sở Nội vụ tiếp công dân ngày 15 hằng tháng tại trụ sở.");

        // Agencies by group in the picker: the whole group "Báo chí" (typed without accents), and Sở Y tế
        PickerNotificationsBrowserTests.search(browser, "bao chi", "target-group-bao-chi");
        PickerNotificationsBrowserTests.choose(browser, "target-group-bao-chi");
        PickerNotificationsBrowserTests.search(browser, "so y te", "target-agency-so-y-te");
        PickerNotificationsBrowserTests.choose(browser, "target-agency-so-y-te");
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("targets-summary")).getText().contains("Báo chí"));

        // Preview each channel, the LED screen at 2 × 16
        ConsoleJourneyTests.previewOnLedScreen(browser, 2, 16);
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            // read in one script: the live preview may be replaced again while it is read
            @SuppressWarnings("unchecked")
            List<Object> preview = (List<Object>) browser.executeScript("""
                    const q = s => document.querySelector('#preview-panels ' + s);
                    return [q('#pv-portal-body strong')?.textContent ?? '', document.querySelectorAll('#preview-panels #pv-portal-body ul li').length,
                            q('#pv-portal-body a')?.href ?? '', document.querySelectorAll('#preview-panels #pv-portal-body ol li').length,
                            q('#pv-facebook-text')?.textContent ?? '', q('.zalo-article h4')?.textContent ?? '', q('.zalo-body')?.textContent ?? '',
                            Array.from(document.querySelectorAll('#preview-panels .led-line')).map(l => l.textContent)];""");
            assertThat(preview.get(0)).as("feed item: bold").isEqualTo("Quan trọng:");
            assertThat(preview.get(1)).as("feed item: the list").isEqualTo(2L);
            assertThat(preview.get(2)).as("feed item: the link").isEqualTo(LINK);
            assertThat(preview.get(3)).as("feed item: Word's numbered list").isEqualTo(2L);
            assertThat((String) preview.get(4)).as("Facebook").startsWith(title);
            assertThat(preview.get(5)).as("Zalo article's title").isEqualTo(title);
            assertThat((String) preview.get(6)).as("Zalo article's text").contains("Quan trọng:").contains("Bộ phận Một cửa");
            @SuppressWarnings("unchecked")
            List<String> led = (List<String>) preview.get(7);
            assertThat(led).as("LED lines").isNotEmpty().allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(16));
        });
        console.check("journey-wizard-preview");

        // Save and submit
        browser.findElement(By.id("save")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("campaign-status")).isEmpty()
                || !browser.findElements(By.cssSelector("#main > .error")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#main > .error, .field-error")).stream().map(WebElement::getText).toList())
                .as("the wizard's problems").isEmpty();
        assertThat(status(browser)).isEqualTo("DRAFT");
        String campaignPath = browser.getCurrentUrl().replaceAll("^https?://[^/]+", "").replaceAll("[?#].*", "");
        String id = campaignPath.substring(campaignPath.lastIndexOf('/') + 1);
        JsonNode stored = PlatformApi.campaign(id, "tran.thi.lan");
        assertThat(stored.path("notice").path("bodyHtml").asString()).as("the sanitiser kept the editor's HTML").isEqualTo(written);
        List<String> targets = new ArrayList<>();
        stored.path("targets").forEach(t -> targets.add(t.path("group").asString("").isEmpty()
                ? "agency " + t.path("agencyId").asString() : "group " + t.path("group").asString()));
        assertThat(targets).as("the group kept a group (resolved at approval), the agency an agency")
                .containsExactlyInAnyOrder("group bao-chi", "agency so-y-te");
        console.check("journey-campaign-draft");
        browser.findElement(By.id("submit")).click();
        await().atMost(PATIENCE).until(() -> "SUBMITTED".equals(status(browser)));
        console.check("journey-campaign-submitted");
        console.signOut();

        // The approver: the bell counts it, approved from the notifications page
        console.signIn("nguyen.van.minh");
        WebElement waiting = PickerNotificationsBrowserTests.waitingForApproval(browser, id);
        assertThat(waiting.getText()).contains(title).contains(code);
        console.check("journey-notifications");
        waiting.findElement(By.cssSelector("button.approve")).click();
        await().atMost(PATIENCE).until(() -> List.of("APPROVED", "SCHEDULED", "RUNNING").contains(
                PlatformApi.campaign(id, "nguyen.van.minh").path("status").asString()));

        // The board: deliveries to the group's newspaper and Sở Y tế published, and the charts drawn from them
        console.open(campaignPath);
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            browser.navigate().refresh();
            assertThat(status(browser)).isEqualTo("RUNNING");
            @SuppressWarnings("unchecked")
            List<String> rows = (List<String>) browser.executeScript(
                    "return Array.from(document.querySelectorAll('#deliveries tbody tr[data-agency]')).map(tr => "
                            + "tr.dataset.agency + ':' + tr.querySelector('[data-status]').dataset.status);");
            assertThat(rows).contains("so-y-te:PUBLISHED", "bao-khanh-hoa:PUBLISHED");
            assertThat(Long.parseLong(browser.findElement(By.cssSelector("#chart-legend li[data-status='PUBLISHED'] b")).getText()))
                    .as("published deliveries in the chart's legend").isPositive();
        });
        // read in one script: htmx replaces the board when the reporting stream pushes a change
        assertThat((String) browser.executeScript("return document.getElementById('deliveries').innerText;"))
                .contains("Sở Y tế").contains("Báo Khánh Hòa");
        assertThat((Long) browser.executeScript("return document.querySelectorAll('#board-charts figure svg').length;"))
                .as("the charts").isGreaterThanOrEqualTo(2L);
        console.check("journey-board");
        console.signOut();

        // A second campaign, approved and running, cancelled by the officer with a reason
        String second = PlatformApi.submitAndApprove(PlatformApi.draft(PlatformApi.campaignRequest(
                "SNV-JOURNEY-HUY-" + System.nanoTime(), "Thông báo lịch tiếp công dân (đăng nhầm)", 14)));
        console.signIn("tran.thi.lan");
        console.open("/console/campaigns/" + second);
        browser.findElement(By.id("cancel")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("cancel-confirm")).isEmpty());
        assertThat(browser.findElement(By.id("cancel-campaign")).getText()).isEqualTo("Thông báo lịch tiếp công dân (đăng nhầm)");
        console.check("journey-cancel");
        browser.findElement(By.id("reason")).sendKeys("Đăng nhầm lịch, sẽ phát hành lại bản đúng.");
        browser.findElement(By.id("cancel-confirm")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("campaign-status")).isEmpty()
                && "CANCELLED".equals(status(browser)));
        assertThat(PlatformApi.campaign(second, "tran.thi.lan").path("status").asString()).isEqualTo("CANCELLED");
        assertThat(PlatformApi.campaign(id, "tran.thi.lan").path("status").asString()).as("the first goes on").isEqualTo("RUNNING");
        console.check("journey-campaign-cancelled");
        console.signOut();
    }
}

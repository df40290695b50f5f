package vn.govcomm.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.browser.ConsoleBrowser.PATIENCE;

/**
 * The officers' console in real headless Chromium against the whole platform (real Kafka broker, MongoDB-wire
 * store, every service, channel fakes): an officer signs in, creates a campaign with the wizard (targets from two
 * groups, previews) and submits it; an approver of the same agency approves it; the campaign runs; the live
 * board shows each channel's status and the compliance grid, filters its deliveries by agency name, status and
 * channel; the CSV and XLSX exports download; the officer re-sends failures. Every page visited is checked for
 * people's words and saved as a screenshot ({@link PeoplesWords}).
 */
class ConsoleJourneyTests {

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    static String status() {
        return console.driver().findElement(By.id("campaign-status")).getAttribute("data-status");
    }

    /** The wizard's LED screen set to {@code lines} × {@code chars}, then its preview button pressed. */
    static void previewOnLedScreen(ChromeDriver browser, int lines, int chars) {
        WebElement linesField = browser.findElement(By.id("ledLines"));
        linesField.clear();
        linesField.sendKeys(String.valueOf(lines));
        WebElement charsField = browser.findElement(By.id("ledChars"));
        charsField.clear();
        charsField.sendKeys(String.valueOf(chars));
        browser.findElement(By.id("preview-button")).click();
    }

    @Test
    void officerCreatesAndSubmitsApproverApprovesTheBoardShowsStatusesAndTheExportDownloads() throws IOException {
        ChromeDriver browser = console.driver();
        // Officer: the wizard, in Vietnamese by default.
        console.open("/console/login");
        console.check("login");
        console.signIn("tran.thi.lan");
        console.check("campaign-list");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("vi");
        assertThat(browser.findElement(By.id("who-am-i")).getText()).contains("Trần Thị Lan");
        browser.findElement(By.id("new-campaign")).click();

        browser.findElement(By.id("code")).sendKeys("SNV-BROWSER-" + System.nanoTime());
        browser.findElement(By.id("title")).sendKeys("Thông báo lịch tiếp công dân tháng 12");
        browser.findElement(By.id("summary")).sendKeys("Lịch tiếp công dân định kỳ của lãnh đạo Sở Nội vụ.");
        if (Chromium.noticeEditorBuilt()) {
            browser.findElement(By.cssSelector("[data-testid='notice-editor']")).sendKeys("Lãnh đạo Sở Nội vụ tiếp công dân vào ngày 15 hằng tháng.");
        } else { // built without npm: the plain HTML textarea
            browser.findElement(By.id("bodyHtml")).sendKeys("<p>Lãnh đạo Sở Nội vụ tiếp công dân vào ngày 15 hằng tháng.</p>");
        }
        browser.findElement(By.id("ledText")).sendKeys("Sở Nội vụ tiếp công dân ngày 15 hằng tháng tại trụ sở.");

        // Targets from two groups: htmx swaps the group's agencies and keeps what was already chosen.
        browser.findElement(By.cssSelector("input[name='agencies'][value='so-y-te']")).click();
        new Select(browser.findElement(By.id("group"))).selectByValue("nganh-doc");
        await().atMost(PATIENCE).until(() -> !browser.findElements(
                By.cssSelector("input[name='agencies'][value='cong-an-tinh']")).isEmpty());
        browser.findElement(By.cssSelector("input[name='agencies'][value='cong-an-tinh']")).click();
        assertThat(browser.findElement(By.cssSelector("input[name='agencies'][value='so-y-te']")).isSelected()).isTrue();

        // Preview on each channel, the LED text wrapped to a 2 × 16 screen.
        previewOnLedScreen(browser, 2, 16);
        // read in one script: the live preview may be replaced again while it is read
        await().atMost(PATIENCE).untilAsserted(() -> {
            @SuppressWarnings("unchecked")
            List<String> preview = (List<String>) browser.executeScript("return [document.querySelector('#preview-panels .portal-article')?.textContent ?? '']"
                    + ".concat(Array.from(document.querySelectorAll('#preview-panels .led-line')).map(l => l.textContent));");
            assertThat(preview.getFirst()).contains("tiếp công dân vào ngày 15");
            assertThat(preview.subList(1, preview.size())).isNotEmpty().allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(16));
        });
        console.check("wizard-preview");

        browser.findElement(By.id("save")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("campaign-status")).isEmpty());
        assertThat(status()).isEqualTo("DRAFT");
        String campaignUrl = browser.getCurrentUrl();
        console.check("campaign-draft");

        browser.findElement(By.id("submit")).click();
        await().atMost(PATIENCE).until(() -> "SUBMITTED".equals(status()));
        console.signOut();

        // Approver of the same agency approves.
        console.signIn("nguyen.van.minh");
        browser.get(campaignUrl);
        console.check("campaign-submitted");
        browser.findElement(By.id("comment")).sendKeys("Đồng ý phát hành.");
        browser.findElement(By.id("approve")).click();
        await().atMost(PATIENCE).until(() -> List.of("APPROVED", "SCHEDULED", "RUNNING").contains(status()));

        // The campaign runs; the board (refreshed when the reporting stream pushes a change; SharedPlatform sets
        // the fallback poll to an hour) shows each channel's status for 2 agencies × 4 channels.
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            browser.navigate().refresh();
            assertThat(status()).isEqualTo("RUNNING");
        });
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            // Read in one script: htmx replaces the board every few seconds, so element handles go stale.
            @SuppressWarnings("unchecked")
            List<String> statuses = (List<String>) browser.executeScript(
                    "return Array.from(document.querySelectorAll('#deliveries tbody tr')).map(tr => "
                            + "tr.dataset.channel + ':' + tr.querySelector('[data-status]').dataset.status);");
            assertThat(statuses).hasSize(8);
            assertThat(statuses).contains("portal:PUBLISHED", "facebook:PUBLISHED", "zalo:PUBLISHED");
            assertThat(statuses.stream().filter(s -> s.startsWith("led:"))).hasSize(2);
        });
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElement(By.id("progress")).getText()).contains("8"));
        // The push path itself: the board's EventSource (through the gateway's /api/reports route, with the
        // session cookie) is connected and has received the counters.
        assertThat(browser.executeScript("return document.getElementById('board').dataset.live;")).isEqualTo("connected");
        assertThat(Integer.parseInt(String.valueOf(browser.executeScript(
                "return document.getElementById('board').dataset.liveEvents || '0';")))).isGreaterThanOrEqualTo(1);

        // The compliance grid (from the reporting service): one row per target agency.
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat((Long) browser.executeScript(
                "return document.querySelectorAll('#compliance tbody tr').length;")).isEqualTo(2L));
        // Agencies by name, times in Vietnam, statuses in words with a sign: in Vietnamese and in English.
        assertThat(browser.findElement(By.id("issuing-agency")).getText()).isEqualTo("Sở Nội vụ tỉnh Khánh Hòa");
        assertThat(browser.findElement(By.id("deliveries")).getText()).contains("Sở Y tế").contains("Công an tỉnh")
                .contains("✓ Đã đăng");
        console.check("campaign-board");
        browser.get(campaignUrl + "?lang=en");
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElement(By.id("deliveries")).getText()).contains("✓ Published"));
        console.check("campaign-board-en");
        browser.get(campaignUrl + "?lang=vi");

        // The board over every delivery: narrowed by an agency's name (typed without diacritics), then by status and channel.
        browser.findElement(By.id("f-q")).sendKeys("so y te");
        browser.findElement(By.id("board-filter-submit")).click();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            @SuppressWarnings("unchecked")
            List<String> agencies = (List<String>) browser.executeScript(
                    "return Array.from(document.querySelectorAll('#deliveries tbody tr[data-agency]')).map(tr => tr.dataset.agency);");
            assertThat(agencies).hasSize(4).containsOnly("so-y-te");
        });
        console.check("campaign-board-agency");
        new Select(browser.findElement(By.id("f-status"))).selectByValue("PUBLISHED");
        new Select(browser.findElement(By.id("f-channel"))).selectByValue("portal");
        browser.findElement(By.id("board-filter-submit")).click();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            @SuppressWarnings("unchecked")
            List<String> rows = (List<String>) browser.executeScript(
                    "return Array.from(document.querySelectorAll('#deliveries tbody tr[data-agency]')).map(tr => "
                            + "tr.dataset.agency + ':' + tr.dataset.channel + ':' + tr.querySelector('[data-status]').dataset.status);");
            assertThat(rows).containsExactly("so-y-te:portal:PUBLISHED");
        });
        assertThat(browser.getCurrentUrl()).contains("status=PUBLISHED").contains("channel=portal").contains("q=so+y+te");
        browser.get(campaignUrl);

        // Export: the file lands in the download folder.
        browser.findElement(By.id("export-csv")).click();
        await().atMost(PATIENCE).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(console.downloads())) {
                List<Path> done = files.filter(f -> !f.toString().endsWith(".crdownload")).toList();
                assertThat(done).isNotEmpty();
                assertThat(Files.readString(done.getFirst(), StandardCharsets.UTF_8)).contains("so-y-te").contains("cong-an-tinh");
            }
        });
        browser.findElement(By.id("export-xlsx")).click();
        await().atMost(PATIENCE).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(console.downloads())) {
                List<Path> xlsx = files.filter(f -> f.toString().endsWith(".xlsx")).toList();
                assertThat(xlsx).hasSize(1);
                byte[] head = Files.readAllBytes(xlsx.getFirst());
                assertThat(new String(head, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK"); // an Office Open XML zip
            }
        });

        // Retry of failures is the officer's: the button answers with a confirmation.
        console.signOut();
        console.signIn("tran.thi.lan");
        browser.get(campaignUrl);
        browser.findElement(By.id("resend-failed")).click();
        assertThat(browser.findElement(By.id("action-done")).getText()).startsWith("Đã gửi lại");
        console.check("campaign-resent");
        console.open("/console");
        console.check("campaign-list-after");
    }

    @Test
    void theConsoleSpeaksEnglishOnRequestAndRefusesAWrongPassword() {
        ChromeDriver browser = console.driver();
        console.open("/console/login?lang=en");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
        console.check("login-en");
        browser.findElement(By.id("username")).sendKeys("tran.thi.lan");
        browser.findElement(By.id("password")).sendKeys("wrong");
        browser.findElement(By.id("login-submit")).click();
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("Wrong username or password");
        console.open("/console/login?lang=vi");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Đăng nhập");
    }

    /** Keyboard only: the skip link is the first stop, then the sign-in form is reachable with Tab alone. */
    @Test
    void theSkipLinkIsTheFirstKeyboardStopAndTheFormIsReachableByKeyboard() {
        ChromeDriver browser = console.driver();
        console.open("/console/login");
        WebDriver.TargetLocator to = browser.switchTo();
        new Actions(browser).sendKeys(Keys.TAB).perform();
        assertThat(to.activeElement().getAttribute("class")).isEqualTo("skip");
        assertThat(to.activeElement().getAttribute("href")).endsWith("#main");
        // (after another test signed in, the header's navigation comes first: up to 20 stops)
        for (int i = 0; i < 20 && !"username".equals(to.activeElement().getAttribute("id")); i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        assertThat(to.activeElement().getAttribute("id")).isEqualTo("username");
    }
}

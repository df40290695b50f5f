package vn.govcomm.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.browser.ConsoleBrowser.PATIENCE;

/**
 * The periodic scorecard in the console (issue 20 item 2): Sở Nội vụ's officer creates a campaign due this quarter for
 * Sở Y tế (portal) and Sở Tư pháp (portal, Facebook) through the API and its approver approves it; tran.thi.lan opens
 * *Bảng đánh giá* in the navigation: the current quarter is chosen, Sở Nội vụ is the issuer, both agencies have their
 * row (by name, campaigns received, a rate or a dash) and the province's totals row is there; the page is in people's
 * words ({@link PeoplesWords}, screenshot {@code scorecards.png}); the XLSX link downloads a workbook.
 */
class ScorecardBrowserTests {

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    /** A campaign of Sở Nội vụ due within the current quarter (in Vietnam), created, submitted and approved. */
    static void approvedCampaignDueThisQuarter() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        LocalDate quarterEnd = today.with(IsoFields.DAY_OF_QUARTER, 1).plusMonths(3).minusDays(1);
        LocalDate end = today.plusDays(7).isAfter(quarterEnd) ? quarterEnd : today.plusDays(7);
        PlatformApi.submitAndApprove(PlatformApi.draft("""
                {"code": "SNV-BDG-%s", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "Thông báo đánh giá kết quả tuyên truyền", "bodyHtml": "<p>Các cơ quan đăng tải thông báo.</p>"},
                 "targets": [{"agencyId": "so-y-te", "channels": ["portal"]},
                             {"agencyId": "so-tu-phap", "channels": ["portal", "facebook"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}""".formatted(System.nanoTime(), today, end)));
    }

    @Test
    void theCurrentQuartersScorecardShowsTheAgencyRowsAndTotalsAndItsWorkbookDownloads() {
        ChromeDriver browser = console.driver();
        approvedCampaignDueThisQuarter();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        String quarter = today.getYear() + "-Q" + today.get(IsoFields.QUARTER_OF_YEAR);

        console.signIn("tran.thi.lan");
        browser.findElement(By.id("nav-scorecards")).click();
        // the reporting service learns of the campaign from campaign.events: until then its rows are not there
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            browser.navigate().refresh();
            assertThat(browser.findElements(By.cssSelector("#scorecard tr[data-agency='so-tu-phap']"))).hasSize(1);
            assertThat(browser.findElements(By.cssSelector("#scorecard tr[data-agency='so-y-te']"))).hasSize(1);
        });

        assertThat(browser.getCurrentUrl()).endsWith("/console/scorecards");
        assertThat(new Select(browser.findElement(By.id("period"))).getFirstSelectedOption().getAttribute("value")).isEqualTo(quarter);
        assertThat(new Select(browser.findElement(By.id("issuer"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("so-noi-vu");
        assertThat(browser.findElement(By.id("scorecard-issuer")).getText()).contains("Sở Nội vụ");
        for (String agency : List.of("so-y-te", "so-tu-phap")) {
            WebElement row = browser.findElement(By.cssSelector("#scorecard tr[data-agency='" + agency + "']"));
            List<String> cells = row.findElements(By.cssSelector("td, th")).stream().map(WebElement::getText).toList();
            assertThat(cells.get(1)).startsWith("Sở ").doesNotContain(agency);
            assertThat(Integer.parseInt(cells.get(2))).as("campaigns received").isPositive();
            // innerText gives the no-break space before % as a space
            assertThat(row.findElement(By.cssSelector("[data-testid='overall-rate']")).getText()).matches("–|\\d{1,3},\\d[ \u00a0]%");
        }
        WebElement totals = browser.findElement(By.id("scorecard-totals"));
        assertThat(totals.getText()).startsWith("Toàn tỉnh");
        assertThat(browser.findElement(By.cssSelector("#scorecard thead")).getText()).contains("Cổng thông tin điện tử")
                .contains("Trang Facebook").contains("Tỷ lệ đúng hạn");
        assertThat(browser.findElement(By.id("scorecard-print")).getAttribute("href"))
                .endsWith("/console/scorecards/export/print?period=" + quarter + "&issuer=so-noi-vu");
        console.check("scorecards");

        browser.findElement(By.id("scorecard-xlsx")).click();
        await().atMost(PATIENCE).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(console.downloads())) {
                List<Path> xlsx = files.filter(f -> f.toString().endsWith(".xlsx")).toList();
                assertThat(xlsx).hasSize(1);
                byte[] head = Files.readAllBytes(xlsx.getFirst());
                assertThat(new String(head, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK"); // an Office Open XML zip
            }
        });
    }
}

package vn.govcomm.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.browser.ConsoleBrowser.PATIENCE;

/**
 * The yearly plan in the console (issue 20 item 1): the admin loads the demo plan (seed 004, Decision 244/QĐ-UBND,
 * 30 tasks); Sở Nội vụ's officer creates a campaign linked to task 28 through the API and its approver approves it;
 * in the plan view task 28's row shows that campaign with its status, its quarter II cell is marked, and the page is
 * in people's words (agency names, no ids, instants or status names: {@link PeoplesWords}, screenshots). Then the
 * officer creates a campaign from a task's button in the wizard, and the stored campaign carries that task.
 */
class PlanViewBrowserTests {

    static final String PLAN = "kh-tuyen-truyen-cchc-2025";
    static final String TASK_28 = PLAN + "-t28";

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    /** A campaign of Sở Nội vụ for task 28, created, submitted and approved through the API; its id. */
    static String approvedCampaignForTask28(String code, String title) {
        LocalDate today = LocalDate.now();
        return PlatformApi.submitAndApprove(PlatformApi.draft("""
                {"code": "%s", "issuingAgencyId": "so-noi-vu", "planTaskId": "%s",
                 "notice": {"title": "%s", "bodyHtml": "<p>Hội nghị phân tích các Chỉ số PAR Index, SIPAS.</p>"},
                 "targets": [{"agencyId": "so-y-te", "channels": ["portal"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}""".formatted(code, TASK_28, title, today, today.plusDays(14))));
    }

    static WebElement task28() {
        return console.driver().findElement(By.id("task-28"));
    }

    @Test
    void task28ShowsItsApprovedCampaignInQuarterTwoAndItsButtonCreatesALinkedCampaign() {
        ChromeDriver browser = console.driver();
        // loaded at start with the demo data (SharedPlatform); the import is idempotent and answers the plan
        JsonNode loaded = PlatformApi.post("hoang.quoc.bao", "/api/plans/import-demo", null);
        assertThat(loaded.path("tasks")).hasSize(30);
        String code = "SNV-PAR-" + System.nanoTime();
        String campaignId = approvedCampaignForTask28(code, "Hội nghị phân tích Chỉ số PAR Index 2024");

        console.signIn("tran.thi.lan");
        browser.findElement(By.id("nav-plans")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().contains("/console/plans"));
        console.check("plans");
        console.open("/console/plans?year=2025");
        browser.findElement(By.cssSelector("a[href='/console/plans/" + PLAN + "']")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("task-28")).isEmpty());

        WebElement row = task28();
        assertThat(row.findElement(By.cssSelector("[data-campaign='" + campaignId + "'] a")).getText()).contains(code);
        assertThat(row.findElement(By.cssSelector("[data-campaign='" + campaignId + "'] .status")).getText())
                .containsAnyOf("Đã phê duyệt", "Đã lên lịch", "Đang chạy");
        List<String> marked = row.findElements(By.cssSelector("td[data-quarter].on")).stream()
                .map(td -> td.getAttribute("data-quarter")).toList();
        assertThat(marked).containsExactly("2");
        assertThat(row.getText()).contains("Sở Nội vụ").contains("quý II/2025").doesNotContain("so-noi-vu");
        assertThat(browser.findElement(By.id("plan-issuer")).getText()).isEqualTo("Ủy ban nhân dân tỉnh Khánh Hòa");
        assertThat(browser.findElement(By.id("main")).getText()).contains("244/QĐ-UBND · 24/01/2025")
                .contains("Nhiệm vụ theo quý").contains("Quý 2");
        console.check("plan");
        // the campaign's row links to its board, whose facts name the task and link back to the plan
        row.findElement(By.cssSelector("[data-campaign='" + campaignId + "'] a")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("campaign-plan-task")).isEmpty());
        assertThat(browser.findElement(By.id("campaign-plan-task")).getText()).startsWith("Nhiệm vụ số 28: ");
        assertThat(browser.findElement(By.id("campaign-plan-link")).getAttribute("href")).endsWith("/console/plans/" + PLAN + "#task-28");
        console.check("campaign-of-plan-task");

        // The task's button: the wizard with the task chosen; the stored campaign carries it.
        console.open("/console/plans/" + PLAN);
        task28().findElement(By.cssSelector("[data-testid='task-create-campaign']")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("planTaskId")).isEmpty());
        assertThat(new Select(browser.findElement(By.id("planTaskId"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo(TASK_28);
        console.check("wizard-plan-task");
        String wizardCode = "SNV-PAR-WIZ-" + System.nanoTime();
        browser.findElement(By.id("code")).sendKeys(wizardCode);
        browser.findElement(By.id("title")).sendKeys("Thông báo Hội nghị Chỉ số PAR Index");
        if (Chromium.noticeEditorBuilt()) {
            browser.findElement(By.cssSelector("[data-testid='notice-editor']")).sendKeys("Sở Nội vụ tổ chức Hội nghị phân tích các Chỉ số.");
        } else {
            browser.findElement(By.id("bodyHtml")).sendKeys("<p>Sở Nội vụ tổ chức Hội nghị phân tích các Chỉ số.</p>");
        }
        browser.findElement(By.id("ledText")).sendKeys("Hội nghị Chỉ số PAR Index");
        browser.findElement(By.cssSelector("input[name='agencies'][value='so-y-te']")).click();
        browser.findElement(By.id("save")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("campaign-status")).isEmpty()
                || !browser.findElements(By.cssSelector("#main > .error")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#main > .error, .field-error")).stream().map(WebElement::getText).toList())
                .as("the wizard's problems").isEmpty();
        String created = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);

        JsonNode stored = PlatformApi.campaign(created, "tran.thi.lan");
        assertThat(stored.path("code").asString()).isEqualTo(wizardCode);
        assertThat(stored.path("planTaskId").asString()).isEqualTo(TASK_28);
    }
}

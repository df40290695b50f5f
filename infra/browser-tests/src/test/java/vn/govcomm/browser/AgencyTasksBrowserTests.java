package vn.govcomm.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.browser.ConsoleBrowser.PATIENCE;

/**
 * The agencies' side in Chromium: an officer of a target agency (Sở Y tế) finds the campaign addressed to it, opens
 * its manual task and confirms with evidence; the issuing department's approver (Sở Nội vụ) finds it among the
 * evidence awaiting review and rejects it with a reason; the agency sees why, confirms again, and the approver
 * accepts it. Every page visited is checked for people's words and saved as a screenshot ({@link PeoplesWords}).
 */
class AgencyTasksBrowserTests {

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    /** A campaign of Sở Nội vụ asking Sở Y tế to post it on its One-Stop notice board, approved through the API. */
    static String approvedManualCampaign(String title) {
        LocalDate today = LocalDate.now();
        return PlatformApi.submitAndApprove(PlatformApi.draft("""
                {"code": "SNV-MANUAL-%d", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "%s", "bodyHtml": "<p>Đề nghị niêm yết tại Bộ phận Một cửa.</p>"},
                 "targets": [{"agencyId": "so-y-te", "channels": ["manual"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}""".formatted(System.nanoTime(), title, today, today.plusDays(14))));
    }

    static String taskState() {
        return console.driver().findElement(By.id("task-facts")).getAttribute("data-state");
    }

    @Test
    void anAgencyConfirmsWithEvidenceTheIssuerRejectsThenAcceptsIt() {
        String title = "Niêm yết lịch khảo sát " + System.nanoTime();
        String campaignId = approvedManualCampaign(title);
        ChromeDriver browser = console.driver();

        // The target agency's officer: the addressee page, then the manual task of the campaign
        console.signIn("le.thi.hoa");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            console.open("/console/addressed/" + campaignId);
            return !browser.findElements(By.cssSelector("[data-testid='addressed-task-link']")).isEmpty();
        });
        assertThat(browser.findElement(By.id("main")).getText()).contains(title).contains("Sở Nội vụ tỉnh Khánh Hòa");
        console.check("addressed-campaign");
        console.open("/console/addressed");
        console.check("addressed");
        console.open("/console/addressed/" + campaignId);
        browser.findElement(By.cssSelector("[data-testid='addressed-task-link']")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().contains("/console/manual/tasks/"));
        String taskUrl = browser.getCurrentUrl();
        assertThat(taskState()).isEqualTo("AWAITING_CONFIRMATION");
        assertThat(browser.findElement(By.id("task-title")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("task-agency")).getText()).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        console.check("manual-task");
        browser.findElement(By.id("url")).sendKeys("https://syt.khanhhoa.gov.vn/tin-tuc/niem-yet-mo");
        browser.findElement(By.id("note")).sendKeys("Đã niêm yết tại Bộ phận Một cửa.");
        browser.findElement(By.id("evidence-submit")).click();
        await().atMost(PATIENCE).until(() -> "AWAITING_REVIEW".equals(taskState()));
        assertThat(browser.findElements(By.cssSelector("[data-testid='evidence-row']"))).hasSize(1);
        assertThat(browser.findElements(By.id("evidence-form"))).isEmpty();
        console.check("manual-task-evidence-sent");
        console.open("/console/manual");
        console.check("manual-tasks");
        console.signOut();

        // The issuing department's approver: evidence awaiting review → reject with a reason
        console.signIn("nguyen.van.minh");
        console.open("/console/manual/reviews");
        console.check("manual-reviews");
        WebElement row = browser.findElements(By.cssSelector("[data-testid='review-row']")).stream()
                .filter(r -> r.getText().contains(title)).findFirst().orElseThrow();
        row.findElement(By.tagName("a")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().equals(taskUrl));
        browser.findElement(By.id("reason")).sendKeys("Ảnh chụp không rõ nội dung thông báo");
        browser.findElement(By.id("review-reject")).click();
        await().atMost(PATIENCE).until(() -> "REJECTED".equals(taskState()));
        console.signOut();

        // The agency sees why and confirms again; the approver accepts
        console.signIn("le.thi.hoa");
        browser.get(taskUrl);
        assertThat(browser.findElement(By.id("evidence-history")).getText()).contains("Ảnh chụp không rõ nội dung thông báo");
        assertThat(browser.findElement(By.id("confirm-again")).isDisplayed()).isTrue();
        browser.findElement(By.id("url")).sendKeys("https://syt.khanhhoa.gov.vn/tin-tuc/niem-yet-ro");
        browser.findElement(By.id("evidence-submit")).click();
        await().atMost(PATIENCE).until(() -> "AWAITING_REVIEW".equals(taskState()));
        console.signOut();

        console.signIn("nguyen.van.minh");
        browser.get(taskUrl);
        browser.findElement(By.id("review-accept")).click();
        await().atMost(PATIENCE).until(() -> "ACCEPTED".equals(taskState()));
        assertThat(browser.findElements(By.cssSelector("[data-testid='evidence-row']"))).hasSize(2);
        console.check("manual-task-accepted");
        console.signOut();
    }
}

package vn.govcomm.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.browser.ConsoleBrowser.PATIENCE;

/**
 * Editing an approved campaign and copying it (issue 19 item 3, issue 20 item 3) in Chromium: Sở Nội vụ's officer
 * edits a running campaign's title with "Sửa nội dung (tạo phiên bản mới)", is told version 2 waits for approval
 * while version 1 stays published; the approver approves it from the campaign's page and the history lists both
 * versions, the second current and changed in its title (the approver is offered neither copying nor "Lưu làm mẫu":
 * not in the campaign's {@code allowedActions} for them). Then the officer copies it: the copy opens in the wizard as
 * a draft of next year, its code and dates said.
 */
class VersionsCopyBrowserTests {

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    /** A campaign of Sở Nội vụ for Sở Y tế's portal, from today for two weeks, approved through the API (version 1). */
    static String approvedCampaign(String code) {
        return PlatformApi.submitAndApprove(PlatformApi.draft(PlatformApi.campaignRequest(code, "Khảo sát mức độ hài lòng", 14)));
    }

    @Test
    void anApprovedCampaignEditedWaitsAsVersionTwoTheApproverApprovesItAndACopyOpensAsADraft() {
        ChromeDriver browser = console.driver();
        String code = "SNV-PB-" + System.nanoTime();
        String id = approvedCampaign(code);

        // the officer edits the approved campaign: a new version, to be approved again
        console.signIn("tran.thi.lan");
        console.open("/console/campaigns/" + id);
        assertThat(browser.findElement(By.id("version-1")).getText()).contains("Phiên bản 1").contains("đang phát hành")
                .contains("Bản đầu tiên được phê duyệt.");
        WebElement edit = browser.findElement(By.id("edit"));
        assertThat(edit.getText()).isEqualTo("Sửa nội dung (tạo phiên bản mới)");
        edit.click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("new-version-hint")).isEmpty());
        assertThat(browser.findElement(By.id("new-version-hint")).getText()).contains("lưu sẽ tạo phiên bản 2");
        WebElement title = browser.findElement(By.id("title"));
        title.clear();
        title.sendKeys("Khảo sát mức độ hài lòng (bổ sung)");
        browser.findElement(By.id("save")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("campaign-status")).isEmpty()
                || !browser.findElements(By.cssSelector("#main > .error")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#main > .error, .field-error")).stream().map(WebElement::getText).toList())
                .as("the wizard's problems").isEmpty();
        assertThat(browser.findElement(By.id("action-done")).getText())
                .contains("Đã lưu phiên bản 2").contains("đang chờ phê duyệt lại");
        assertThat(browser.findElement(By.id("pending-version")).getText())
                .isEqualTo("Phiên bản 2 đang chờ phê duyệt lại; phiên bản 1 vẫn đang được phát hành.");
        console.check("versions-waiting");
        assertThat(PlatformApi.campaign(id, "tran.thi.lan").path("status").asString()).isEqualTo("SUBMITTED");
        console.signOut();

        // the approver approves version 2 from the campaign's page
        console.signIn("nguyen.van.minh");
        console.open("/console/campaigns/" + id);
        // an approver may neither copy nor save as a template: the campaign's allowedActions do not offer them
        assertThat(browser.findElements(By.cssSelector("#copy, #copy-form, #save-as-template"))).isEmpty();
        browser.findElement(By.id("approve")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("version-2")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#versions li"))).hasSize(2);
        assertThat(browser.findElement(By.id("version-2")).getText()).contains("Phiên bản 2").contains("đang phát hành")
                // the approver by name, not by user id
                .contains("phê duyệt bởi Nguyễn Văn Minh lúc").doesNotContain("nguyen.van.minh")
                .containsPattern("\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d")
                .contains("Thay đổi so với phiên bản trước: tiêu đề.");
        assertThat(browser.findElement(By.id("version-1")).getText()).doesNotContain("đang phát hành");
        assertThat(browser.findElements(By.id("pending-version"))).isEmpty();
        console.check("versions-history");
        console.signOut();

        // the officer copies it ("copy last year's"): a draft of next year, opened in the wizard
        console.signIn("tran.thi.lan");
        console.open("/console/campaigns/" + id);
        assertThat(browser.findElement(By.id("save-as-template")).getText()).isEqualTo("Lưu làm mẫu");
        browser.findElement(By.id("copy")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().endsWith("/edit") && !browser.getCurrentUrl().contains(id + "/"));
        String url = browser.getCurrentUrl();
        String copyId = url.substring(url.indexOf("/console/campaigns/") + "/console/campaigns/".length(), url.lastIndexOf("/edit"));
        int nextYear = LocalDate.now().getYear() + 1;
        assertThat(browser.findElement(By.id("action-done")).getText()).contains("Đã sao chép thành bản nháp mới")
                .contains(code + "-" + nextYear).containsPattern("thời gian \\d\\d/\\d\\d/" + nextYear + " – ");
        assertThat(browser.findElement(By.id("code")).getAttribute("value")).isEqualTo(code + "-" + nextYear);
        console.check("copy-wizard");
        JsonNode copy = PlatformApi.campaign(copyId, "tran.thi.lan");
        assertThat(copy.path("status").asString()).isEqualTo("DRAFT");
        assertThat(copy.path("origin").path("kind").asString()).isEqualTo("copy");
        assertThat(copy.path("notice").path("title").asString()).isEqualTo("Khảo sát mức độ hài lòng (bổ sung)");
        console.signOut();
    }
}

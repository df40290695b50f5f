package vn.govcomm.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.browser.ConsoleBrowser.PATIENCE;

/**
 * The wizard's agency picker and the console's notifications (issue 19 items 3 and 6) in Chromium: Sở Nội vụ's
 * officer finds the whole group "Báo chí" and Sở Y tế by typing without accents, narrows the group to the portal,
 * reads the targets in words and saves; the stored campaign has a group target (resolved at approval) and an agency
 * target with their channels. Once submitted, the approver's bell counts it, the notifications page lists it under
 * "Chờ bạn duyệt", and the approver approves it from there.
 */
class PickerNotificationsBrowserTests {

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    /** Types {@code text} in the picker's search and waits for the box {@code id} among the results. */
    static void search(ChromeDriver browser, String text, String id) {
        WebElement query = browser.findElement(By.id("agencyQuery"));
        query.clear();
        query.sendKeys(text);
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.cssSelector("#picker-results #" + id)).isEmpty());
    }

    /** Ticks the result {@code id} and waits for it to be among the chosen targets. */
    static void choose(ChromeDriver browser, String id) {
        browser.findElement(By.cssSelector("#picker-results #" + id)).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.cssSelector("#picker-chosen #" + id)).isEmpty());
    }

    /**
     * The approver's side, signed in: the bell in the navigation counts something, its page opens from it, and the
     * campaign {@code id} is listed there under "Chờ bạn duyệt"; its item.
     */
    static WebElement waitingForApproval(ChromeDriver browser, String id) {
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.cssSelector("#nav-notifications #bell-count")).isEmpty());
        assertThat(Integer.parseInt(browser.findElement(By.cssSelector("#bell-count [aria-hidden]")).getText())).isPositive();
        browser.findElement(By.id("nav-notifications")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().endsWith("/console/notifications"));
        return browser.findElement(By.cssSelector("#waiting li[data-campaign='" + id + "']"));
    }

    @Test
    void anOfficerPicksAGroupAndAnAgencyBySearchAndTheApproverApprovesFromANotification() {
        ChromeDriver browser = console.driver();
        console.signIn("tran.thi.lan");
        console.open("/console/campaigns/new");
        String code = "SNV-PICK-" + System.nanoTime();
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("title")).sendKeys("Thông báo tuyển dụng viên chức năm 2026");
        if (Chromium.noticeEditorBuilt()) {
            browser.findElement(By.cssSelector("[data-testid='notice-editor']")).sendKeys("Sở Nội vụ thông báo tuyển dụng viên chức.");
        } else {
            browser.findElement(By.id("bodyHtml")).sendKeys("<p>Sở Nội vụ thông báo tuyển dụng viên chức.</p>");
        }
        browser.findElement(By.id("ledText")).sendKeys("Tuyển dụng viên chức 2026");

        // the whole group, found by its name without accents, then narrowed to the portal
        search(browser, "bao chi", "target-group-bao-chi");
        assertThat(browser.findElement(By.cssSelector("#picker-results")).getText()).contains("Cả nhóm: Báo chí");
        choose(browser, "target-group-bao-chi");
        WebElement group = browser.findElement(By.cssSelector("#picker-chosen li[data-target='group:bao-chi']"));
        group.findElement(By.tagName("summary")).click();
        group.findElement(By.cssSelector("input[value='group:bao-chi:portal']")).click();
        // an agency, typed without accents
        search(browser, "so y te", "target-agency-so-y-te");
        choose(browser, "target-agency-so-y-te");
        assertThat(browser.findElement(By.id("picker-chosen")).getText()).contains("Đã chọn (2)").contains("Cả nhóm: Báo chí")
                .contains("Sở Y tế");
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("targets-summary")).getText().contains("Báo chí"));
        await().atMost(PATIENCE).until(() -> browser.findElement(By.cssSelector("#targets-summary li[data-target='group:bao-chi']"))
                .getText().endsWith(": Cổng thông tin điện tử"));
        console.check("wizard-picker");

        browser.findElement(By.id("save")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("campaign-status")).isEmpty()
                || !browser.findElements(By.cssSelector("#main > .error")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#main > .error, .field-error")).stream().map(WebElement::getText).toList())
                .as("the wizard's problems").isEmpty();
        String id = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        JsonNode stored = PlatformApi.campaign(id, "tran.thi.lan");
        JsonNode targets = stored.path("targets");
        assertThat(targets).hasSize(2);
        assertThat(targets.get(0).path("agencyId").asString()).isEqualTo("so-y-te");
        assertThat(targets.get(0).path("channels").toString()).isEqualTo("[\"portal\",\"facebook\",\"zalo\",\"led\"]");
        assertThat(targets.get(1).path("group").asString()).isEqualTo("bao-chi");   // kept a group: resolved at approval
        assertThat(targets.get(1).path("agencyId").isMissingNode() || targets.get(1).path("agencyId").isNull()).isTrue();
        assertThat(targets.get(1).path("channels").toString()).isEqualTo("[\"portal\"]");
        browser.findElement(By.id("submit")).click();
        await().atMost(PATIENCE).until(() -> browser.findElements(By.id("submit")).isEmpty());
        console.signOut();

        // the approver: the bell counts it, the page lists it, approved from there
        console.signIn("nguyen.van.minh");
        WebElement item = waitingForApproval(browser, id);
        assertThat(item.getText()).contains("Thông báo tuyển dụng viên chức năm 2026").contains(code).containsPattern("\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d");
        console.check("notifications");
        item.findElement(By.cssSelector("button.approve")).click();
        await().atMost(PATIENCE).until(() -> List.of("APPROVED", "SCHEDULED", "RUNNING").contains(
                PlatformApi.campaign(id, "nguyen.van.minh").path("status").asString()));
        console.open("/console/notifications");
        assertThat(browser.findElements(By.cssSelector("#waiting li[data-campaign='" + id + "']"))).isEmpty();
        console.signOut();
    }
}

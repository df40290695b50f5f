package vn.govcomm.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The wizard's agency picker and the console's notifications (issue 19 items 3 and 6) in Chromium: Sở Nội vụ's
 * officer finds the whole group "Báo chí" and Sở Y tế by typing without accents, narrows the group to the portal,
 * reads the targets in words and saves; the stored campaign has a group target (resolved at approval) and an agency
 * target with their channels. Once submitted, the approver's bell counts it, the notifications page lists it under
 * "Chờ bạn duyệt", and the approver approves it from there.
 */
class PickerNotificationsBrowserTests {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static ChromeDriver browser;
    static String gateway;
    static RestClient api;

    @BeforeAll
    static void start() throws IOException {
        if (!Chromium.installed()) {
            return;
        }
        gateway = SharedPlatform.gateway();
        api = RestClient.builder().baseUrl(gateway).defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {
            throw new AssertionError(req.getURI() + " → " + res.getStatusCode() + " " + new String(res.getBody().readAllBytes()));
        }).build();
        browser = Chromium.start(Files.createTempDirectory("govcomm-downloads"));
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
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

    static String token(String user) {
        return AgencyTasksBrowserTests.token(api, user);
    }

    /** Types {@code text} in the picker's search and waits for the box {@code id} among the results. */
    static void search(String text, String id) {
        WebElement query = browser.findElement(By.id("agencyQuery"));
        query.clear();
        query.sendKeys(text);
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.cssSelector("#picker-results #" + id)).isEmpty());
    }

    /** Ticks the result {@code id} and waits for it to be among the chosen targets. */
    static void choose(String id) {
        browser.findElement(By.cssSelector("#picker-results #" + id)).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.cssSelector("#picker-chosen #" + id)).isEmpty());
    }

    @Test
    void anOfficerPicksAGroupAndAnAgencyBySearchAndTheApproverApprovesFromANotification() {
        Chromium.signIn(browser, gateway, "tran.thi.lan", PATIENCE);
        browser.get(gateway + "/console/campaigns/new");
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
        search("bao chi", "target-group-bao-chi");
        assertThat(browser.findElement(By.cssSelector("#picker-results")).getText()).contains("Cả nhóm: Báo chí");
        choose("target-group-bao-chi");
        WebElement group = browser.findElement(By.cssSelector("#picker-chosen li[data-target='group:bao-chi']"));
        group.findElement(By.tagName("summary")).click();
        group.findElement(By.cssSelector("input[value='group:bao-chi:portal']")).click();
        // an agency, typed without accents
        search("so y te", "target-agency-so-y-te");
        choose("target-agency-so-y-te");
        assertThat(browser.findElement(By.id("picker-chosen")).getText()).contains("Đã chọn (2)").contains("Cả nhóm: Báo chí")
                .contains("Sở Y tế");
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("targets-summary")).getText().contains("Báo chí"));
        await().atMost(PATIENCE).until(() -> browser.findElement(By.cssSelector("#targets-summary li[data-target='group:bao-chi']"))
                .getText().endsWith(": Cổng thông tin điện tử"));
        PeoplesWords.check(browser, gateway, "wizard-picker");

        browser.findElement(By.id("save")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("campaign-status")).isEmpty()
                || !browser.findElements(By.cssSelector("#main > .error")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#main > .error, .field-error")).stream().map(WebElement::getText).toList())
                .as("the wizard's problems").isEmpty();
        String id = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        JsonNode stored = JSON.readTree(api.get().uri("/api/campaigns/{id}", id)
                .headers(h -> h.setBearerAuth(token("tran.thi.lan"))).retrieve().body(String.class));
        JsonNode targets = stored.path("targets");
        assertThat(targets).hasSize(2);
        assertThat(targets.get(0).path("agencyId").asString()).isEqualTo("so-y-te");
        assertThat(targets.get(0).path("channels").toString()).isEqualTo("[\"portal\",\"facebook\",\"zalo\",\"led\"]");
        assertThat(targets.get(1).path("group").asString()).isEqualTo("bao-chi");   // kept a group: resolved at approval
        assertThat(targets.get(1).path("agencyId").isMissingNode() || targets.get(1).path("agencyId").isNull()).isTrue();
        assertThat(targets.get(1).path("channels").toString()).isEqualTo("[\"portal\"]");
        browser.findElement(By.id("submit")).click();
        await().atMost(PATIENCE).until(() -> browser.findElements(By.id("submit")).isEmpty());
        Chromium.signOut(browser, PATIENCE);

        // the approver: the bell counts it, the page lists it, approved from there
        Chromium.signIn(browser, gateway, "nguyen.van.minh", PATIENCE);
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.cssSelector("#nav-notifications #bell-count")).isEmpty());
        assertThat(Integer.parseInt(browser.findElement(By.cssSelector("#bell-count [aria-hidden]")).getText())).isPositive();
        browser.findElement(By.id("nav-notifications")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().endsWith("/console/notifications"));
        WebElement item = browser.findElement(By.cssSelector("#waiting li[data-campaign='" + id + "']"));
        assertThat(item.getText()).contains("Thông báo tuyển dụng viên chức năm 2026").contains(code).containsPattern("\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d");
        PeoplesWords.check(browser, gateway, "notifications");
        item.findElement(By.cssSelector("button.approve")).click();
        await().atMost(PATIENCE).until(() -> List.of("APPROVED", "SCHEDULED", "RUNNING").contains(JSON.readTree(api.get()
                .uri("/api/campaigns/{id}", id).headers(h -> h.setBearerAuth(token("nguyen.van.minh"))).retrieve()
                .body(String.class)).path("status").asString()));
        browser.get(gateway + "/console/notifications");
        assertThat(browser.findElements(By.cssSelector("#waiting li[data-campaign='" + id + "']"))).isEmpty();
        Chromium.signOut(browser, PATIENCE);
    }
}

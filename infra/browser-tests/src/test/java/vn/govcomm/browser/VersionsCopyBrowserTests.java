package vn.govcomm.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Editing an approved campaign and copying it (issue 19 item 3, issue 20 item 3) in Chromium: Sở Nội vụ's officer
 * edits a running campaign's title with "Sửa nội dung (tạo phiên bản mới)", is told version 2 waits for approval
 * while version 1 stays published; the approver approves it from the campaign's page and the history lists both
 * versions, the second current and changed in its title. Then the officer copies it: the copy opens in the wizard as
 * a draft of next year, its code and dates said.
 */
class VersionsCopyBrowserTests {

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

    static JsonNode campaign(String id, String user) {
        return JSON.readTree(api.get().uri("/api/campaigns/{id}", id)
                .headers(h -> h.setBearerAuth(AgencyTasksBrowserTests.token(api, user))).retrieve().body(String.class));
    }

    /** A campaign of Sở Nội vụ for Sở Y tế's portal, from today for two weeks, approved through the API (version 1). */
    static String approvedCampaign(String code) {
        String officer = AgencyTasksBrowserTests.token(api, "tran.thi.lan");
        String approver = AgencyTasksBrowserTests.token(api, "nguyen.van.minh");
        LocalDate today = LocalDate.now();
        String body = """
                {"code": "%s", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "Khảo sát mức độ hài lòng", "bodyHtml": "<p>Mời người dân tham gia khảo sát.</p>"},
                 "targets": [{"agencyId": "so-y-te", "channels": ["portal"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}""".formatted(code, today, today.plusDays(14));
        String id = JSON.readTree(api.post().uri("/api/campaigns").headers(h -> h.setBearerAuth(officer))
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(String.class)).path("id").asString();
        api.post().uri("/api/campaigns/{id}/submit", id).headers(h -> h.setBearerAuth(officer)).retrieve().toBodilessEntity();
        api.post().uri("/api/campaigns/{id}/approve", id).headers(h -> h.setBearerAuth(approver))
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toBodilessEntity();
        return id;
    }

    @Test
    void anApprovedCampaignEditedWaitsAsVersionTwoTheApproverApprovesItAndACopyOpensAsADraft() {
        String code = "SNV-PB-" + System.nanoTime();
        String id = approvedCampaign(code);

        // the officer edits the approved campaign: a new version, to be approved again
        Chromium.signIn(browser, gateway, "tran.thi.lan", PATIENCE);
        browser.get(gateway + "/console/campaigns/" + id);
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
        PeoplesWords.check(browser, gateway, "versions-waiting");
        assertThat(campaign(id, "tran.thi.lan").path("status").asString()).isEqualTo("SUBMITTED");
        Chromium.signOut(browser, PATIENCE);

        // the approver approves version 2 from the campaign's page
        Chromium.signIn(browser, gateway, "nguyen.van.minh", PATIENCE);
        browser.get(gateway + "/console/campaigns/" + id);
        browser.findElement(By.id("approve")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("version-2")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#versions li"))).hasSize(2);
        assertThat(browser.findElement(By.id("version-2")).getText()).contains("Phiên bản 2").contains("đang phát hành")
                .contains("phê duyệt bởi nguyen.van.minh lúc").containsPattern("\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d")
                .contains("Thay đổi so với phiên bản trước: tiêu đề.");
        assertThat(browser.findElement(By.id("version-1")).getText()).doesNotContain("đang phát hành");
        assertThat(browser.findElements(By.id("pending-version"))).isEmpty();
        PeoplesWords.check(browser, gateway, "versions-history");
        Chromium.signOut(browser, PATIENCE);

        // the officer copies it ("copy last year's"): a draft of next year, opened in the wizard
        Chromium.signIn(browser, gateway, "tran.thi.lan", PATIENCE);
        browser.get(gateway + "/console/campaigns/" + id);
        browser.findElement(By.id("copy")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().endsWith("/edit") && !browser.getCurrentUrl().contains(id + "/"));
        String url = browser.getCurrentUrl();
        String copyId = url.substring(url.indexOf("/console/campaigns/") + "/console/campaigns/".length(), url.lastIndexOf("/edit"));
        int nextYear = LocalDate.now().getYear() + 1;
        assertThat(browser.findElement(By.id("action-done")).getText()).contains("Đã sao chép thành bản nháp mới")
                .contains(code + "-" + nextYear).containsPattern("thời gian \\d\\d/\\d\\d/" + nextYear + " – ");
        assertThat(browser.findElement(By.id("code")).getAttribute("value")).isEqualTo(code + "-" + nextYear);
        PeoplesWords.check(browser, gateway, "copy-wizard");
        JsonNode copy = campaign(copyId, "tran.thi.lan");
        assertThat(copy.path("status").asString()).isEqualTo("DRAFT");
        assertThat(copy.path("origin").path("kind").asString()).isEqualTo("copy");
        assertThat(copy.path("notice").path("title").asString()).isEqualTo("Khảo sát mức độ hài lòng (bổ sung)");
        Chromium.signOut(browser, PATIENCE);
    }
}

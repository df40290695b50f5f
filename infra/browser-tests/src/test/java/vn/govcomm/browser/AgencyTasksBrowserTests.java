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
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agencies' side in Chromium: an officer of a target agency (Sở Y tế) finds the campaign addressed to it, opens
 * its manual task and confirms with evidence; the issuing department's approver (Sở Nội vụ) finds it among the
 * evidence awaiting review and rejects it with a reason; the agency sees why, confirms again, and the approver
 * accepts it. Every page visited is checked for people's words and saved as a screenshot ({@link PeoplesWords}).
 */
class AgencyTasksBrowserTests {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static ChromeDriver browser;
    static String gateway;

    @BeforeAll
    static void start() throws IOException {
        if (!Chromium.installed()) {
            return;
        }
        gateway = SharedPlatform.gateway();
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

    static void signIn(String user) {
        Chromium.signIn(browser, gateway, user, PATIENCE);
    }

    static void signOut() {
        Chromium.signOut(browser, PATIENCE);
    }

    /** A campaign of Sở Nội vụ asking Sở Y tế to post it on its One-Stop notice board, approved through the API. */
    static String approvedManualCampaign(String title) {
        RestClient api = RestClient.builder().baseUrl(gateway)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {
                    throw new AssertionError(req.getURI() + " → " + res.getStatusCode() + " " + new String(res.getBody().readAllBytes()));
                }).build();
        String officer = token(api, "tran.thi.lan");
        String approver = token(api, "nguyen.van.minh");
        LocalDate today = LocalDate.now();
        String body = """
                {"code": "SNV-MANUAL-%d", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "%s", "bodyHtml": "<p>Đề nghị niêm yết tại Bộ phận Một cửa.</p>"},
                 "targets": [{"agencyId": "so-y-te", "channels": ["manual"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}""".formatted(System.nanoTime(), title, today, today.plusDays(14));
        String id = JSON.readTree(api.post().uri("/api/campaigns").headers(h -> h.setBearerAuth(officer))
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(String.class)).path("id").asString();
        api.post().uri("/api/campaigns/{id}/submit", id).headers(h -> h.setBearerAuth(officer)).retrieve().toBodilessEntity();
        api.post().uri("/api/campaigns/{id}/approve", id).headers(h -> h.setBearerAuth(approver))
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toBodilessEntity();
        return id;
    }

    static String token(RestClient api, String user) {
        return JSON.readTree(api.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&client_id=" + user + "&client_secret=demo")
                .retrieve().body(String.class)).path("access_token").asString();
    }

    static void check(String page) {
        PeoplesWords.check(browser, gateway, page);
    }

    static String taskState() {
        return browser.findElement(By.id("task-facts")).getAttribute("data-state");
    }

    @Test
    void anAgencyConfirmsWithEvidenceTheIssuerRejectsThenAcceptsIt() {
        String title = "Niêm yết lịch khảo sát " + System.nanoTime();
        String campaignId = approvedManualCampaign(title);

        // The target agency's officer: the addressee page, then the manual task of the campaign
        signIn("le.thi.hoa");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            browser.get(gateway + "/console/addressed/" + campaignId);
            return !browser.findElements(By.cssSelector("[data-testid='addressed-task-link']")).isEmpty();
        });
        assertThat(browser.findElement(By.id("main")).getText()).contains(title).contains("Sở Nội vụ tỉnh Khánh Hòa");
        check("addressed-campaign");
        browser.get(gateway + "/console/addressed");
        check("addressed");
        browser.get(gateway + "/console/addressed/" + campaignId);
        browser.findElement(By.cssSelector("[data-testid='addressed-task-link']")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().contains("/console/manual/tasks/"));
        String taskUrl = browser.getCurrentUrl();
        assertThat(taskState()).isEqualTo("AWAITING_CONFIRMATION");
        assertThat(browser.findElement(By.id("task-title")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("task-agency")).getText()).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        check("manual-task");
        browser.findElement(By.id("url")).sendKeys("https://syt.khanhhoa.gov.vn/tin-tuc/niem-yet-mo");
        browser.findElement(By.id("note")).sendKeys("Đã niêm yết tại Bộ phận Một cửa.");
        browser.findElement(By.id("evidence-submit")).click();
        await().atMost(PATIENCE).until(() -> "AWAITING_REVIEW".equals(taskState()));
        assertThat(browser.findElements(By.cssSelector("[data-testid='evidence-row']"))).hasSize(1);
        assertThat(browser.findElements(By.id("evidence-form"))).isEmpty();
        check("manual-task-evidence-sent");
        browser.get(gateway + "/console/manual");
        check("manual-tasks");
        signOut();

        // The issuing department's approver: evidence awaiting review → reject with a reason
        signIn("nguyen.van.minh");
        browser.get(gateway + "/console/manual/reviews");
        check("manual-reviews");
        WebElement row = browser.findElements(By.cssSelector("[data-testid='review-row']")).stream()
                .filter(r -> r.getText().contains(title)).findFirst().orElseThrow();
        row.findElement(By.tagName("a")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().equals(taskUrl));
        browser.findElement(By.id("reason")).sendKeys("Ảnh chụp không rõ nội dung thông báo");
        browser.findElement(By.id("review-reject")).click();
        await().atMost(PATIENCE).until(() -> "REJECTED".equals(taskState()));
        signOut();

        // The agency sees why and confirms again; the approver accepts
        signIn("le.thi.hoa");
        browser.get(taskUrl);
        assertThat(browser.findElement(By.id("evidence-history")).getText()).contains("Ảnh chụp không rõ nội dung thông báo");
        assertThat(browser.findElement(By.id("confirm-again")).isDisplayed()).isTrue();
        browser.findElement(By.id("url")).sendKeys("https://syt.khanhhoa.gov.vn/tin-tuc/niem-yet-ro");
        browser.findElement(By.id("evidence-submit")).click();
        await().atMost(PATIENCE).until(() -> "AWAITING_REVIEW".equals(taskState()));
        signOut();

        signIn("nguyen.van.minh");
        browser.get(taskUrl);
        browser.findElement(By.id("review-accept")).click();
        await().atMost(PATIENCE).until(() -> "ACCEPTED".equals(taskState()));
        assertThat(browser.findElements(By.cssSelector("[data-testid='evidence-row']"))).hasSize(2);
        check("manual-task-accepted");
        signOut();
    }
}

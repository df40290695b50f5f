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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 20 items 1 and 3 in the console: the demo plan (seed 004) loaded, the list's month calendar of May 2025 shows
 * task 28 (quarter II) once "Hiện nhiệm vụ kế hoạch" is chosen, linking to its plan row; a template Sở Nội vụ's officer
 * created through the API appears in the library with its recurrence in words, and "Tạo chiến dịch
 * từ mẫu" opens the new draft in the wizard. Every page visited is checked by {@link PeoplesWords}.
 */
class TemplatesCalendarBrowserTests {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PLAN = PlanViewBrowserTests.PLAN;
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

    @Test
    void theCalendarShowsTask28InMayAndATemplateFromTheApiStartsADraftInTheWizard() {
        api.post().uri("/api/plans/import-demo")
                .headers(h -> h.setBearerAuth(AgencyTasksBrowserTests.token(api, "hoang.quoc.bao"))).retrieve().toBodilessEntity();
        signIn("tran.thi.lan");

        browser.get(gateway + "/console?month=2025-05");
        browser.findElement(By.id("calendar-tasks-toggle")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("calendar-tasks")).isEmpty());
        WebElement task28 = browser.findElement(By.cssSelector("#calendar-tasks a[href='/console/plans/" + PLAN + "#task-28']"));
        assertThat(task28.getText()).startsWith("Nhiệm vụ 28: ");
        assertThat(browser.findElements(By.cssSelector("#calendar-tasks a[href='/console/plans/" + PLAN + "#task-29']")))
                .as("task 29 is of quarter I").isEmpty();
        check("calendar-plan-tasks");
        task28.click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().endsWith("/console/plans/" + PLAN + "#task-28"));
        assertThat(browser.findElement(By.id("task-28")).isDisplayed()).isTrue();

        String name = "Khảo sát mức độ hài lòng " + System.nanoTime();
        String template = JSON.readTree(api.post().uri("/api/templates")
                .headers(h -> h.setBearerAuth(AgencyTasksBrowserTests.token(api, "tran.thi.lan")))
                .contentType(MediaType.APPLICATION_JSON).body("""
                        {"name": "%s", "code": "SNV-KSHL",
                         "notice": {"title": "Khảo sát mức độ hài lòng năm {year}",
                                    "bodyHtml": "<p>Khảo sát mức độ hài lòng của người dân năm {year}.</p>"},
                         "targets": [{"agencyId": "so-y-te", "channels": ["portal"]}],
                         "schedule": {"windowDays": 30},
                         "recurrence": {"frequency": "YEARLY", "month": 9, "day": 1, "leadTimeDays": 30}}""".formatted(name))
                .retrieve().body(String.class)).path("id").asString();

        browser.findElement(By.id("nav-templates")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("template-" + template)).isEmpty());
        WebElement article = browser.findElement(By.id("template-" + template));
        assertThat(article.getText()).contains(name).contains("Hằng năm, ngày 01/09, tạo bản nháp trước 30 ngày")
                .contains("Sở Y tế").contains("Cổng thông tin").doesNotContain("so-y-te").doesNotContain("YEARLY");
        check("templates");
        article.findElement(By.cssSelector("[data-testid='template-create'] button[type='submit']")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().endsWith("/edit")
                || !browser.findElements(By.id("templates-error")).isEmpty());
        assertThat(browser.getCurrentUrl()).as("the draft in the wizard").endsWith("/edit");
        assertThat(browser.findElement(By.id("title")).getAttribute("value")).startsWith("Khảo sát mức độ hài lòng năm 20");
        check("wizard-from-template");

        String draft = browser.getCurrentUrl().replaceAll(".*/campaigns/([^/]+)/edit$", "$1");
        JsonNode stored = JSON.readTree(api.get().uri("/api/campaigns/{id}", draft)
                .headers(h -> h.setBearerAuth(AgencyTasksBrowserTests.token(api, "tran.thi.lan"))).retrieve().body(String.class));
        assertThat(stored.path("status").asString()).isEqualTo("DRAFT");
        assertThat(stored.path("origin").path("kind").asString()).isEqualTo("template");
        assertThat(stored.path("origin").path("sourceId").asString()).isEqualTo(template);
    }

    static void signIn(String user) {
        Chromium.signIn(browser, gateway, user, PATIENCE);
    }

    static void check(String page) {
        PeoplesWords.check(browser, gateway, page);
    }
}

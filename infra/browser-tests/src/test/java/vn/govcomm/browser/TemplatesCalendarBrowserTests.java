package vn.govcomm.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.browser.ConsoleBrowser.PATIENCE;

/**
 * Issue 20 items 1 and 3 in the console: with the demo plan (seed 004, loaded with the demo data), the list's month
 * calendar of May 2025 shows task 28 (quarter II) once "Hiện nhiệm vụ kế hoạch" is chosen, linking to its plan row; a
 * template Sở Nội vụ's officer created through the API appears in the library with its recurrence in words, and "Tạo
 * chiến dịch từ mẫu" opens the new draft in the wizard, while the agency's viewer, who reads it too, is not offered that (the
 * template's {@code allowedActions}). Every page visited is checked by {@link PeoplesWords}.
 */
class TemplatesCalendarBrowserTests {

    static final String PLAN = PlanViewBrowserTests.PLAN;

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    @Test
    void theCalendarShowsTask28InMayAndATemplateFromTheApiStartsADraftInTheWizard() {
        ChromeDriver browser = console.driver();
        // the demo plan is loaded at start (SharedPlatform's demo data)
        console.signIn("tran.thi.lan");

        console.open("/console?month=2025-05");
        browser.findElement(By.id("calendar-tasks-toggle")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("calendar-tasks")).isEmpty());
        WebElement task28 = browser.findElement(By.cssSelector("#calendar-tasks a[href='/console/plans/" + PLAN + "#task-28']"));
        assertThat(task28.getText()).startsWith("Nhiệm vụ 28: ");
        assertThat(browser.findElements(By.cssSelector("#calendar-tasks a[href='/console/plans/" + PLAN + "#task-29']")))
                .as("task 29 is of quarter I").isEmpty();
        console.check("calendar-plan-tasks");
        task28.click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().endsWith("/console/plans/" + PLAN + "#task-28"));
        assertThat(browser.findElement(By.id("task-28")).isDisplayed()).isTrue();

        String name = "Khảo sát mức độ hài lòng " + System.nanoTime();
        String template = PlatformApi.post("tran.thi.lan", "/api/templates", """
                        {"name": "%s", "code": "SNV-KSHL",
                         "notice": {"title": "Khảo sát mức độ hài lòng năm {year}",
                                    "bodyHtml": "<p>Khảo sát mức độ hài lòng của người dân năm {year}.</p>"},
                         "targets": [{"agencyId": "so-y-te", "channels": ["portal"]}],
                         "schedule": {"windowDays": 30},
                         "recurrence": {"frequency": "YEARLY", "month": 9, "day": 1, "leadTimeDays": 30}}""".formatted(name))
                .path("id").asString();

        browser.findElement(By.id("nav-templates")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("template-" + template)).isEmpty());
        WebElement article = browser.findElement(By.id("template-" + template));
        assertThat(article.getText()).contains(name).contains("Hằng năm, ngày 01/09, tạo bản nháp trước 30 ngày")
                .contains("Sở Y tế").contains("Cổng thông tin").doesNotContain("so-y-te").doesNotContain("YEARLY");
        console.check("templates");
        article.findElement(By.cssSelector("[data-testid='template-create'] button[type='submit']")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().endsWith("/edit")
                || !browser.findElements(By.id("templates-error")).isEmpty());
        assertThat(browser.getCurrentUrl()).as("the draft in the wizard").endsWith("/edit");
        assertThat(browser.findElement(By.id("title")).getAttribute("value")).startsWith("Khảo sát mức độ hài lòng năm 20");
        console.check("wizard-from-template");

        String draft = browser.getCurrentUrl().replaceAll(".*/campaigns/([^/]+)/edit$", "$1");
        JsonNode stored = PlatformApi.campaign(draft, "tran.thi.lan");
        assertThat(stored.path("status").asString()).isEqualTo("DRAFT");
        assertThat(stored.path("origin").path("kind").asString()).isEqualTo("template");
        assertThat(stored.path("origin").path("sourceId").asString()).isEqualTo(template);
        console.signOut();

        // the agency's viewer reads the template, but its allowedActions offer no draft: no form
        console.signIn("vo.thi.mai");
        console.open("/console/templates");
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("template-" + template)).isEmpty());
        assertThat(browser.findElement(By.id("template-" + template)).findElements(By.cssSelector("[data-testid='template-create']")))
                .isEmpty();
        console.signOut();
    }
}

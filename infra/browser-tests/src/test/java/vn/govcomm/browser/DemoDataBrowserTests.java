package vn.govcomm.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.browser.ConsoleBrowser.PATIENCE;

/**
 * Issue 20's demo data in the console (the shared platform starts with the launcher's demo data): seed 004's plan with
 * every task, the three demo campaigns in the rows of the tasks they are linked to, the yearly survey template with its
 * recurrence, and the periodic scorecard naming every agency the approved demo campaigns went to. What is expected is
 * read from the demo resources themselves (the launcher's campaigns, the campaign service's seeds), not typed again.
 */
class DemoDataBrowserTests {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    /** The launcher's demo campaigns (local-platform); the first two are approved by it, the last waits for approval. */
    static final List<String> DEMO_CAMPAIGNS = List.of("demo/campaign-2023-satisfaction-survey.json",
            "demo/campaign-2025-cchc-contest.json", "demo/campaign-2025-apparatus-restructuring.json");

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    static JsonNode resource(String name) {
        try (InputStream in = DemoDataBrowserTests.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("the demo resource %s", name).isNotNull();
            return PlatformApi.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The id of the demo campaign coded {@code code}, as Sở Nội vụ's officer lists it. */
    static String demoCampaignId(String code) {
        for (JsonNode c : PlatformApi.get("tran.thi.lan", "/api/campaigns")) {
            if (code.equals(c.path("code").asString())) {
                return c.path("id").asString();
            }
        }
        throw new AssertionError("no demo campaign " + code + " in Sở Nội vụ's list");
    }

    @Test
    void thePlanViewShowsSeed004sPlanWithEveryTaskAndTheDemoCampaignsInTheirTasksRows() {
        JsonNode plan = resource("seed/plan-244-qd-ubnd-2025.json");
        String planId = plan.path("id").asString();
        ChromeDriver browser = console.driver();
        console.signIn("tran.thi.lan");
        console.open("/console/plans?year=" + plan.path("year").asInt());
        assertThat(browser.findElement(By.cssSelector("#plans tr[data-plan='" + planId + "']")).getText())
                .contains(plan.path("title").asString());
        console.check("demo-plans");
        browser.findElement(By.cssSelector("#plans a[href='/console/plans/" + planId + "']")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("plan-tasks")).isEmpty());

        List<Integer> numbers = new ArrayList<>();
        plan.path("tasks").forEach(t -> numbers.add(t.path("number").asInt()));
        assertThat(browser.findElements(By.cssSelector("#plan-tasks tr[data-task]"))).hasSize(numbers.size());
        for (JsonNode task : plan.path("tasks")) {
            assertThat(browser.findElement(By.id("task-" + task.path("number").asInt())).getText())
                    .as("task %s", task.path("number").asInt()).contains(task.path("title").asString());
        }
        for (String resource : DEMO_CAMPAIGNS) {
            JsonNode demo = resource(resource);
            String taskId = demo.path("planTaskId").asString();
            assertThat(taskId).as("%s is linked to a task", resource).startsWith(planId + "-t");
            String id = demoCampaignId(demo.path("code").asString());
            WebElement row = browser.findElement(By.cssSelector("#plan-tasks tr[data-task='" + taskId + "']"));
            WebElement linked = row.findElement(By.cssSelector("[data-campaign='" + id + "']"));
            assertThat(linked.findElement(By.tagName("a")).getText()).contains(demo.path("code").asString());
            assertThat(linked.findElement(By.cssSelector(".status")).getText()).as("the status of %s", resource).isNotBlank();
        }
        console.check("demo-plan");
    }

    @Test
    void theTemplateLibraryHoldsTheYearlySurveyWithItsRecurrenceInWords() {
        JsonNode seed = resource("seed/template-khao-sat-hai-long.json");
        JsonNode recurrence = seed.path("template").path("recurrence");
        assertThat(recurrence.path("frequency").asString()).isEqualTo("YEARLY");
        ChromeDriver browser = console.driver();
        console.signIn("tran.thi.lan");
        browser.findElement(By.id("nav-templates")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("template-" + seed.path("id").asString())).isEmpty());
        WebElement template = browser.findElement(By.id("template-" + seed.path("id").asString()));
        assertThat(template.getText()).contains(seed.path("template").path("name").asString());
        assertThat(template.findElement(By.cssSelector("[data-testid='template-recurrence']")).getText())
                .isEqualTo("Hằng năm, ngày %02d/%02d, tạo bản nháp trước %d ngày".formatted(recurrence.path("day").asInt(),
                        recurrence.path("month").asInt(), recurrence.path("leadTimeDays").asInt()));
        assertThat(template.findElement(By.cssSelector("[data-testid='template-next-draft']")).getText())
                .containsPattern("\\d\\d/\\d\\d/\\d{4}");
        console.check("demo-templates");
    }

    @Test
    void theScorecardOfTheDemoCampaignsQuarterNamesEveryAgencyTheyWentTo() {
        // the launcher sets each demo campaign's deadline a week after the day it starts (today, in Vietnam)
        LocalDate deadline = LocalDate.now(VIETNAM).plusDays(7);
        String period = deadline.getYear() + "-Q" + deadline.get(IsoFields.QUARTER_OF_YEAR);
        Set<String> agencies = new LinkedHashSet<>();
        for (String resource : DEMO_CAMPAIGNS.subList(0, 2)) {
            resource(resource).path("targets").forEach(t -> agencies.add(t.path("agencyId").asString()));
        }
        ChromeDriver browser = console.driver();
        console.signIn("tran.thi.lan");
        // the reporting service learns the demo campaigns from campaign.events shortly after the platform started
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            console.open("/console/scorecards?period=" + period + "&issuer=so-noi-vu");
            List<String> rows = browser.findElements(By.cssSelector("#scorecard tr[data-agency]")).stream()
                    .map(r -> r.getAttribute("data-agency")).toList();
            assertThat(rows).containsAll(agencies);
        });
        assertThat(Integer.parseInt(browser.findElement(By.id("scorecard-campaigns")).getText())).isGreaterThanOrEqualTo(2);
        List<String> ids = new ArrayList<>(PeoplesWords.agencyIds(console.gateway()));
        for (String agency : agencies) {
            WebElement row = browser.findElement(By.cssSelector("#scorecard tr[data-agency='" + agency + "']"));
            List<String> cells = row.findElements(By.cssSelector("td, th")).stream().map(WebElement::getText).toList();
            assertThat(cells.get(1)).as("the name of %s", agency).isNotBlank().isNotIn(ids);
            assertThat(Integer.parseInt(cells.get(2))).as("campaigns %s received", agency).isPositive();
        }
        console.check("demo-scorecard");
    }
}

package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * The yearly communication plans (campaign service, {@code /api/plans}): the plans of a year, and one plan as a table
 * of its tasks × the four quarters with what is due and late today, the lead and co-ordinating agencies by name, and
 * each task's campaigns with their progress (the reporting service's compliance of each, asked as the signed-in user:
 * a campaign the user may not read there shows none). The campaign service decides who reads a plan (another
 * agency's plan is its 404, and this page's).
 */
@Controller
@RequestMapping("/console/plans")
class PlanConsoleController {

    private final PlatformApi api;
    private final ConsoleProperties properties;
    private final ConsoleWords words;

    PlanConsoleController(PlatformApi api, ConsoleProperties properties, ConsoleWords words) {
        this.api = api;
        this.properties = properties;
        this.words = words;
    }

    /** The plans of {@code year} (this year in Vietnam by default), and links to every year that has plans. */
    @GetMapping({"", "/"})
    String plans(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) Integer year, Model model) {
        int thisYear = LocalDate.now(ConsoleWords.VIETNAM).getYear();
        int shown = year == null ? thisYear : year;
        List<JsonNode> all = new ArrayList<>();
        try {
            api.get(Service.CAMPAIGNS, me, "/api/plans").forEach(all::add);
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
        }
        TreeSet<Integer> years = new TreeSet<>(Comparator.reverseOrder());
        years.add(thisYear);
        all.forEach(p -> years.add(p.path("year").asInt()));
        model.addAttribute("year", shown);
        model.addAttribute("years", years);
        model.addAttribute("counts", years.stream().map(y -> all.stream().filter(p -> p.path("year").asInt() == y).count()).toList());
        model.addAttribute("plans", all.stream().filter(p -> p.path("year").asInt() == shown)
                .sorted(Comparator.comparing(p -> p.path("title").asString(""))).toList());
        return "console/plans";
    }

    @GetMapping("/{id}")
    String plan(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, Model model,
                HttpServletResponse response) {
        JsonNode plan;
        try {
            plan = api.get(Service.CAMPAIGNS, me, "/api/plans/{id}", id);
        } catch (ApiFailure e) {
            int status = e.unreachable ? 503 : e.status >= 400 && e.status < 500 ? e.status : 502;
            response.setStatus(status);
            model.addAttribute("status", status);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("failureKey", status == 404 ? "failure.notFound.plan" : null);
            return "console/failure";
        }
        List<TaskRow> rows = new ArrayList<>();
        plan.path("tasks").forEach(t -> rows.add(row(me, t)));
        model.addAttribute("plan", plan);
        model.addAttribute("rows", rows);
        return "console/plan";
    }

    private TaskRow row(Identity me, JsonNode task) {
        List<Boolean> quarters = new ArrayList<>(List.of(false, false, false, false));
        task.path("schedule").path("months").forEach(m -> {
            if (m.asInt() >= 1 && m.asInt() <= 12) {
                quarters.set((m.asInt() - 1) / 3, true);
            }
        });
        String leadId = task.path("leadAgencyId").asString("");
        String lead = leadId.isBlank() ? task.path("leadAgencyName").asString("") : words.agency(leadId);
        List<String> coordinating = new ArrayList<>();
        task.path("coordinatingAgencyIds").forEach(a -> coordinating.add(words.agency(a.asString())));
        task.path("coordinatingAgencyNames").forEach(a -> coordinating.add(a.asString()));
        List<Linked> campaigns = new ArrayList<>();
        task.path("campaigns").forEach(c -> campaigns.add(new Linked(c, progress(me, c.path("id").asString()))));
        return new TaskRow(task, quarters, lead, coordinating, task.path("due").asBoolean(false),
                task.path("late").asBoolean(false), PlanTasks.mayCreateCampaign(task), campaigns);
    }

    /**
     * Agencies that complied of all the campaign asks, from the reporting service with the user's own token: a
     * campaign it does not know yet or will not show this user (404/403), or a reporting service that does not
     * answer, shows no progress rather than failing the plan.
     */
    private Progress progress(Identity me, String campaignId) {
        try {
            Optional<JsonNode> compliance = api.getIfKnown(Service.REPORTING, me, properties.compliancePath(), campaignId);
            return compliance.map(c -> new Progress(c.path("totals").path("complied").asInt(),
                    c.path("totals").path("agencies").asInt())).orElse(null);
        } catch (ApiFailure e) {
            return null;
        }
    }

    /**
     * A task's row: which quarters its schedule covers, its agencies in words, and whether to offer "create a campaign
     * for this task" (the task's {@code allowedActions}, see {@link PlanTasks#mayCreateCampaign}).
     */
    public record TaskRow(JsonNode task, List<Boolean> quarters, String lead, List<String> coordinating, boolean due,
                          boolean late, boolean mayCreateCampaign, List<Linked> campaigns) {
    }

    /** A campaign linked to the task, with its progress (null: none to show). */
    public record Linked(JsonNode campaign, Progress progress) {
    }

    /** Agencies that complied, of all the campaign asks. */
    public record Progress(int complied, int agencies) {
    }
}

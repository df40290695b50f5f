package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * The template library (campaign service, {@code /api/templates}): the user's agency's templates and the shared ones,
 * each in words (channels, targets, recurrence, next draft date), "create a campaign from this template" (a draft of
 * the user's agency, opened in the wizard) and "save a campaign as a template". The console copies no rule: it offers
 * "create a campaign" where the template's {@code allowedActions} lists {@code use}, and "save as template" where the
 * campaign's lists {@code save-as-template} (its page); the campaign service decides again, and its refusal (403, 404,
 * 400 with its fields) is shown as it answers.
 */
@Controller
@RequestMapping("/console")
class TemplateConsoleController {

    private final PlatformApi api;
    private final ConsolePages pages;
    private final ConsoleWords words;
    private final ConsoleAudit audit;

    TemplateConsoleController(PlatformApi api, ConsolePages pages, ConsoleWords words, ConsoleAudit audit) {
        this.api = api;
        this.pages = pages;
        this.words = words;
        this.audit = audit;
    }

    @GetMapping("/templates")
    String library(@RequestAttribute(IDENTITY) Identity me, Model model) {
        List<Entry> entries = new ArrayList<>();
        try {
            api.get(Service.CAMPAIGNS, me, "/api/templates").forEach(t -> entries.add(entry(t)));
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("templates", entries);
        model.addAttribute("today", LocalDate.now(ConsoleWords.VIETNAM));
        return "console/templates";
    }

    /** A draft from the template, starting on {@code startDate}; it opens in the wizard. */
    @PostMapping("/templates/{id}/campaigns")
    String createCampaign(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id,
                          @RequestParam(required = false) String startDate, @RequestParam(required = false) String code,
                          Locale locale, RedirectAttributes redirect) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("startDate", startDate == null ? "" : startDate.strip());
        if (code != null && !code.isBlank()) {
            body.put("code", code.strip());
        }
        String path = "/api/templates/" + id + "/campaigns";
        try {
            JsonNode draft = api.send(Service.CAMPAIGNS, "POST", me, "/api/templates/{id}/campaigns", body, id);
            audit.record(me, "create-from-template", path, 201);
            return "redirect:/console/campaigns/" + draft.path("id").asString() + "/edit";
        } catch (ApiFailure e) {
            audit.record(me, "create-from-template", path, e.status);
            redirect.addFlashAttribute("error", refusal("templates.refused.", e, locale));
            return "redirect:/console/templates";
        }
    }

    @GetMapping("/campaigns/{id}/template")
    String saveForm(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, Model model,
                    HttpServletResponse response) {
        try {
            JsonNode campaign = api.get(Service.CAMPAIGNS, me, "/api/campaigns/{id}", id);
            model.addAttribute("campaign", campaign);
            model.addAttribute("form", new SaveForm(campaign.path("notice").path("title").asString(""), "", "", null,
                    null, null));
            return "console/save-template";
        } catch (ApiFailure e) {
            return failure(e, model, response);
        }
    }

    /** Save the campaign as a template of the user's agency (recurrence optional); back to the library. */
    @PostMapping("/campaigns/{id}/template")
    String save(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, SaveForm form, Model model,
                Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", form.name() == null ? "" : form.name().strip());
        if (form.code() != null && !form.code().isBlank()) {
            body.put("code", form.code().strip());
        }
        if (form.frequency() != null && !form.frequency().isBlank()) {
            Map<String, Object> recurrence = new LinkedHashMap<>();
            recurrence.put("frequency", form.frequency());
            if (form.month() != null) {
                recurrence.put("month", form.month());
            }
            if (form.day() != null) {
                recurrence.put("day", form.day());
            }
            if (form.leadTimeDays() != null) {
                recurrence.put("leadTimeDays", form.leadTimeDays());
            }
            body.put("recurrence", recurrence);
        }
        String path = "/api/campaigns/" + id + "/template";
        try {
            JsonNode saved = api.send(Service.CAMPAIGNS, "POST", me, "/api/campaigns/{id}/template", body, id);
            audit.record(me, "save-as-template", path, 201);
            redirect.addFlashAttribute("saved", saved.path("name").asString(""));
            return "redirect:/console/templates";
        } catch (ApiFailure e) {
            audit.record(me, "save-as-template", path, e.status);
            if (e.status != 400) {
                redirect.addFlashAttribute("error", refusal("templates.saveRefused.", e, locale));
                return ConsolePages.redirectToCampaign(id);
            }
            try {
                model.addAttribute("campaign", api.get(Service.CAMPAIGNS, me, "/api/campaigns/{id}", id));
            } catch (ApiFailure unreadable) {
                return failure(unreadable, model, response);
            }
            response.setStatus(400);
            model.addAttribute("form", form);
            model.addAttribute("errors", e.fields.stream().map(f -> f.field() + ": " + f.message(locale)).toList());
            model.addAttribute("error", e.getMessage());
            return "console/save-template";
        }
    }

    /** What the save form holds; month, day and lead time only with a frequency. */
    record SaveForm(String name, String code, String frequency, Integer month, Integer day, Integer leadTimeDays) {
    }

    /** One template of the library, in words. */
    public record Entry(JsonNode template, String agency, boolean shared, String channels, List<String> targets,
                        String recurrence, LocalDate nextDraft, LocalDate nextOccurrence) {
        public String id() {
            return template.path("id").asString();
        }

        /**
         * Whether the service lists {@code action} in the template's {@code allowedActions} for the user; a service
         * older than them sends none, and every reader was offered a draft from the template then.
         */
        public boolean may(String action) {
            JsonNode allowed = template.path("allowedActions");
            if (!allowed.isArray()) {
                return USE.equals(action);
            }
            return allowed.valueStream().anyMatch(a -> action.equals(a.asString("")));
        }
    }

    /** The action in a template's {@code allowedActions} that offers "create a campaign from this template". */
    static final String USE = "use";

    private Entry entry(JsonNode t) {
        Set<String> channels = new LinkedHashSet<>();
        List<String> targets = new ArrayList<>();
        for (JsonNode target : t.path("targets")) {
            target.path("channels").forEach(c -> channels.add(c.asString()));
            targets.add(words.target(target));
        }
        JsonNode recurrence = t.path("recurrence");
        LocalDate next = date(t.path("nextOccurrence"));
        LocalDate nextDraft = next == null || !recurrence.isObject() ? null
                : next.minusDays(recurrence.path("leadTimeDays").asInt(14));
        return new Entry(t, words.agencyShort(t.path("agencyId").asString("")), t.path("shared").asBoolean(false),
                channels.stream().map(c -> words.label("channel", c)).collect(Collectors.joining(", ")), targets,
                recurrence(recurrence), nextDraft, next);
    }

    /** "Hằng năm, ngày 01/09, tạo bản nháp trước 30 ngày"; none: "Không lặp lại". */
    private String recurrence(JsonNode r) {
        if (!r.isObject()) {
            return pages.message("templates.recurrence.none");
        }
        String day = "%02d".formatted(r.path("day").asInt(1));
        String month = "%02d".formatted(r.path("month").asInt(1));
        String lead = String.valueOf(r.path("leadTimeDays").asInt(14));
        return switch (r.path("frequency").asString("")) {
            case "YEARLY" -> pages.message("templates.recurrence.yearly", day + "/" + month, lead);
            case "QUARTERLY" -> pages.message("templates.recurrence.quarterly", day, lead);
            case "MONTHLY" -> pages.message("templates.recurrence.monthly", day, lead);
            default -> r.path("frequency").asString("");
        };
    }

    private static LocalDate date(JsonNode value) {
        try {
            return value.isString() ? LocalDate.parse(value.asString()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The service's refusal in words: its fields when it named any, else what the status means here. */
    private String refusal(String prefix, ApiFailure e, Locale locale) {
        if (e.status == 400 && !e.fields.isEmpty()) {
            return e.fields.stream().map(f -> f.message(locale)).collect(Collectors.joining(" "));
        }
        String key = prefix + (e.unreachable ? "unreachable" : e.status == 403 ? "forbidden" : e.status == 404
                ? "notFound" : "other");
        return pages.message(key, e.getMessage());
    }

    private static String failure(ApiFailure e, Model model, HttpServletResponse response) {
        int status = e.unreachable ? 503 : e.status >= 400 && e.status < 500 ? e.status : 502;
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("error", e.getMessage());
        model.addAttribute("failureKey", status == 404 ? "failure.notFound.templateCampaign" : null);
        return "console/failure";
    }
}

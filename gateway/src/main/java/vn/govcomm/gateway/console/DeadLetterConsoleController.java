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
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.security.Identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * The admins' dead-letter pages: every service's DLTs with their counts, a DLT's records (filters, pages), one
 * record in full, and the replay / discard / filtered-replay buttons. Each page and action calls the service's
 * dead-letter API with the admin's caller token ({@link DeadLetterDesk}); the service decides and audits, the
 * console adds its own audit entry for each action. Not an admin → 403 page, nothing asked of any service.
 */
@Controller
@RequestMapping("/console/dead-letters")
class DeadLetterConsoleController {

    /** Kafka's legal topic characters; record ids are {@code <partition>-<offset>}. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern RECORD = Pattern.compile("\\d{1,5}-\\d{1,19}");
    /** Why a filtered replay stopped early, as the service says it (each has a message). */
    private static final Set<String> STOPPED = Set.of("unavailable", "still-running", "busy",
            "time-limit");

    private final DeadLetterDesk desk;
    private final ConsoleAudit audit;
    private final ConsolePages pages;

    DeadLetterConsoleController(DeadLetterDesk desk, ConsoleAudit audit, ConsolePages pages) {
        this.desk = desk;
        this.audit = audit;
        this.pages = pages;
    }

    @GetMapping({"", "/"})
    String overview(@RequestAttribute(IDENTITY) Identity me, Model model, HttpServletResponse response) {
        if (!me.hasRole("admin")) {
            return adminsOnly(model, response);
        }
        model.addAttribute("services", desk.allTopics(me));
        return "console/dead-letters";
    }

    @GetMapping("/{service}/{topic}")
    String records(@RequestAttribute(IDENTITY) Identity me, @PathVariable String service, @PathVariable String topic,
                   @RequestParam(defaultValue = "pending") String status,
                   @RequestParam(required = false) String exceptionClass,
                   @RequestParam(required = false) String eventType,
                   @RequestParam(defaultValue = "0") String page, Model model, HttpServletResponse response) {
        DeadLetterDesk.Service s = resolve(me, service, topic, null, model, response);
        if (s == null) {
            return "console/failure";
        }
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("status", status);
        filters.put("exceptionClass", exceptionClass);
        filters.put("eventType", eventType);
        filters.put("page", page);
        filters.put("size", "50");
        model.addAttribute("service", s.name());
        model.addAttribute("topic", topic);
        model.addAttribute("filters", filters);
        try {
            model.addAttribute("answer", desk.records(s, me, topic, filters));
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
        }
        return "console/dead-letter-topic";
    }

    @GetMapping("/{service}/{topic}/{id}")
    String record(@RequestAttribute(IDENTITY) Identity me, @PathVariable String service, @PathVariable String topic,
                  @PathVariable String id, Model model, HttpServletResponse response) {
        DeadLetterDesk.Service s = resolve(me, service, topic, id, model, response);
        if (s == null) {
            return "console/failure";
        }
        try {
            model.addAttribute("record", desk.record(s, me, topic, id));
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
            response.setStatus(e.status);
            return "console/failure";
        }
        model.addAttribute("service", s.name());
        model.addAttribute("topic", topic);
        return "console/dead-letter-record";
    }

    @PostMapping("/{service}/{topic}/{id}/replay")
    String replay(@RequestAttribute(IDENTITY) Identity me, @PathVariable String service, @PathVariable String topic,
                  @PathVariable String id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        DeadLetterDesk.Service s = resolve(me, service, topic, id, model, response);
        if (s == null) {
            return "console/failure";
        }
        String path = DeadLetterDesk.publicPath(s, topic, "records", id, "replay");
        try {
            // the service hands the record to its listener and answers when it is done: 200 replayed, or 202 when
            // the listener still runs after the service's replay timeout (it ends on its own)
            JsonNode action = desk.replay(s, me, topic, id);
            boolean running = "replaying".equals(action.path("action").asString(""));
            audit.record(me, "dead-letter-replay", path, running ? 202 : 200);
            redirect.addFlashAttribute("done", running ? "running" : "replayed");
            redirect.addFlashAttribute("doneId", id);
        } catch (ApiFailure e) {
            audit.record(me, "dead-letter-replay", path, e.status);
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return redirectTo(s, topic);
    }

    @PostMapping("/{service}/{topic}/{id}/discard")
    String discard(@RequestAttribute(IDENTITY) Identity me, @PathVariable String service, @PathVariable String topic,
                   @PathVariable String id, @RequestParam(required = false) String reason, Model model,
                   HttpServletResponse response, RedirectAttributes redirect) {
        DeadLetterDesk.Service s = resolve(me, service, topic, id, model, response);
        if (s == null) {
            return "console/failure";
        }
        if (reason == null || reason.isBlank()) {
            // the service refuses it too; no need to ask
            redirect.addFlashAttribute("error", pages.message("deadLetters.reasonRequired"));
            return redirectTo(s, topic);
        }
        String path = DeadLetterDesk.publicPath(s, topic, "records", id, "discard");
        try {
            desk.discard(s, me, topic, id, reason.strip());
            audit.record(me, "dead-letter-discard", path, 200);
            redirect.addFlashAttribute("done", "discarded");
            redirect.addFlashAttribute("doneId", id);
        } catch (ApiFailure e) {
            audit.record(me, "dead-letter-discard", path, e.status);
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return redirectTo(s, topic);
    }

    /** Replays the pending records matching the filters (a dry run first if asked: how many, which). */
    @PostMapping("/{service}/{topic}/replay")
    String replayMatching(@RequestAttribute(IDENTITY) Identity me, @PathVariable String service,
                          @PathVariable String topic, @RequestParam(required = false) String exceptionClass,
                          @RequestParam(required = false) String eventType,
                          @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                          @RequestParam(defaultValue = "false") boolean dryRun, Model model,
                          HttpServletResponse response, RedirectAttributes redirect) {
        DeadLetterDesk.Service s = resolve(me, service, topic, null, model, response);
        if (s == null) {
            return "console/failure";
        }
        Map<String, Object> request = new LinkedHashMap<>();
        put(request, "exceptionClass", exceptionClass);
        put(request, "eventType", eventType);
        put(request, "from", from);
        put(request, "to", to);
        request.put("dryRun", dryRun);
        String path = DeadLetterDesk.publicPath(s, topic, "replay");
        try {
            JsonNode result = desk.replayMany(s, me, topic, request);
            if (!dryRun) {
                audit.record(me, "dead-letter-replay", path, 200);
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("dryRun", result.path("dryRun").asBoolean());
            summary.put("matched", result.path("matched").asInt());
            summary.put("replayed", result.path("replayed").size());
            summary.put("skipped", result.path("skipped").size());
            // failed: the listener threw again (each record pending still); not attempted: left for a later run
            summary.put("failed", result.path("failed").size());
            summary.put("remaining", result.path("remaining").asInt() + result.path("notAttempted").asInt());
            List<String> failures = new ArrayList<>();
            result.path("failed").forEach(f -> failures.add(f.path("id").asString("?") + " — "
                    + f.path("detail").asString(f.path("code").asString(""))));
            summary.put("failures", failures);
            String stopped = result.path("stopped").asString("");
            summary.put("stopped", STOPPED.contains(stopped) ? stopped : "");
            List<String> selected = new ArrayList<>();
            result.path("selected").forEach(i -> selected.add(i.asString()));
            summary.put("selected", String.join(", ", selected));
            redirect.addFlashAttribute("bulk", summary);
        } catch (ApiFailure e) {
            if (!dryRun) {
                audit.record(me, "dead-letter-replay", path, e.status);
            }
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return redirectTo(s, topic);
    }

    private static void put(Map<String, Object> request, String name, String value) {
        if (value != null && !value.isBlank()) {
            request.put(name, value.strip());
        }
    }

    /** The service named in the path when the caller is an admin and the names are well-formed; else the refusal. */
    private DeadLetterDesk.Service resolve(Identity me, String service, String topic, String id, Model model,
                                           HttpServletResponse response) {
        if (!me.hasRole("admin")) {
            adminsOnly(model, response);
            return null;
        }
        DeadLetterDesk.Service s = desk.service(service);
        if (s == null || !TOPIC.matcher(topic).matches() || (id != null && !RECORD.matcher(id).matches())) {
            response.setStatus(404);
            model.addAttribute("error", pages.message("deadLetters.notFound"));
            return null;
        }
        return s;
    }

    private String adminsOnly(Model model, HttpServletResponse response) {
        response.setStatus(403);
        model.addAttribute("error", pages.message("deadLetters.adminsOnly"));
        return "console/failure";
    }

    private static String redirectTo(DeadLetterDesk.Service s, String topic) {
        return "redirect:" + UriComponentsBuilder.fromPath("/console/dead-letters").pathSegment(s.name(), topic)
                .encode().build().toUriString();
    }
}

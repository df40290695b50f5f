package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * The manual channel's pages (issue 17): a target agency's tasks ("what to publish where, by when"), one task with
 * its evidence history and the form to confirm publication with evidence (URL, note, date, a photo or PDF), and the
 * issuing agency's review of that evidence (accept, or reject with a reason). Every call goes to the manual adapter
 * with the signed-in user's caller token and nothing else of the browser's request: the service decides what the user
 * may see and do (another agency's task is a 404 there, and here). The forms are shown only to those the service
 * would accept them from; its problems are shown at the fields.
 */
@Controller
@RequestMapping("/console/manual")
class ManualConsoleController {

    /** Delivery and evidence ids as the services make them ({@code dlv-<hex>}, UUIDs): nothing else is relayed. */
    private static final String ID = "[A-Za-z0-9._:-]{1,128}";
    private static final String TASK = "/api/manual/tasks/{id}";
    /** What the manual adapter serves as evidence files (it sniffs them); anything else is relayed as bytes. */
    private static final Set<String> FILE_TYPES = Set.of("application/pdf", "image/jpeg", "image/png", "image/webp");

    private final PlatformApi api;
    private final ConsoleAudit audit;
    private final ConsoleProperties properties;
    private final ConsolePages pages;
    private final Clock clock = Clock.systemUTC();

    ManualConsoleController(PlatformApi api, ConsoleAudit audit, ConsoleProperties properties, ConsolePages pages) {
        this.api = api;
        this.audit = audit;
        this.properties = properties;
        this.pages = pages;
    }

    // ---- the target agency's tasks ----------------------------------------------------------------------------

    @GetMapping({"", "/"})
    String tasks(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) String state, Model model) {
        String wanted = ManualTask.isState(state) ? state : null;
        JsonNode answer = wanted == null ? api.get(Service.MANUAL, me, "/api/manual/tasks")
                : api.get(Service.MANUAL, me, "/api/manual/tasks?state={state}", wanted);
        List<ManualTask> tasks = ManualTask.list(answer, Instant.now(clock));
        // what still needs the agency first, then by deadline
        tasks.sort(Comparator.comparing((ManualTask t) -> !t.awaitsAgency()).thenComparing(ManualTask::deadlineOrder));
        model.addAttribute("tasks", tasks);
        model.addAttribute("states", ManualTask.STATES);
        model.addAttribute("state", wanted);
        return "console/manual-tasks";
    }

    // ---- the issuing agency's reviews -------------------------------------------------------------------------

    @GetMapping("/reviews")
    String reviews(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) String campaignId,
                   @RequestParam(defaultValue = "AWAITING_REVIEW") String state, Model model) {
        String wanted = ManualTask.isState(state) ? state : null;   // anything else: every state
        JsonNode answer = wanted == null ? api.get(Service.MANUAL, me, "/api/manual/reviews")
                : api.get(Service.MANUAL, me, "/api/manual/reviews?state={state}", wanted);
        List<ManualTask> all = ManualTask.list(answer, Instant.now(clock));
        // the campaign filter offers the campaigns of this answer and narrows it here: one call for both
        Map<String, String> campaigns = new LinkedHashMap<>();
        all.forEach(t -> campaigns.putIfAbsent(t.campaignId(), t.campaignLabel()));
        String chosen = campaigns.containsKey(campaignId) ? campaignId : null;
        List<ManualTask> shown = all.stream().filter(t -> chosen == null || t.campaignId().equals(chosen))
                .sorted(Comparator.comparing(ManualTask::lastSubmittedOrder).thenComparing(ManualTask::deadlineOrder)).toList();
        model.addAttribute("tasks", shown);
        model.addAttribute("campaigns", campaigns);
        model.addAttribute("campaignId", chosen);
        model.addAttribute("states", ManualTask.STATES);
        model.addAttribute("state", wanted == null ? "ALL" : wanted);
        return "console/manual-reviews";
    }

    // ---- one task ---------------------------------------------------------------------------------------------

    @GetMapping("/tasks/{deliveryId:" + ID + "}")
    String task(@RequestAttribute(IDENTITY) Identity me, @PathVariable String deliveryId, Model model) {
        return taskPage(me, deliveryId, model, Map.of(), Map.of());
    }

    /** Confirms publication: the fields and the file go to the manual adapter as they came (multipart). */
    @PostMapping("/tasks/{deliveryId:" + ID + "}/evidence")
    String submitEvidence(@RequestAttribute(IDENTITY) Identity me, @PathVariable String deliveryId,
                          @RequestParam(required = false) String url, @RequestParam(required = false) String note,
                          @RequestParam(required = false) String publishedOn,
                          @RequestParam(required = false) MultipartFile file, Model model, Locale locale,
                          HttpServletResponse response, RedirectAttributes redirect) {
        MultiValueMap<String, HttpEntity<?>> parts = new LinkedMultiValueMap<>();
        Map<String, String> entered = new LinkedHashMap<>();
        for (String[] field : new String[][]{{"url", url}, {"note", note}, {"publishedOn", publishedOn}}) {
            if (field[1] != null && !field[1].isBlank()) {
                HttpHeaders text = new HttpHeaders();
                text.setContentType(new MediaType("text", "plain", StandardCharsets.UTF_8));
                parts.add(field[0], new HttpEntity<>(field[1].trim(), text));
                entered.put(field[0], field[1]);
            }
        }
        if (file != null && !file.isEmpty()) {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(mediaType(file.getContentType()));
            headers.setContentDisposition(ContentDisposition.formData().name("file")
                    .filename(file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "evidence"
                            : file.getOriginalFilename(), StandardCharsets.UTF_8).build());
            parts.add("file", new HttpEntity<>(file.getResource(), headers));
        }
        String path = "/api/manual/tasks/" + deliveryId + "/evidence";
        try {
            api.sendMultipart(Service.MANUAL, me, TASK + "/evidence", parts, deliveryId);
        } catch (ApiFailure e) {
            audit.record(me, "evidence-submit", path, e.status);
            return refused(e, me, deliveryId, model, entered, locale, response);
        }
        audit.record(me, "evidence-submit", path, 201);
        redirect.addFlashAttribute("done", "evidence");
        return "redirect:" + taskUrl(deliveryId);
    }

    /** The issuing agency's decision on the evidence: ACCEPT, or REJECT with the reason the agency will read. */
    @PostMapping("/tasks/{deliveryId:" + ID + "}/review")
    String review(@RequestAttribute(IDENTITY) Identity me, @PathVariable String deliveryId,
                  @RequestParam(defaultValue = "") String decision, @RequestParam(required = false) String reason,
                  Model model, Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        String verdict = decision.trim().toUpperCase(Locale.ROOT);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", verdict);
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason.trim());
        }
        String path = "/api/manual/tasks/" + deliveryId + "/review";
        try {
            api.send(Service.MANUAL, "POST", me, TASK + "/review", body, deliveryId);
        } catch (ApiFailure e) {
            audit.record(me, "evidence-review", path, e.status);
            return refused(e, me, deliveryId, model, reason == null ? Map.of() : Map.of("reason", reason), locale, response);
        }
        audit.record(me, "evidence-review", path, 200);
        redirect.addFlashAttribute("done", "REJECT".equals(verdict) ? "rejected" : "accepted");
        return "redirect:" + taskUrl(deliveryId);
    }

    /**
     * An evidence file, fetched from the manual adapter with the user's caller token (the service decides who may
     * see it) and always handed over as a download, never shown inline on the console's origin.
     */
    @GetMapping("/tasks/{deliveryId:" + ID + "}/evidence/{evidenceId:" + ID + "}/file")
    ResponseEntity<byte[]> file(@RequestAttribute(IDENTITY) Identity me, @PathVariable String deliveryId,
                                @PathVariable String evidenceId) {
        ResponseEntity<byte[]> file = api.file(Service.MANUAL, me, TASK + "/evidence/{evidenceId}/file", deliveryId,
                evidenceId);
        MediaType type = file.getHeaders().getContentType();
        return ResponseEntity.ok()
                .contentType(type != null && FILE_TYPES.contains(type.getType() + "/" + type.getSubtype())
                        ? new MediaType(type.getType(), type.getSubtype()) : MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(fileName(file.getHeaders().getContentDisposition()), StandardCharsets.UTF_8).build()
                        .toString())
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(file.getBody());
    }

    /** The name the service gave the file, without any path; "evidence" when it gave none. */
    private static String fileName(ContentDisposition disposition) {
        String name = disposition.getFilename();
        name = name == null ? "" : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        return name.isEmpty() ? "evidence" : name;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private String taskPage(Identity me, String deliveryId, Model model, Map<String, String> entered,
                            Map<String, String> fieldErrors) {
        ManualTask task = ManualTask.of(api.get(Service.MANUAL, me, TASK, deliveryId), Instant.now(clock));
        boolean ownsTask = me.agency() != null && me.agency().equals(task.agencyId());
        boolean issuedIt = me.agency() != null && me.agency().equals(task.issuingAgencyId());
        boolean actor = me.hasAnyRole(List.of("officer", "approver"));
        model.addAttribute("task", task);
        model.addAttribute("mayConfirm", task.awaitsAgency() && ownsTask && actor);
        model.addAttribute("mayReview", task.awaitsReview() && ((issuedIt && actor) || me.hasRole("admin")));
        model.addAttribute("campaignLink", issuedIt ? "/console/campaigns/" + task.campaignId()
                : ownsTask ? "/console/addressed/" + task.campaignId() : null);
        model.addAttribute("today", LocalDate.now(clock.withZone(ConsoleWords.VIETNAM)).toString());
        model.addAttribute("entered", entered);
        model.addAttribute("fieldErrors", fieldErrors);
        return "console/manual-task";
    }

    /**
     * The service said no to a form: the task again with its problems at their fields (and what was typed), with the
     * service's status; a task it does not show is a 404 page, a service that does not answer the error page.
     */
    private String refused(ApiFailure e, Identity me, String deliveryId, Model model, Map<String, String> entered,
                           Locale locale, HttpServletResponse response) {
        if (e.status == 404 || e.unreachable) {
            throw e;
        }
        model.addAttribute("error", e.getMessage());
        response.setStatus(e.status >= 400 && e.status < 500 ? e.status : 502);
        return taskPage(me, deliveryId, model, entered,
                FieldErrors.of(e, f -> switch (f) {
                    case "url", "note", "publishedOn", "file", "reason" -> f;
                    default -> null;
                }, locale));
    }

    /** 404 for what the service does not show, a clear page when it cannot be reached, its words otherwise. */
    @ExceptionHandler(ApiFailure.class)
    ModelAndView failure(ApiFailure e, HttpServletRequest request) {
        ModelAndView page = new ModelAndView("console/failure");
        int status = e.unreachable ? 503 : e.status == 404 || e.status == 403 || e.status == 413 ? e.status : 502;
        page.setStatus(HttpStatusCode.valueOf(status));
        page.addObject("status", status);
        page.addObject("error", e.getMessage());
        page.addObject("failureKey", e.unreachable ? "failure.unavailable.manual"
                : status == 404 ? "failure.notFound.manual" : status == 403 ? "failure.forbidden" : null);
        if (request.getAttribute(IDENTITY) instanceof Identity who) {
            page.addObject("me", who);   // the header: @ModelAttribute methods do not run for exception handlers
        }
        page.addObject("mailboxUrl", properties.mailboxLink());
        return page;
    }

    /** A body past the console's multipart limit (the page's own check in console.js stops most before sending). */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ModelAndView tooLarge(HttpServletRequest request) {
        ModelAndView page = failure(new ApiFailure(413, pages.message("manual.fileTooLarge")), request);
        page.setStatus(HttpStatus.CONTENT_TOO_LARGE);
        return page;
    }

    private static MediaType mediaType(String declared) {
        try {
            return declared == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(declared);
        } catch (InvalidMimeTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    static String taskUrl(String deliveryId) {
        return UriComponentsBuilder.fromPath("/console/manual/tasks/{id}").buildAndExpand(deliveryId).encode().toUriString();
    }
}

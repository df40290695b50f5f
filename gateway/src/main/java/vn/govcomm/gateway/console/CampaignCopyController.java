package vn.govcomm.gateway.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.util.Map;
import java.util.regex.Pattern;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * "Sao chép chiến dịch" ("copy last year's"): the campaign service's {@code POST /api/campaigns/{id}/copy} with the
 * user's token; the copy is a draft of the user's agency, opened in the wizard with its moved window and its code
 * said. Who may copy is the service's to decide: the campaign's page offers it when its {@code allowedActions} lists
 * {@code copy}, and a refusal (the service decides again) comes back to the campaign's page in the service's own words.
 * The page's form carries an Idempotency-Key ({@link RequestKeys}): a double click makes one copy.
 */
@Controller
class CampaignCopyController {

    /** The service's range for {@code years} (1–50); anything else is refused here, in words. */
    private static final Pattern YEARS = Pattern.compile("[1-9]|[1-4][0-9]|50");

    private final PlatformApi api;
    private final ConsoleAudit audit;
    private final ConsolePages pages;
    private final ConsoleWords words;

    CampaignCopyController(PlatformApi api, ConsoleAudit audit, ConsolePages pages, ConsoleWords words) {
        this.api = api;
        this.audit = audit;
        this.pages = pages;
        this.words = words;
    }

    /** {@code years} blank: the service moves the window by the fewest whole years that start it today or later. */
    @PostMapping("/console/campaigns/{id}/copy")
    String copy(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id,
                @RequestParam(required = false) String years,
                @RequestParam(name = RequestKeys.FIELD, required = false) String requestKey, RedirectAttributes redirect) {
        String moved = years == null ? "" : years.strip();
        if (!moved.isEmpty() && !YEARS.matcher(moved).matches()) {
            redirect.addFlashAttribute("error", pages.message("copy.yearsInvalid"));
            return ConsolePages.redirectToCampaign(id);
        }
        String path = "/api/campaigns/" + id + "/copy";
        JsonNode copy;
        try {
            copy = api.sendOnce(Service.CAMPAIGNS, "POST", me, "/api/campaigns/{id}/copy",
                    moved.isEmpty() ? Map.of() : Map.of("years", Integer.parseInt(moved)), RequestKeys.sent(requestKey), id);
        } catch (ApiFailure e) {
            audit.record(me, "copy", path, e.status);
            redirect.addFlashAttribute("error", pages.message("copy.refused", e.getMessage()));
            return ConsolePages.redirectToCampaign(id);
        }
        audit.record(me, "copy", path, 201);
        redirect.addFlashAttribute("done", pages.message("copy.done", copy.path("code").asString(""),
                words.window(copy.path("window").path("startsAt"), copy.path("window").path("endsAt"))));
        return "redirect:/console/campaigns/" + copy.path("id").asString() + "/edit";
    }
}

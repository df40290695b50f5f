package vn.govcomm.gateway.console;

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
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * One campaign: its facts, the decisions (submit, approve, reject, cancel), and the live delivery board (progress
 * from the publisher, statuses and the compliance grid from the reporting service; refreshed by the reporting
 * service's event stream, polled as the fallback), with "re-send failed".
 */
@Controller
@RequestMapping("/console/campaigns/{id}")
class CampaignBoardController {

    private final PlatformApi api;
    private final ConsoleProperties properties;
    private final ConsoleAudit audit;
    private final Clock clock = Clock.systemUTC();

    CampaignBoardController(PlatformApi api, ConsoleProperties properties, ConsoleAudit audit) {
        this.api = api;
        this.properties = properties;
        this.audit = audit;
    }

    @GetMapping
    String campaign(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, Model model) {
        try {
            model.addAttribute("campaign", api.get(Service.CAMPAIGNS, me, "/api/campaigns/{id}", id));
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("status", e.status);
            return "console/failure";
        }
        model.addAttribute("refreshSeconds", properties.boardRefreshSeconds());
        model.addAttribute("streamUrl", UriComponentsBuilder.fromPath(properties.streamPath())
                .buildAndExpand(id).encode().toUriString());
        model.addAttribute("exports", new ArrayList<>(properties.exports().keySet()));
        return "console/campaign";
    }

    @PostMapping("/{decision:submit|approve|reject|cancel}")
    String decide(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, @PathVariable String decision,
                  @RequestParam(required = false) String comment, @RequestParam(required = false) String reasons,
                  RedirectAttributes redirect) {
        Object body = switch (decision) {
            case "approve" -> Map.of("comment", comment == null ? "" : comment);
            case "reject" -> Map.of("reasons", reasons == null ? List.of()
                    : Arrays.stream(reasons.split("\\R")).map(String::trim).filter(r -> !r.isEmpty()).toList());
            case "cancel" -> Map.of("reason", comment == null ? "" : comment);
            default -> null;
        };
        String path = "/api/campaigns/" + id + "/" + decision;
        try {
            api.send(Service.CAMPAIGNS, "POST", me, "/api/campaigns/{id}/" + decision, body, id);
            audit.record(me, decision, path, 200);
            redirect.addFlashAttribute("done", decision);
        } catch (ApiFailure e) {
            audit.record(me, decision, path, e.status);
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return ConsolePages.redirectToCampaign(id);
    }

    /**
     * htmx (on each stream event, and polled): progress, statuses by channel and agency, the compliance grid. Before
     * the campaign is published the publisher has no publication (404), and the reporting service knows a campaign
     * only once its events reached it (404 until then): the board says "not yet" for those parts.
     */
    @GetMapping("/board")
    String board(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, Model model) {
        try {
            model.addAttribute("progress", api.getIfKnown(Service.PUBLISHING, me, "/api/publications/{id}", id).orElse(null));
            model.addAttribute("report", api.getIfKnown(Service.REPORTING, me, "/api/reports/campaigns/{id}", id).orElse(null));
            model.addAttribute("compliance", api.getIfKnown(Service.REPORTING, me, properties.compliancePath(), id)
                    .map(Grid::of).orElse(null));
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("campaignId", id);
        model.addAttribute("checkedAt", Instant.now(clock));
        return "console/fragments :: board";
    }

    @PostMapping("/resend-failed")
    String resendFailed(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, RedirectAttributes redirect) {
        String path = "/api/publications/" + id + "/resend-failed";
        try {
            api.send(Service.PUBLISHING, "POST", me, "/api/publications/{id}/resend-failed", null, id);
            audit.record(me, "resend-failed", path, 200);
            redirect.addFlashAttribute("done", "resend-failed");
        } catch (ApiFailure e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return ConsolePages.redirectToCampaign(id);
    }

    /**
     * The reporting service's compliance view as a table: one row per agency (its name, its state), then one cell
     * per channel the campaign requires (the cell's state, blank where the agency has none).
     */
    public record Grid(List<String> headers, List<List<String>> rows) {
        static Grid of(JsonNode compliance) {
            List<String> channels = new ArrayList<>();
            compliance.path("channels").forEach(c -> channels.add(c.asString()));
            List<String> headers = new ArrayList<>(List.of("agency", "state"));
            headers.addAll(channels);
            List<List<String>> rows = new ArrayList<>();
            compliance.path("agencies").forEach(a -> {
                List<String> row = new ArrayList<>(List.of(a.path("name").asString(a.path("agencyId").asString()),
                        a.path("state").asString()));
                channels.forEach(c -> row.add(a.path("cells").path(c).path("state").asString("")));
                rows.add(row);
            });
            return new Grid(headers, rows);
        }
    }
}

package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import vn.govcomm.contracts.Channels;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * One campaign: its facts, the decisions (submit, approve, reject; cancel after a confirmation step), its approved
 * versions ({@link CampaignVersions}: who approved each, when, what changed), and the live delivery board (progress
 * from the publisher; counts, a page of deliveries filtered by status, channel and agency, and the compliance grid
 * from the reporting service; refreshed by the reporting service's event stream, polled as the fallback), with
 * "re-send all failed" and a re-send per failed, expired or retrying delivery. What the officer gets back from the
 * publisher is said in words ({@code resend.refused.<code>}), the service's own words when the console has none.
 */
@Controller
@RequestMapping("/console/campaigns/{id}")
class CampaignBoardController {

    /** The statuses a delivery can be re-sent from (the publisher's rule: failed, expired, or still being retried). */
    static final List<String> RESENDABLE = List.of("FAILED", "EXPIRED", "RETRYING");

    private final PlatformApi api;
    private final DeliveryBoard deliveries;
    private final ConsoleProperties properties;
    private final ConsoleAudit audit;
    private final ConsolePages pages;
    private final ConsoleWords words;
    private final PlanTasks planTasks;
    private final ProvinceNames provinces;
    private final Clock clock = Clock.systemUTC();

    CampaignBoardController(PlatformApi api, DeliveryBoard deliveries, ConsoleProperties properties, ConsoleAudit audit,
                            ConsolePages pages, ConsoleWords words, PlanTasks planTasks, ProvinceNames provinces) {
        this.api = api;
        this.provinces = provinces;
        this.planTasks = planTasks;
        this.deliveries = deliveries;
        this.properties = properties;
        this.audit = audit;
        this.pages = pages;
        this.words = words;
    }

    @GetMapping
    String campaign(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id,
                    @ModelAttribute("filter") BoardFilter filter, Model model) {
        JsonNode campaign;
        try {
            campaign = api.get(Service.CAMPAIGNS, me, "/api/campaigns/{id}", id);
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("status", e.status);
            return "console/failure";
        }
        model.addAttribute("campaign", campaign);
        String taskId = campaign.path("planTaskId").asString("");
        if (!taskId.isBlank()) {
            // the task it carries out, named and linked when the user may read its plan (else its id alone)
            model.addAttribute("planTaskId", taskId);
            model.addAttribute("planTask", planTasks.find(me, taskId).orElse(null));
        }
        model.addAttribute("actions", CampaignActions.of(me, campaign));
        model.addAttribute(RequestKeys.FIELD, RequestKeys.fresh());   // the copy form's
        try {
            model.addAttribute("history", CampaignVersions.of(campaign,
                    api.getIfKnown(Service.CAMPAIGNS, me, "/api/campaigns/{id}/versions", id).orElse(null)));
        } catch (ApiFailure e) {
            // the page stays useful without its history: say so in its place
            model.addAttribute("history", CampaignVersions.of(campaign, null));
            model.addAttribute("historyError", e.getMessage());
        }
        model.addAttribute("refreshSeconds", properties.boardRefreshSeconds());
        model.addAttribute("streamUrl", UriComponentsBuilder.fromPath(properties.streamPath())
                .buildAndExpand(id).encode().toUriString());
        model.addAttribute("exports", new ArrayList<>(properties.exports().keySet()));
        model.addAttribute("statuses", ConsoleWords.DELIVERY_STATUSES);
        model.addAttribute("channels", Channels.ALL);
        model.addAttribute("sizes", BoardFilter.SIZES);
        return "console/campaign";
    }

    /** The confirmation step: what cancelling does, and the reason the decision keeps (optional). */
    @GetMapping("/cancel")
    String confirmCancel(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, Model model,
                         HttpServletResponse response, RedirectAttributes redirect) {
        JsonNode campaign;
        try {
            campaign = api.get(Service.CAMPAIGNS, me, "/api/campaigns/{id}", id);
        } catch (ApiFailure e) {
            response.setStatus(e.status);
            model.addAttribute("error", e.getMessage());
            return "console/failure";
        }
        if (!CampaignActions.of(me, campaign).cancel()) {
            redirect.addFlashAttribute("error", pages.message("cancel.notAvailable"));
            return ConsolePages.redirectToCampaign(id);
        }
        model.addAttribute("campaign", campaign);
        return "console/cancel";
    }

    /**
     * Cancels (the campaign service: the publisher then retracts what the channels allow). A reason the service
     * refuses (too long, invalid characters) goes back to the confirmation with what was typed; any other refusal
     * (a state it no longer cancels from, not allowed) is said on the campaign's page in words.
     */
    @PostMapping("/cancel")
    String cancel(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id,
                  @RequestParam(required = false) String reason, Model model, Locale locale,
                  HttpServletResponse response, RedirectAttributes redirect) {
        String path = "/api/campaigns/" + id + "/cancel";
        Map<String, String> body = reason == null || reason.isBlank() ? Map.of() : Map.of("reason", reason.strip());
        try {
            api.send(Service.CAMPAIGNS, "POST", me, "/api/campaigns/{id}/cancel", body, id);
        } catch (ApiFailure e) {
            audit.record(me, "cancel", path, e.status);
            if (e.status == 400 && !e.fields.isEmpty()) {
                try {
                    model.addAttribute("campaign", api.get(Service.CAMPAIGNS, me, "/api/campaigns/{id}", id));
                } catch (ApiFailure unreadable) {
                    redirect.addFlashAttribute("error", refusal("cancel.refused.", e));
                    return ConsolePages.redirectToCampaign(id);
                }
                response.setStatus(400);
                model.addAttribute("reason", reason);
                model.addAttribute("reasonError", e.fields.stream().map(f -> f.message(locale))
                        .collect(Collectors.joining(" ")));
                return "console/cancel";
            }
            redirect.addFlashAttribute("error", refusal("cancel.refused.", e));
            return ConsolePages.redirectToCampaign(id);
        }
        audit.record(me, "cancel", path, 200);
        redirect.addFlashAttribute("done", pages.message("done.cancel"));
        return ConsolePages.redirectToCampaign(id);
    }

    @PostMapping("/{decision:submit|approve|reject}")
    String decide(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, @PathVariable String decision,
                  @RequestParam(required = false) String comment, @RequestParam(required = false) String reasons,
                  RedirectAttributes redirect) {
        Object body = switch (decision) {
            case "approve" -> Map.of("comment", comment == null ? "" : comment);
            case "reject" -> Map.of("reasons", reasons == null ? List.of()
                    : Arrays.stream(reasons.split("\\R")).map(String::trim).filter(r -> !r.isEmpty()).toList());
            default -> null;
        };
        String path = "/api/campaigns/" + id + "/" + decision;
        try {
            api.send(Service.CAMPAIGNS, "POST", me, "/api/campaigns/{id}/" + decision, body, id);
            audit.record(me, decision, path, 200);
            redirect.addFlashAttribute("done", pages.message("done." + decision));
        } catch (ApiFailure e) {
            audit.record(me, decision, path, e.status);
            redirect.addFlashAttribute("error", ProvinceNames.OUTSIDE_PROVINCE.equals(e.code)
                    ? provinces.outside(me, e, targetIds(me, id)).orElse(e.getMessage()) : e.getMessage());
        }
        return ConsolePages.redirectToCampaign(id);
    }

    /**
     * htmx (on each stream event, and polled): progress, counts by channel, one page of deliveries, the compliance
     * grid. Before the campaign is published the publisher has no publication (404), and the reporting service knows
     * a campaign only once its events reached it (404 until then): the board says "not yet" for those parts.
     */
    @GetMapping("/board")
    String board(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id,
                 @ModelAttribute("filter") BoardFilter filter, Model model) {
        try {
            model.addAttribute("progress", api.getIfKnown(Service.PUBLISHING, me, "/api/publications/{id}", id).orElse(null));
            model.addAttribute("compliance", api.getIfKnown(Service.REPORTING, me, properties.compliancePath(), id)
                    .map(Grid::of).orElse(null));
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
        }
        try {
            model.addAttribute("page", deliveries.read(me, id, filter));
        } catch (ApiFailure e) {
            if (e.status != 404) {
                model.addAttribute("error", refusal("board.refused.", e));
            }
        }
        model.addAttribute("campaignId", id);
        model.addAttribute("resendable", RESENDABLE);
        model.addAttribute("healthChannels", ChannelHealth.CHANNELS);   // a failed delivery there links to its health
        model.addAttribute("checkedAt", Instant.now(clock));
        return "console/fragments :: board";
    }

    @PostMapping("/resend-failed")
    String resendFailed(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, RedirectAttributes redirect) {
        String path = "/api/publications/" + id + "/resend-failed";
        try {
            JsonNode outcome = api.send(Service.PUBLISHING, "POST", me, "/api/publications/{id}/resend-failed", null, id);
            audit.record(me, "resend-failed", path, 200);
            int skipped = outcome.path("skipped").size();
            redirect.addFlashAttribute("done", pages.message(skipped > 0 ? "done.resend-failed.skipped" : "done.resend-failed",
                    outcome.path("resent").asInt(), skipped));
        } catch (ApiFailure e) {
            audit.record(me, "resend-failed", path, e.status);
            redirect.addFlashAttribute("error", refusal("resend.refused.", e));
        }
        return ConsolePages.redirectToCampaign(id);
    }

    /**
     * Re-sends one delivery (the publisher: same delivery, next attempt; officers and approvers of the issuing agency
     * only) and comes back to the board's page it was asked from, saying what happened.
     */
    @PostMapping("/deliveries/{deliveryId}/resend")
    String resend(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, @PathVariable String deliveryId,
                  @ModelAttribute BoardFilter filter, RedirectAttributes redirect) {
        String path = "/api/publications/" + id + "/deliveries/" + deliveryId + "/resend";
        try {
            JsonNode delivery = api.send(Service.PUBLISHING, "POST", me, "/api/publications/{id}/deliveries/{delivery}/resend",
                    null, id, deliveryId);
            audit.record(me, "resend", path, 200);
            redirect.addFlashAttribute("done", pages.message("done.resend",
                    words.agencyShort(delivery.path("agencyId").asString("")),
                    words.endpoint(delivery.path("agencyId").asString(""), delivery.path("endpointId").asString(""),
                            delivery.path("channel").asString("")),
                    delivery.path("attempt").asInt()));
        } catch (ApiFailure e) {
            audit.record(me, "resend", path, e.status);
            redirect.addFlashAttribute("error", refusal("resend.refused.", e));
        }
        return "redirect:" + filter.pageUrl(id) + "#board-h";
    }

    /** The campaign's targets in order, each as its agency id or province code (what the service's refusal points at). */
    private List<String> targetIds(Identity me, String id) {
        List<String> ids = new ArrayList<>();
        try {
            api.get(Service.CAMPAIGNS, me, "/api/campaigns/{id}", id).path("targets")
                    .forEach(t -> ids.add(t.path("agencyId").asString(t.path("province").asString(""))));
        } catch (ApiFailure e) {
            // the service's own words then
        }
        return ids;
    }

    /** The console's words for the service's problem code ({@code prefix + code}), else the service's own words. */
    private String refusal(String prefix, ApiFailure e) {
        String key = prefix + e.code;
        return e.code.isEmpty() || !pages.has(key) ? e.getMessage() : pages.message(key);
    }

    /**
     * The reporting service's compliance view as a table: one row per agency (its id, the name the report gives, its
     * state), then one cell state per channel the campaign requires (blank where the agency has none).
     */
    public record Grid(List<String> channels, List<Row> rows) {

        public record Row(String agencyId, String name, String state, List<String> cells) {
        }

        static Grid of(JsonNode compliance) {
            List<String> channels = new ArrayList<>();
            compliance.path("channels").forEach(c -> channels.add(c.asString()));
            List<Row> rows = new ArrayList<>();
            compliance.path("agencies").forEach(a -> rows.add(new Row(a.path("agencyId").asString(""),
                    a.path("name").asString(a.path("agencyId").asString("")), a.path("state").asString(""),
                    channels.stream().map(c -> a.path("cells").path(c).path("state").asString("")).toList())));
            return new Grid(channels, rows);
        }
    }
}

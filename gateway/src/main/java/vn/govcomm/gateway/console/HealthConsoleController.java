package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import vn.govcomm.gateway.console.ChannelHealth.Issue;
import vn.govcomm.gateway.security.Identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * {@code /console/health}: what needs attention on the channels, why, and the fix in words, one section per agency
 * ({@code #agency-<id>}), from {@link ChannelHealth}. Admins see every agency (or the one asked for with
 * {@code ?agency=}); any other user with a platform role sees their own agency only, and asking for another agency is
 * answered like a page that does not exist (404, nothing asked of any service); no platform role: 403. The board's
 * failed deliveries link here with {@code agency}, {@code channel} and {@code campaign} (the portal part is per
 * campaign). A service that does not answer is said in its part, never a 500.
 */
@Controller
class HealthConsoleController {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final ChannelHealth health;
    private final ConsolePages pages;

    HealthConsoleController(ChannelHealth health, ConsolePages pages) {
        this.health = health;
        this.pages = pages;
    }

    /** One agency's section: its id (null: not known from the directory) and what needs attention there. */
    record Section(String agencyId, List<Issue> issues) {
    }

    @GetMapping("/console/health")
    String health(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) String agency,
                  @RequestParam(required = false) String channel, @RequestParam(required = false) String campaign,
                  Model model, HttpServletResponse response) {
        if (me.roles().isEmpty()) {
            response.setStatus(403);
            model.addAttribute("error", pages.message("health.forbidden"));
            return "console/failure";
        }
        boolean everything = me.hasRole("admin");
        String wanted = agency == null || agency.isBlank() ? null : agency.strip();
        if (wanted != null && (!ID.matcher(wanted).matches() || (!everything && !wanted.equals(me.agency())))) {
            response.setStatus(404);
            model.addAttribute("error", pages.message("health.notFound"));
            return "console/failure";
        }
        String scope = everything ? wanted : me.agency();
        String campaignId = campaign != null && ID.matcher(campaign).matches() ? campaign : null;
        ChannelHealth.Report report = health.read(me, scope, campaignId);
        Map<String, List<Issue>> byAgency = new LinkedHashMap<>();
        report.issues().forEach(i -> byAgency.computeIfAbsent(i.agencyId() == null ? "" : i.agencyId(),
                k -> new ArrayList<>()).add(i));
        List<Section> sections = new ArrayList<>();
        byAgency.forEach((id, issues) -> sections.add(new Section(id.isEmpty() ? null : id, issues)));
        model.addAttribute("parts", report.parts());
        model.addAttribute("sections", sections);
        model.addAttribute("scope", scope);
        model.addAttribute("everything", everything);
        model.addAttribute("focusChannel", channel != null && ChannelHealth.CHANNELS.contains(channel) ? channel : null);
        model.addAttribute("campaignId", campaignId);
        return "console/health";
    }
}

package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.util.ArrayList;
import java.util.List;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * The agency's side of campaigns (issue 17): what other departments asked the signed-in user's agency to publish,
 * with only that agency's own deliveries and what needs its attention. Read from the publisher's addressee view
 * ({@code /api/publications/addressed}) with the user's caller token: the service decides what the user may see.
 */
@Controller
@RequestMapping("/console/addressed")
class AddressedConsoleController {

    private final PlatformApi api;

    AddressedConsoleController(PlatformApi api) {
        this.api = api;
    }

    @GetMapping({"", "/"})
    String list(@RequestAttribute(IDENTITY) Identity me, Model model) {
        List<JsonNode> items = new ArrayList<>();
        try {
            api.get(Service.PUBLISHING, me, "/api/publications/addressed").path("items").forEach(items::add);
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("items", items);
        return "console/addressed";
    }

    @GetMapping("/{campaignId}")
    String one(@RequestAttribute(IDENTITY) Identity me, @PathVariable String campaignId, Model model,
               HttpServletResponse response) {
        try {
            model.addAttribute("campaign", api.get(Service.PUBLISHING, me, "/api/publications/addressed/{id}", campaignId));
        } catch (ApiFailure e) {
            response.setStatus(e.status == 404 ? 404 : 502);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("status", e.status);
            return "console/failure";
        }
        return "console/addressed-campaign";
    }
}

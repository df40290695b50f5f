package vn.govcomm.gateway.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.security.Identity;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * htmx: the board's charts ({@link BoardCharts}), loaded with the board and re-fetched when its live stream says the
 * counts changed (board-live.js, throttled). Who may see them is the reporting service's rule for the campaign's
 * report, with the user's caller token: refused or unknown (404) says "no figures yet", like the board; a service
 * that does not answer says so in the fragment (never a 500).
 */
@Controller
class BoardChartsController {

    private final BoardCharts charts;

    BoardChartsController(BoardCharts charts) {
        this.charts = charts;
    }

    @GetMapping("/console/campaigns/{id}/charts")
    String charts(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, Model model) {
        try {
            model.addAttribute("charts", charts.read(me, id));
        } catch (ApiFailure e) {
            model.addAttribute(e.status == 404 ? "chartsNotYet" : "chartsUnavailable", true);
        }
        return "console/board-charts :: charts";
    }
}

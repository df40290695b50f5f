package vn.govcomm.gateway.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import vn.govcomm.gateway.security.Identity;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * {@code /console/notifications}: what waits for the signed-in user ({@link Notifications}), and
 * {@code /console/notifications/count}, the header bell's count (htmx, after the page). Every signed-in user may open
 * them; what each part lists is what the services answer to that user's caller token, so a user sees only what the
 * user may read (a viewer or an admin has no part of their own: the page says there is nothing).
 */
@Controller
@RequestMapping("/console/notifications")
class NotificationsConsoleController {

    private final Notifications notifications;

    NotificationsConsoleController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping
    String page(@RequestAttribute(IDENTITY) Identity me, Model model) {
        model.addAttribute("view", notifications.of(me));
        model.addAttribute("recentDays", Notifications.RECENT_DAYS);
        return "console/notifications";
    }

    @GetMapping("/count")
    String count(@RequestAttribute(IDENTITY) Identity me, Model model) {
        model.addAttribute("count", notifications.of(me).count());
        return "console/bell :: count";
    }
}

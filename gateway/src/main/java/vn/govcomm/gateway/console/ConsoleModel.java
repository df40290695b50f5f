package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import vn.govcomm.gateway.security.Identity;
import vn.govcomm.gateway.security.IdentityFilter;

/**
 * What every console page's header shows: the signed-in user ({@code me}), when there is one, and the local
 * platform's mailbox link ({@code mailboxUrl}, {@code govcomm.console.mailbox-url}) when it is set.
 */
// Every controller of the console package, so that a new page cannot forget its header (a hand-kept list did).
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    private final ConsoleProperties properties;

    ConsoleModel(ConsoleProperties properties) {
        this.properties = properties;
    }

    @ModelAttribute
    void signedIn(Model model, HttpServletRequest request) {
        if (request.getAttribute(IdentityFilter.IDENTITY) instanceof Identity who) {
            model.addAttribute("me", who);
        }
        model.addAttribute("mailboxUrl", properties.mailboxLink());
    }
}

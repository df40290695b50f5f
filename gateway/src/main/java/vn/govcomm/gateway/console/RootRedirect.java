package vn.govcomm.gateway.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The gateway's root opens the console. */
@Controller
class RootRedirect {

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }
}

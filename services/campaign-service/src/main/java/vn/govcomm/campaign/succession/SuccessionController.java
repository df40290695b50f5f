package vn.govcomm.campaign.succession;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;

/** Merged and renamed agencies: admins record the successor, and what named the predecessor follows it. */
@RestController
@RequestMapping("/api/agencies")
@Tag(name = "Agency directory")
class SuccessionController {

    private final AgencySuccession succession;

    SuccessionController(AgencySuccession succession) {
        this.succession = succession;
    }

    @Operation(summary = "Record that an agency was merged into, or renamed to, another one (admins): the agency becomes "
            + "inactive and names its successor; its plan tasks, templates and campaigns not yet approved move to the "
            + "successor. Answers what moved; dryRun=true answers the same report and changes nothing")
    @PostMapping("/{agencyId}/succession")
    SuccessionReport succeed(@PathVariable String agencyId, @RequestBody SuccessionRequest request, Caller caller) {
        return succession.succeed(agencyId, request, caller);
    }
}

package vn.govcomm.publishing.addressed;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.publishing.directory.AgencyReplica;

import java.util.List;
import java.util.Map;

/**
 * The addressee view: campaigns addressed to an agency ({@code agency}, default the caller's own). Readable by the
 * agency's own users with a platform role, admins and viewers of a province-wide agency of the agency's province
 * ({@link AgencyReplica#reads});
 * anybody else gets 404, as for an agency nothing was addressed to. Only that agency's deliveries are shown, also
 * to admins: this is the agency's view, the issuing department has the campaign board.
 */
@RestController
@RequestMapping("/api/publications/addressed")
class AddressedController {

    private final AddressedCampaigns addressed;
    private final AgencyReplica directory;

    AddressedController(AddressedCampaigns addressed, AgencyReplica directory) {
        this.addressed = addressed;
        this.directory = directory;
    }

    @GetMapping
    Map<String, Object> list(Caller caller, @RequestParam(required = false) String agency,
                             @RequestParam(defaultValue = "50") int limit) {
        String agencyId = readableAgency(caller, agency);
        List<Map<String, Object>> items = addressed.list(agencyId, Math.max(1, Math.min(limit, 200)));
        return Map.of("agencyId", agencyId, "items", items);
    }

    @GetMapping("/{campaignId}")
    Map<String, Object> one(Caller caller, @PathVariable String campaignId, @RequestParam(required = false) String agency) {
        String agencyId = readableAgency(caller, agency);
        Map<String, Object> body = addressed.one(campaignId, agencyId);
        if (body == null) {
            throw Access.notFound("campaign " + campaignId + " addressed to " + agencyId);
        }
        return body;
    }

    private String readableAgency(Caller caller, String requested) {
        String agencyId = requested == null || requested.isBlank() ? caller.agencyId() : requested;
        if (agencyId == null) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "agency-required",
                    "Hãy chọn cơ quan (tham số agency). / Choose the agency (parameter agency).");
        }
        if (!directory.reads(caller, agencyId)) {
            throw Access.notFound("campaigns addressed to " + agencyId);
        }
        return agencyId;
    }
}

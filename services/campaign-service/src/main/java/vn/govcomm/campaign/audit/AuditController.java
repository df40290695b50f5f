package vn.govcomm.campaign.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.campaign.campaigns.Campaign;
import vn.govcomm.campaign.campaigns.CampaignManagement;
import vn.govcomm.campaign.directory.AgencyDirectory;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit trail, for admins. Entries live inside the audited document (campaign decisions, agency changes),
 * written in the same single-document write as the change they describe, so the trail cannot miss a change.
 */
@RestController
@RequestMapping("/api/audit")
@Tag(name = "Audit")
class AuditController {

    private final CampaignManagement campaigns;
    private final AgencyDirectory directory;

    AuditController(CampaignManagement campaigns, AgencyDirectory directory) {
        this.campaigns = campaigns;
        this.directory = directory;
    }

    @Operation(summary = "Who did what and when, for one campaign (?campaignId=) or one agency (?agencyId=); admins only")
    @GetMapping
    List<Map<String, Object>> trail(@RequestParam(required = false) String campaignId,
                                    @RequestParam(required = false) String agencyId, Caller caller) {
        if (!caller.isAdmin()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "admin-role-required",
                    "Chỉ quản trị viên xem nhật ký. / Only admins read the audit trail.");
        }
        if ((campaignId == null) == (agencyId == null)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Cần đúng một trong campaignId, agencyId. / Give exactly one of campaignId, agencyId.",
                    List.of(new FieldProblem("campaignId", "one-selector", "Cần đúng một trong campaignId, agencyId",
                            "Give exactly one of campaignId, agencyId")));
        }
        if (campaignId != null) {
            Campaign c = campaigns.get(campaignId, caller);
            return c.getDecisions().stream().map(d -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("subject", "campaign:" + c.getId());
                m.put("action", d.action());
                m.put("actor", d.actor());
                if (d.actorName() != null) {
                    m.put("actorName", d.actorName());
                }
                m.put("at", d.at());
                if (d.comment() != null) {
                    m.put("comment", d.comment());
                }
                if (d.reasons() != null && !d.reasons().isEmpty()) {
                    m.put("reasons", d.reasons());
                }
                return m;
            }).toList();
        }
        if (directory.find(agencyId).isEmpty()) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "agency-not-found",
                    "Không tìm thấy cơ quan " + agencyId + ". / Agency " + agencyId + " not found.");
        }
        return directory.auditTrail(agencyId).stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", "agency:" + agencyId);
            m.putAll(e);
            return m;
        }).toList();
    }
}

package vn.govcomm.campaign.campaigns;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.kit.web.ApiProblem;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

@RestController
@RequestMapping("/api/campaigns")
class CampaignController {

    private final CampaignManagement campaigns;

    CampaignController(CampaignManagement campaigns) {
        this.campaigns = campaigns;
    }

    record ApproveRequest(String comment) {
    }

    record RejectRequest(List<String> reasons) {
    }

    record CancelRequest(String reason) {
    }

    @PostMapping
    ResponseEntity<Campaign> create(@Valid @RequestBody CampaignRequest request,
                                    @RequestHeader(value = "X-User-Id", required = false) String user,
                                    @RequestHeader(value = "X-User-Roles", required = false) String roles,
                                    @RequestHeader(value = "X-User-Agency", required = false) String agency) {
        Campaign created = campaigns.create(request, caller(user, roles, agency));
        return ResponseEntity.created(URI.create("/api/campaigns/" + created.getId())).body(created);
    }

    @GetMapping
    List<Campaign> list() {
        return campaigns.list();
    }

    @GetMapping("/{id}")
    Campaign get(@PathVariable String id) {
        return campaigns.get(id);
    }

    @PostMapping("/{id}/submit")
    Campaign submit(@PathVariable String id, @RequestHeader(value = "X-User-Id", required = false) String user,
                    @RequestHeader(value = "X-User-Roles", required = false) String roles,
                    @RequestHeader(value = "X-User-Agency", required = false) String agency) {
        return campaigns.submit(id, caller(user, roles, agency));
    }

    @PostMapping("/{id}/approve")
    Campaign approve(@PathVariable String id, @RequestBody(required = false) ApproveRequest body,
                     @RequestHeader(value = "X-User-Id", required = false) String user,
                     @RequestHeader(value = "X-User-Roles", required = false) String roles,
                     @RequestHeader(value = "X-User-Agency", required = false) String agency) {
        return campaigns.approve(id, caller(user, roles, agency), body == null ? null : body.comment());
    }

    @PostMapping("/{id}/reject")
    Campaign reject(@PathVariable String id, @RequestBody RejectRequest body,
                    @RequestHeader(value = "X-User-Id", required = false) String user,
                    @RequestHeader(value = "X-User-Roles", required = false) String roles,
                    @RequestHeader(value = "X-User-Agency", required = false) String agency) {
        return campaigns.reject(id, caller(user, roles, agency), body.reasons());
    }

    @PostMapping("/{id}/cancel")
    Campaign cancel(@PathVariable String id, @RequestBody(required = false) CancelRequest body,
                    @RequestHeader(value = "X-User-Id", required = false) String user,
                    @RequestHeader(value = "X-User-Roles", required = false) String roles,
                    @RequestHeader(value = "X-User-Agency", required = false) String agency) {
        return campaigns.cancel(id, caller(user, roles, agency), body == null ? null : body.reason());
    }

    private static Caller caller(String user, String roles, String agency) {
        if (user == null || user.isBlank()) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "Chưa xác thực người dùng. / No authenticated user (X-User-Id missing).");
        }
        Set<String> roleSet = roles == null ? Set.of() : Arrays.stream(roles.split(","))
                .map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toSet());
        return new Caller(user, roleSet, agency);
    }
}

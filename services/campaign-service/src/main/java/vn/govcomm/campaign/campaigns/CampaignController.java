package vn.govcomm.campaign.campaigns;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.campaign.web.ETags;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.net.URI;
import java.util.List;

@RestController
@RequestMapping("/api/campaigns")
@Tag(name = "Campaigns", description = "Draft, edit, submit, approve, reject, cancel; ETag = document version")
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

    @Operation(summary = "Create a draft (officers of the issuing agency)",
            description = "Idempotency-Key: the same key and body replay the first answer (201); the same key with "
                    + "another body answers 422.")
    @PostMapping
    ResponseEntity<Campaign> create(@RequestBody CampaignRequest request,
                                    @Parameter(description = "Client-chosen key making retries safe (1–200 visible ASCII characters)")
                                    @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                                    Caller caller) {
        return created(campaigns.create(request, caller, idempotencyKey(idempotencyKey)), caller);
    }

    /** 201 with the draft; a replay of an earlier answer says so ({@code Idempotent-Replayed}). */
    private ResponseEntity<Campaign> created(CampaignManagement.Created created, Caller caller) {
        Campaign c = created.campaign();
        ResponseEntity.BodyBuilder response = ResponseEntity.created(URI.create("/api/campaigns/" + c.getId()))
                .eTag(ETags.of(c.getVersion()));
        if (created.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(campaigns.forCaller(c, caller));
    }

    @Operation(summary = "Campaigns the caller may see (own agency; all for admins and province-wide viewers), "
            + "optionally of one status or linked to one plan task")
    @GetMapping
    List<Campaign> list(@RequestParam(required = false) CampaignStatus status,
                        @RequestParam(required = false) String planTaskId, Caller caller) {
        return campaigns.list(caller, status, planTaskId).stream().map(c -> campaigns.forCaller(c, caller)).toList();
    }

    @Operation(summary = "One campaign; ETag is its version, to send back as If-Match on PUT")
    @GetMapping("/{id}")
    ResponseEntity<Campaign> get(@PathVariable String id, Caller caller) {
        return withETag(campaigns.get(id, caller), caller);
    }

    @Operation(summary = "Approved versions of the content, oldest first")
    @GetMapping("/{id}/versions")
    List<Campaign.ApprovedVersion> versions(@PathVariable String id, Caller caller) {
        return campaigns.get(id, caller).getApprovedVersions();
    }

    @Operation(summary = "Edit (If-Match required: 428 without, 412 on a stale version)",
            description = "A draft or rejected campaign is changed; an approved one gets a new notice version and "
                    + "goes back to SUBMITTED for re-approval while the approved version stays published.")
    @PutMapping("/{id}")
    ResponseEntity<Campaign> update(@PathVariable String id, @RequestBody CampaignRequest request,
                                    @RequestHeader(value = "If-Match", required = false) String ifMatch, Caller caller) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiProblem(HttpStatus.PRECONDITION_REQUIRED, "if-match-required",
                    "Cần gửi If-Match với ETag đã nhận. / Send If-Match with the ETag you received.");
        }
        return withETag(campaigns.update(id, request, caller, ETags.parse(ifMatch)), caller);
    }

    @Operation(summary = "Copy (\"copy last year's\"): a new draft of the caller's agency (officers) with the original's "
            + "content, the window moved by whole years (default: the fewest that start it today or later) or to the dates "
            + "given; the caller must read the original",
            description = "Files of another agency are left out (origin.droppedAttachmentIds). Idempotency-Key as on "
                    + "create: the same key, original and body replay the first answer (201); the same key otherwise "
                    + "answers 422.")
    @PostMapping("/{id}/copy")
    ResponseEntity<Campaign> copy(@PathVariable String id,
                                  @RequestBody(required = false) CampaignCopies.CopyRequest body,
                                  @Parameter(description = "Client-chosen key making retries safe (1–200 visible ASCII characters)")
                                  @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                                  Caller caller) {
        return created(campaigns.copy(id, body, caller, idempotencyKey(idempotencyKey)), caller);
    }

    @PostMapping("/{id}/submit")
    ResponseEntity<Campaign> submit(@PathVariable String id, Caller caller) {
        return withETag(campaigns.submit(id, caller), caller);
    }

    @Operation(summary = "Approve (an approver of the issuing agency, not the author); schedules at once")
    @PostMapping("/{id}/approve")
    ResponseEntity<Campaign> approve(@PathVariable String id, @RequestBody(required = false) ApproveRequest body,
                                     Caller caller) {
        return withETag(campaigns.approve(id, caller, body == null ? null : body.comment()), caller);
    }

    @Operation(summary = "Reject with reasons; the officer edits and submits again")
    @PostMapping("/{id}/reject")
    ResponseEntity<Campaign> reject(@PathVariable String id, @RequestBody(required = false) RejectRequest body,
                                    Caller caller) {
        return withETag(campaigns.reject(id, caller, body == null ? null : body.reasons()), caller);
    }

    @Operation(summary = "Cancel; published items are retracted where the channel allows")
    @PostMapping("/{id}/cancel")
    ResponseEntity<Campaign> cancel(@PathVariable String id, @RequestBody(required = false) CancelRequest body,
                                    Caller caller) {
        return withETag(campaigns.cancel(id, caller, body == null ? null : body.reason()), caller);
    }

    private ResponseEntity<Campaign> withETag(Campaign c, Caller caller) {
        return ResponseEntity.ok().eTag(ETags.of(c.getVersion())).body(campaigns.forCaller(c, caller));
    }

    private static String idempotencyKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > 200 || !key.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7E)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Idempotency-Key không hợp lệ. / Invalid Idempotency-Key.", List.of(new FieldProblem(
                    "Idempotency-Key", "invalid-idempotency-key", "Khóa gồm 1–200 ký tự ASCII nhìn thấy được",
                    "The key is 1–200 visible ASCII characters")));
        }
        return key;
    }
}

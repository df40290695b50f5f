package vn.govcomm.campaign.templates;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.campaign.campaigns.Campaign;
import vn.govcomm.campaign.campaigns.CampaignManagement;
import vn.govcomm.campaign.web.ETags;
import vn.govcomm.identity.Caller;

import java.net.URI;
import java.util.List;

@RestController
@Tag(name = "Templates", description = "Campaign templates of an agency, shared ones, recurring ones; drafts from them")
class TemplateController {

    private final TemplateManagement templates;
    private final CampaignManagement campaigns;

    TemplateController(TemplateManagement templates, CampaignManagement campaigns) {
        this.templates = templates;
        this.campaigns = campaigns;
    }

    @Operation(summary = "The library: the caller's agency's templates and the shared ones (all for admins), by name; "
            + "each with allowedActions (use, edit, delete, share) for the caller")
    @GetMapping("/api/templates")
    List<TemplateAnswer> list(Caller caller) {
        return templates.list(caller).stream().map(t -> TemplateAnswer.of(t, caller)).toList();
    }

    @Operation(summary = "Create a template of the caller's agency (officers)")
    @PostMapping("/api/templates")
    ResponseEntity<TemplateAnswer> create(@RequestBody TemplateRequest request, Caller caller) {
        return created(templates.create(request, caller), caller);
    }

    @Operation(summary = "Save a campaign the caller reads as a template of the caller's agency (officers)")
    @PostMapping("/api/campaigns/{id}/template")
    ResponseEntity<TemplateAnswer> saveCampaign(@PathVariable String id,
                                          @RequestBody(required = false) TemplateManagement.SaveAsRequest body,
                                          Caller caller) {
        return created(templates.saveCampaign(id, body, caller), caller);
    }

    @Operation(summary = "One template; ETag = version")
    @GetMapping("/api/templates/{id}")
    ResponseEntity<TemplateAnswer> get(@PathVariable String id, Caller caller) {
        return ok(templates.get(id, caller), caller);
    }

    @Operation(summary = "Replace a template (officers of the owning agency); If-Match honoured when sent")
    @PutMapping("/api/templates/{id}")
    ResponseEntity<TemplateAnswer> update(@PathVariable String id, @RequestBody TemplateRequest request,
                                    @RequestHeader(value = "If-Match", required = false) String ifMatch, Caller caller) {
        return ok(templates.update(id, request, version(ifMatch), caller), caller);
    }

    @Operation(summary = "Delete a template (officers of the owning agency); drafts made from it stay")
    @DeleteMapping("/api/templates/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(value = "If-Match", required = false) String ifMatch, Caller caller) {
        templates.delete(id, version(ifMatch), caller);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Admins: share a template with everybody signed in (province-wide) or stop sharing it")
    @PutMapping("/api/templates/{id}/shared")
    ResponseEntity<TemplateAnswer> share(@PathVariable String id, @RequestBody(required = false) TemplateManagement.ShareRequest body,
                                   Caller caller) {
        return ok(templates.share(id, body, caller), caller);
    }

    @Operation(summary = "A draft of the caller's agency from a template the caller reads (officers), from startDate")
    @PostMapping("/api/templates/{id}/campaigns")
    ResponseEntity<Campaign> use(@PathVariable String id, @RequestBody(required = false) TemplateManagement.UseRequest body,
                                 Caller caller) {
        Campaign c = templates.use(id, body, caller);
        return ResponseEntity.created(URI.create("/api/campaigns/" + c.getId())).eTag(ETags.of(c.getVersion()))
                .body(campaigns.forCaller(c, caller));
    }

    private static ResponseEntity<TemplateAnswer> created(Template t, Caller caller) {
        return ResponseEntity.created(URI.create("/api/templates/" + t.id())).eTag(ETags.of(t.version()))
                .body(TemplateAnswer.of(t, caller));
    }

    private static ResponseEntity<TemplateAnswer> ok(Template t, Caller caller) {
        return ResponseEntity.ok().eTag(ETags.of(t.version())).body(TemplateAnswer.of(t, caller));
    }

    private static Long version(String ifMatch) {
        return ifMatch == null || ifMatch.isBlank() ? null : ETags.parse(ifMatch);
    }
}

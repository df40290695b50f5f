package vn.govcomm.campaign.plans;

import io.swagger.v3.oas.annotations.Operation;
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

import java.net.URI;
import java.util.List;

@RestController
@RequestMapping("/api/plans")
@Tag(name = "Plans", description = "Yearly communication plans and their tasks; campaigns link to a task (planTaskId)")
class PlanController {

    private final PlanManagement plans;

    PlanController(PlanManagement plans) {
        this.plans = plans;
    }

    @Operation(summary = "Plans the caller may see (issuing, lead or co-ordinating agency; all for admins and "
            + "province-wide viewers), without their tasks")
    @GetMapping
    List<PlanView.Summary> list(@RequestParam(required = false) Integer year, Caller caller) {
        return plans.list(caller, year);
    }

    @Operation(summary = "One plan with its tasks, each with due/late today and its linked campaigns; ETag = version")
    @GetMapping("/{id}")
    ResponseEntity<PlanView> get(@PathVariable String id, Caller caller) {
        PlanView plan = plans.get(id, caller);
        return ResponseEntity.ok().eTag(ETags.of(plan.version())).body(plan);
    }

    @Operation(summary = "Create (201) or replace (200) a plan: officers of the issuing agency; If-Match honoured when sent")
    @PutMapping("/{id}")
    ResponseEntity<PlanView> put(@PathVariable String id, @RequestBody PlanRequest request,
                                 @RequestHeader(value = "If-Match", required = false) String ifMatch, Caller caller) {
        Long expected = ifMatch == null || ifMatch.isBlank() ? null : ETags.parse(ifMatch);
        return answer(plans.put(id, request, caller, expected));
    }

    @Operation(summary = "Admins: load the seed plan (Decision 244/QĐ-UBND, 2025) as demo data; 201 loaded, 200 already there")
    @PostMapping("/import-demo")
    ResponseEntity<PlanView> importDemo(Caller caller) {
        return answer(plans.importDemo(caller));
    }

    private static ResponseEntity<PlanView> answer(PlanManagement.Saved saved) {
        PlanView plan = saved.plan();
        ResponseEntity.BodyBuilder response = saved.created()
                ? ResponseEntity.created(URI.create("/api/plans/" + plan.id()))
                : ResponseEntity.status(HttpStatus.OK);
        return response.eTag(ETags.of(plan.version())).body(plan);
    }
}

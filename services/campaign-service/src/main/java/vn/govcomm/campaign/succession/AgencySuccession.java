package vn.govcomm.campaign.succession;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import vn.govcomm.campaign.campaigns.CampaignSuccession;
import vn.govcomm.campaign.directory.Agency;
import vn.govcomm.campaign.directory.AgencyDirectory;
import vn.govcomm.campaign.directory.Successions;
import vn.govcomm.campaign.plans.PlanSuccession;
import vn.govcomm.campaign.templates.TemplateSuccession;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An agency merged into, or renamed to, another one (the successor): the directory records it (the predecessor
 * inactive, its AgencyChanged naming the successor, so the publisher and reporting move its open deliveries and
 * history), and what this service holds of it follows: the units directly under it ({@link ChildrenSuccession}), plan
 * tasks, templates and campaigns not yet approved.
 * <p>
 * No multi-document transactions: the predecessor is written first (from then on nothing new can target it: the
 * campaign rules refuse an inactive agency), then earlier predecessors, the units under it, plans, templates and
 * campaigns, each a guarded
 * single-document update. Should a later step fail, the same request again finishes the job ({@code completed}): an
 * agency already succeeded by the same successor in the same way is accepted and what still names it is moved.
 */
@Service
class AgencySuccession implements Successions {

    private final AgencyDirectory directory;
    private final PlanSuccession plans;
    private final TemplateSuccession templates;
    private final CampaignSuccession campaigns;
    private final ChildrenSuccession children;
    private final Clock clock = Clock.systemUTC();

    AgencySuccession(AgencyDirectory directory, PlanSuccession plans, TemplateSuccession templates,
                     CampaignSuccession campaigns, ChildrenSuccession children) {
        this.directory = directory;
        this.children = children;
        this.plans = plans;
        this.templates = templates;
        this.campaigns = campaigns;
    }

    SuccessionReport succeed(String agencyId, SuccessionRequest request, Caller caller) {
        if (!caller.isAdmin()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "admin-role-required",
                    "Chỉ quản trị viên được thay đổi danh bạ cơ quan. / Only admins change the agency directory.");
        }
        Agency predecessor = directory.find(agencyId).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
                "agency-not-found", "Không tìm thấy cơ quan " + agencyId + ". / Agency " + agencyId + " not found."));
        Agency.SuccessionKind kind = kind(request.kind());
        List<FieldProblem> problems = new ArrayList<>();
        if (kind == null) {
            problems.add(new FieldProblem("kind", request.kind() == null ? "required" : "unknown-kind",
                    "Hình thức kế thừa phải là MERGED (sáp nhập) hoặc RENAMED (đổi tên)",
                    "The kind must be MERGED or RENAMED"));
        }
        String successorId = request.successorId() == null ? null : request.successorId().strip();
        Agency successor = null;
        if (successorId == null || successorId.isEmpty()) {
            problems.add(new FieldProblem("successorId", "required", "Trường này là bắt buộc", "This field is required"));
        } else if (successorId.equals(agencyId)) {
            problems.add(new FieldProblem("successorId", "same-agency", "Cơ quan không thể kế thừa chính nó",
                    "An agency cannot succeed itself"));
        } else {
            successor = directory.find(successorId).orElse(null);
            if (successor == null) {
                problems.add(new FieldProblem("successorId", "unknown-agency",
                        "Cơ quan " + successorId + " không có trong danh bạ", "Agency " + successorId + " is not in the directory"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", problems);
        }
        requireNoCycle(predecessor, successor);
        if (!successor.active()) {
            throw refused("successor-inactive", "Cơ quan kế thừa " + successorId + " đã ngừng hoạt động",
                    "The successor " + successorId + " is not active");
        }
        boolean completing = predecessor.succeeded();
        if (completing && (!predecessor.successorId().equals(successorId) || predecessor.successionKind() != kind)) {
            throw refused("already-succeeded", "Cơ quan " + agencyId + " đã được " + predecessor.successorId()
                            + " kế thừa (" + predecessor.successionKind() + ")",
                    "Agency " + agencyId + " was already succeeded by " + predecessor.successorId() + " ("
                            + predecessor.successionKind() + ")");
        }
        return apply(predecessor, successor, kind, Boolean.TRUE.equals(request.dryRun()), caller.userId(),
                caller.displayName());
    }

    /** A directory file's row naming a successor: the file checked the rules above for all its rows first. */
    @Override
    public Moved succeed(Agency predecessor, Agency successor, Agency.SuccessionKind kind, boolean dryRun, String actor,
                         String actorName) {
        SuccessionReport.Counts n = apply(predecessor, successor, kind, dryRun, actor, actorName).counts();
        return new Moved(n.repointedPredecessors(), n.planTasks(), n.templates(), n.campaigns());
    }

    /**
     * The succession itself, once its rules passed: the predecessor, earlier predecessors, the units under it, plan
     * tasks, templates and campaigns, in this order (see the class comment); a dry run reads and counts only.
     */
    private SuccessionReport apply(Agency predecessor, Agency successor, Agency.SuccessionKind kind, boolean dryRun,
                                   String actor, String actorName) {
        String agencyId = predecessor.agencyId();
        String successorId = successor.agencyId();
        boolean completing = predecessor.succeeded();
        Instant at = completing ? predecessor.succeededAt() : clock.instant();
        if (!dryRun && !completing) {
            directory.succeed(predecessor, successorId, kind, at, actor, "succeeded");
        }
        // Chains stay one step long: who was succeeded by the predecessor is now succeeded by its successor.
        List<String> repointed = new ArrayList<>();
        for (Agency earlier : directory.predecessorsOf(agencyId)) {
            if (!dryRun) {
                directory.succeed(earlier, successorId, earlier.successionKind(), earlier.succeededAt(), actor,
                        "successor re-pointed");
            }
            repointed.add(earlier.agencyId());
        }
        List<ChildrenSuccession.Reparented> units = children.reparent(predecessor, successor, actor, dryRun);
        SuccessionReport report = SuccessionReport.of(agencyId, successorId, kind.name(), dryRun, completing, at,
                repointed, units, plans.succeed(agencyId, successorId, actor, dryRun),
                templates.retarget(agencyId, successor, actor, dryRun),
                campaigns.retarget(agencyId, successor, actor, actorName, dryRun));
        if (!dryRun) {
            SuccessionReport.Counts n = report.counts();
            directory.note(successorId, "succession received", actor, List.of("predecessor: " + agencyId + " (" + kind
                    + ")", "predecessors re-pointed: " + n.repointedPredecessors(), "units re-parented: "
                    + n.reparentedUnits(), "plan tasks: " + n.planTasks(),
                    "templates: " + n.templates(), "campaigns: " + n.campaigns()));
        }
        return report;
    }

    /** The successor's own chain (kept one step long, but followed to its end) must not lead back to the predecessor. */
    private void requireNoCycle(Agency predecessor, Agency successor) {
        Set<String> seen = new HashSet<>();
        for (Optional<Agency> next = Optional.of(successor); next.isPresent() && seen.add(next.get().agencyId());
             next = Optional.ofNullable(next.get().successorId()).flatMap(directory::find)) {
            if (predecessor.agencyId().equals(next.get().successorId())) {
                throw refused("succession-cycle", "Vòng kế thừa: " + successor.agencyId() + " đã được "
                                + predecessor.agencyId() + " kế thừa (trực tiếp hoặc qua cơ quan khác)",
                        "A succession cycle: " + successor.agencyId() + " was itself succeeded by "
                                + predecessor.agencyId() + " (directly or through another agency)");
            }
        }
    }

    private static Agency.SuccessionKind kind(String kind) {
        return Arrays.stream(Agency.SuccessionKind.values()).filter(k -> k.name().equals(kind)).findFirst().orElse(null);
    }

    private static ApiProblem refused(String code, String vi, String en) {
        return new ApiProblem(HttpStatus.CONFLICT, code, vi + ". / " + en + ".",
                List.of(new FieldProblem("successorId", code, vi, en)));
    }
}

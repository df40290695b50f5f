package vn.govcomm.campaign.succession;

import vn.govcomm.campaign.campaigns.CampaignSuccession;
import vn.govcomm.campaign.plans.PlanSuccession;
import vn.govcomm.campaign.templates.TemplateSuccession;

import java.time.Instant;
import java.util.List;

/**
 * What a succession moved to the successor (or, for a dry run, would move): the earlier predecessors now pointing at
 * it, the units that were directly under the predecessor (with their new parent), plan tasks, templates, campaigns not yet approved, with their counts. {@code completed}: the agency had been
 * succeeded by the same successor already, and this request moved what was left.
 */
record SuccessionReport(String agencyId, String successorId, String kind, boolean dryRun, boolean completed,
                        Instant succeededAt, Counts counts, List<String> repointedPredecessors,
                        List<ChildrenSuccession.Reparented> reparentedUnits, List<PlanSuccession.MovedTask> planTasks, List<TemplateSuccession.Retargeted> templates,
                        List<CampaignSuccession.Retargeted> campaigns) {

    record Counts(int repointedPredecessors, int reparentedUnits, int planTasks, int templates, int campaigns) {
    }

    static SuccessionReport of(String agencyId, String successorId, String kind, boolean dryRun, boolean completed,
                               Instant succeededAt, List<String> repointedPredecessors,
                               List<ChildrenSuccession.Reparented> reparentedUnits, List<PlanSuccession.MovedTask> planTasks, List<TemplateSuccession.Retargeted> templates,
                               List<CampaignSuccession.Retargeted> campaigns) {
        return new SuccessionReport(agencyId, successorId, kind, dryRun, completed, succeededAt,
                new Counts(repointedPredecessors.size(), reparentedUnits.size(), planTasks.size(), templates.size(),
                        campaigns.size()),
                repointedPredecessors, reparentedUnits, planTasks, templates, campaigns);
    }
}

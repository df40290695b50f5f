package vn.govcomm.campaign.campaigns;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import vn.govcomm.campaign.plans.LinkedCampaigns;
import vn.govcomm.campaign.plans.PlanManagement;
import vn.govcomm.campaign.plans.TaskActions;
import vn.govcomm.identity.Caller;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The campaigns linked to plan tasks, for the plans feature (one query on {@code planTaskId}), and what a caller may do
 * with a task ({@link PlanTaskAction}).
 */
@Component
class PlanTaskCampaigns implements LinkedCampaigns, TaskActions {

    /** Went out to the agencies: approved at least once and not cancelled. */
    static final Set<CampaignStatus> CARRIED_OUT = EnumSet.of(CampaignStatus.APPROVED, CampaignStatus.SCHEDULED,
            CampaignStatus.RUNNING, CampaignStatus.COMPLETED);

    private final MongoTemplate mongo;

    PlanTaskCampaigns(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Every plan view and {@code GET /api/campaigns?planTaskId=} look campaigns up by task (sparse: most have none). */
    @EventListener(ApplicationReadyEvent.class)
    public void createIndex() {
        mongo.indexOps(CampaignManagement.COLLECTION).createIndex(new Index("planTaskId", Sort.Direction.ASC).sparse());
    }

    @Override
    public Map<String, List<LinkedCampaign>> byTask(Collection<String> taskIds) {
        if (taskIds.isEmpty()) {
            return Map.of();
        }
        Query query = Query.query(Criteria.where("planTaskId").in(taskIds)).with(Sort.by("createdAt"));
        query.fields().include("planTaskId", "code", "notice.title", "issuingAgencyId", "status", "window");
        return mongo.find(query, Campaign.class, CampaignManagement.COLLECTION).stream()
                .collect(Collectors.groupingBy(Campaign::getPlanTaskId, LinkedHashMap::new, Collectors.mapping(c ->
                        new LinkedCampaign(c.getId(), c.getCode(), c.getNotice() == null ? null : c.getNotice().title(),
                                c.getIssuingAgencyId(), c.getStatus().name(),
                                c.getWindow() == null ? null : c.getWindow().startsAt(),
                                c.getWindow() == null ? null : c.getWindow().endsAt(),
                                CARRIED_OUT.contains(c.getStatus())), Collectors.toList())));
    }

    @Override
    public List<String> allowed(Caller caller, PlanManagement.TaskRef task) {
        return PlanTaskAction.allowed(caller, task);
    }
}

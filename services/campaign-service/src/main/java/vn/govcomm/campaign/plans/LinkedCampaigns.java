package vn.govcomm.campaign.plans;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The campaigns linked to plan tasks (their {@code planTaskId}). Implemented by the campaigns feature, which depends on
 * this one (it validates {@code planTaskId} here): plans never reach into campaigns, so the features have no cycle.
 */
public interface LinkedCampaigns {

    /** Every campaign linked to one of {@code taskIds}, by task id (tasks without campaigns absent). */
    Map<String, List<LinkedCampaign>> byTask(Collection<String> taskIds);

    /**
     * What a plan shows of a linked campaign. {@code carriedOut}: approved at least once and not cancelled (SCHEDULED,
     * RUNNING, COMPLETED), i.e. it went out to the agencies.
     */
    record LinkedCampaign(String id, String code, String title, String issuingAgencyId, String status,
                          Instant startsAt, Instant endsAt, boolean carriedOut) {
    }
}

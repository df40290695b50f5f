package vn.govcomm.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A campaign's lifecycle transition: the payload of CampaignSubmitted, Approved, Rejected, Started, Cancelled and
 * Completed, one schema for the six ({@code schemas/campaign-transitioned.v1.json}); the {@code ce_type} tells which.
 * {@code actor} is a user id, or {@code system} for clock-driven transitions; {@code actorName} that user's display
 * name (optional: absent for the system, for users the identity provider names not, and in events written before it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CampaignTransitioned(
        String campaignId,
        String code,
        String title,
        String issuingAgencyId,
        Integer version,
        Status fromStatus,
        Status toStatus,
        String actor,
        String actorName,
        String comment,
        List<String> reasons,
        String occurredAt) {

    /** A campaign's status on the wire (the campaign service's lifecycle states, by name). */
    public enum Status {
        DRAFT, SUBMITTED, APPROVED, SCHEDULED, RUNNING, COMPLETED, REJECTED, CANCELLED
    }
}

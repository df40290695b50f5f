package vn.govcomm.campaign.campaigns;

/** Lifecycle: DRAFT → SUBMITTED → APPROVED → SCHEDULED → RUNNING → COMPLETED; REJECTED (back to draft); CANCELLED. */
public enum CampaignStatus {
    DRAFT, SUBMITTED, APPROVED, SCHEDULED, RUNNING, COMPLETED, REJECTED, CANCELLED;

    public boolean isEditable() {
        return this == DRAFT || this == REJECTED;
    }
}

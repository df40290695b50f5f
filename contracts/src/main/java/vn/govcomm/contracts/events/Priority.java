package vn.govcomm.contracts.events;

/** A campaign's priority ({@code priority} of CampaignScheduled and DeliveryRequested). */
public enum Priority {
    NORMAL, URGENT
}

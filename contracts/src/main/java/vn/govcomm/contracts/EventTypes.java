package vn.govcomm.contracts;

/**
 * CloudEvents {@code ce_type} values and topic names, as in asyncapi.yaml (a test keeps them equal).
 * Services name topics and event types through these constants only: this class is their one home in main code.
 */
public final class EventTypes {
    private EventTypes() {
    }

    /** Every campaign event's type starts so (a consumer may accept later campaign types by it). */
    public static final String CAMPAIGN_TYPE_PREFIX = "vn.govcomm.campaign.";
    public static final String CAMPAIGN_SUBMITTED = "vn.govcomm.campaign.submitted.v1";
    public static final String CAMPAIGN_APPROVED = "vn.govcomm.campaign.approved.v1";
    public static final String CAMPAIGN_REJECTED = "vn.govcomm.campaign.rejected.v1";
    public static final String CAMPAIGN_SCHEDULED = "vn.govcomm.campaign.scheduled.v1";
    public static final String CAMPAIGN_STARTED = "vn.govcomm.campaign.started.v1";
    public static final String CAMPAIGN_CANCELLED = "vn.govcomm.campaign.cancelled.v1";
    public static final String CAMPAIGN_COMPLETED = "vn.govcomm.campaign.completed.v1";
    public static final String AGENCY_CHANGED = "vn.govcomm.directory.agency-changed.v1";
    public static final String DELIVERY_REQUESTED = "vn.govcomm.delivery.requested.v1";
    public static final String DELIVERY_RETRACTED = "vn.govcomm.delivery.retracted.v1";
    public static final String DELIVERY_STATUS_CHANGED = "vn.govcomm.delivery.status-changed.v1";

    public static final String NOTIFICATION_SENT = "vn.govcomm.notification.sent.v1";

    public static final String TOPIC_CAMPAIGN_EVENTS = "campaign.events";
    public static final String TOPIC_AGENCY_DIRECTORY = "directory.agencies";
    public static final String TOPIC_NOTIFICATION_EVENTS = "notification.events";

    public static String deliveryRequestsTopic(String channel) {
        return "delivery.requests." + channel;
    }

    public static String deliveryStatusTopic(String channel) {
        return "delivery.status." + channel;
    }

    /** Every channel's request topic. */
    public static String[] deliveryRequestsTopics() {
        return Channels.ALL.stream().map(EventTypes::deliveryRequestsTopic).toArray(String[]::new);
    }

    /** Every channel's status topic. */
    public static String[] deliveryStatusTopics() {
        return Channels.ALL.stream().map(EventTypes::deliveryStatusTopic).toArray(String[]::new);
    }

    public static String deadLetterTopic(String topic) {
        return topic + ".DLT";
    }
}

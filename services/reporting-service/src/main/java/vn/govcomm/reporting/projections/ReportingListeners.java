package vn.govcomm.reporting.projections;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;

/**
 * Feeds every topic the reports need into the projections. Each listener has its own consumer group; a fresh
 * group (or a fresh database with {@code auto-offset-reset: earliest}) replays from the beginning and ends with
 * the same read models. Unknown event types on a known topic are poison (they go to the DLT, never dropped).
 */
@Component
class ReportingListeners {

    private final DeliveryProjection deliveries;
    private final CampaignProjection campaigns;
    private final NotificationProjection notifications;

    ReportingListeners(DeliveryProjection deliveries, CampaignProjection campaigns, NotificationProjection notifications) {
        this.deliveries = deliveries;
        this.campaigns = campaigns;
        this.notifications = notifications;
    }

    @KafkaListener(topics = EventTypes.TOPIC_CAMPAIGN_EVENTS, groupId = "${govcomm.reporting.group-prefix:reporting-service}.campaigns")
    void onCampaign(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!event.type().startsWith("vn.govcomm.campaign.")) { // scheduled, or a transition (carries toStatus)
            throw new PoisonEventException("Unexpected event type " + event.type() + " on campaign.events");
        }
        Document data = parse(event);
        campaigns.onCampaignEvent(event.type(), data, occurredAt(event, data));
    }

    @KafkaListener(topics = EventTypes.TOPIC_AGENCY_DIRECTORY, groupId = "${govcomm.reporting.group-prefix:reporting-service}.agencies")
    void onAgency(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // a compaction tombstone: the directory never deletes, agencies are deactivated instead
        }
        IncomingEvent event = IncomingEvent.from(record);
        if (!event.type().equals(EventTypes.AGENCY_CHANGED)) {
            throw new PoisonEventException("Unexpected event type " + event.type() + " on directory.agencies");
        }
        Document data = parse(event);
        campaigns.onAgencyChanged(data, occurredAt(event, data));
    }

    @KafkaListener(topics = "#{T(vn.govcomm.contracts.EventTypes).deliveryRequestsTopics()}",
            groupId = "${govcomm.reporting.group-prefix:reporting-service}.requests")
    void onRequest(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        switch (event.type()) {
            case EventTypes.DELIVERY_REQUESTED -> {
                Document data = parse(event);
                deliveries.record(data, DeliveryStatus.DISPATCHED, occurredAt(event, data));
            }
            case EventTypes.DELIVERY_RETRACTED -> {
                // the adapter that holds the delivery reports it CANCELLED on delivery.status.<channel>
            }
            default -> throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
    }

    @KafkaListener(topics = "#{T(vn.govcomm.contracts.EventTypes).deliveryStatusTopics()}",
            groupId = "${govcomm.reporting.group-prefix:reporting-service}.status")
    void onStatus(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!event.type().equals(EventTypes.DELIVERY_STATUS_CHANGED)) {
            throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
        Document data = parse(event);
        DeliveryStatus status;
        try {
            status = DeliveryStatus.valueOf(data.getString("status"));
        } catch (RuntimeException e) {
            throw new PoisonEventException("Unknown status in " + event.id(), e);
        }
        deliveries.record(data, status, occurredAt(event, data));
    }

    /**
     * Reminders and escalations sent to (or failed for) target agencies, into the per-agency documents. Other
     * kinds (approval news, observer copies) are valid events this service has no use for: skipped, not poison.
     */
    @KafkaListener(topics = EventTypes.TOPIC_NOTIFICATION_EVENTS,
            groupId = "${govcomm.reporting.group-prefix:reporting-service}.notifications")
    void onNotification(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!event.type().equals(EventTypes.NOTIFICATION_SENT)) {
            throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
        Document data = parse(event);
        notifications.onNotificationSent(data, occurredAt(event, data));
    }

    /** The business time (data.occurredAt) when present, else the envelope's ce_time. */
    static Instant occurredAt(IncomingEvent event, Document data) {
        String occurredAt = data.getString("occurredAt");
        if (occurredAt == null) {
            return event.time();
        }
        try {
            return java.time.OffsetDateTime.parse(occurredAt).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new PoisonEventException("Bad occurredAt on event " + event.id(), e);
        }
    }

    static Document parse(IncomingEvent event) {
        try {
            return Document.parse(event.dataAsString());
        } catch (RuntimeException e) {
            throw new PoisonEventException("Unreadable event " + event.id(), e);
        }
    }
}

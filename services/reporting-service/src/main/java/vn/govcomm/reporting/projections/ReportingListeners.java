package vn.govcomm.reporting.projections;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.contracts.events.CampaignScheduled;
import vn.govcomm.contracts.events.CampaignTransitioned;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.contracts.events.NotificationSent;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.kit.kafka.BatchListeners;
import vn.govcomm.reporting.projections.DeliveryProjection.Change;
import vn.govcomm.reporting.projections.DeliveryProjection.Observed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Feeds every topic the reports need into the projections. Each listener has its own consumer group; a fresh
 * group (or a fresh database with {@code auto-offset-reset: earliest}) replays from the beginning and ends with
 * the same read models. Events are decoded the kit's way ({@link IncomingEvent}, then its {@code data} into the
 * contracts' payload record); a record without a CloudEvents envelope, an event type the contracts do not put on the
 * topic and unreadable data are poison (they go to the DLT, never dropped).
 */
@Component
class ReportingListeners {

    private final DeliveryProjection deliveries;
    private final CampaignProjection campaigns;
    private final NotificationProjection notifications;
    private final Successions successions;
    private final JsonMapper json;

    ReportingListeners(DeliveryProjection deliveries, CampaignProjection campaigns, NotificationProjection notifications,
                       Successions successions, JsonMapper json) {
        this.deliveries = deliveries;
        this.campaigns = campaigns;
        this.notifications = notifications;
        this.successions = successions;
        this.json = json;
    }

    @KafkaListener(topics = EventTypes.TOPIC_CAMPAIGN_EVENTS, groupId = "${govcomm.reporting.group-prefix:reporting-service}.campaigns")
    void onCampaign(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        switch (event.type()) {
            case EventTypes.CAMPAIGN_SCHEDULED -> {
                CampaignScheduled scheduled = event.data(json, CampaignScheduled.class);
                campaigns.onScheduled(scheduled, event.occurredAt(scheduled.occurredAt()));
            }
            case EventTypes.CAMPAIGN_SUBMITTED, EventTypes.CAMPAIGN_APPROVED, EventTypes.CAMPAIGN_REJECTED,
                 EventTypes.CAMPAIGN_STARTED, EventTypes.CAMPAIGN_CANCELLED, EventTypes.CAMPAIGN_COMPLETED -> {
                CampaignTransitioned transition = event.data(json, CampaignTransitioned.class);
                campaigns.onTransition(transition, event.occurredAt(transition.occurredAt()));
            }
            default -> throw unexpected(event);
        }
    }

    @KafkaListener(topics = EventTypes.TOPIC_AGENCY_DIRECTORY, groupId = "${govcomm.reporting.group-prefix:reporting-service}.agencies")
    void onAgency(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // a compaction tombstone: the directory never deletes, agencies are deactivated instead
        }
        IncomingEvent event = IncomingEvent.from(record);
        if (!event.type().equals(EventTypes.AGENCY_CHANGED)) {
            throw unexpected(event);
        }
        AgencyChanged agency = event.data(json, AgencyChanged.class);
        Instant at = event.occurredAt(agency.occurredAt());
        campaigns.onAgencyChanged(agency, at);
        successions.follow(agency, at); // after the snapshot is stored: a crash midway is finished by its redelivery
    }

    /**
     * Requests of every channel, a poll at a time (the kit's {@link BatchListeners}): decoded record by record, then applied as
     * one batch. A record that cannot be decoded stops the batch there: the records before it are applied and
     * committed, it goes to its DLT (poison at once), the ones after it come again with the next poll.
     */
    @KafkaListener(topics = "#{T(vn.govcomm.contracts.EventTypes).deliveryRequestsTopics()}",
            groupId = "${govcomm.reporting.group-prefix:reporting-service}.requests",
            containerFactory = BatchListeners.FACTORY)
    void onRequests(List<ConsumerRecord<String, byte[]>> records) {
        apply(records, this::request);
    }

    @KafkaListener(topics = "#{T(vn.govcomm.contracts.EventTypes).deliveryStatusTopics()}",
            groupId = "${govcomm.reporting.group-prefix:reporting-service}.status",
            containerFactory = BatchListeners.FACTORY)
    void onStatuses(List<ConsumerRecord<String, byte[]>> records) {
        apply(records, this::status);
    }

    /** A request as a row change; null for a retraction (the adapter that holds the delivery reports it CANCELLED). */
    private Change request(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        return switch (event.type()) {
            case EventTypes.DELIVERY_REQUESTED -> {
                DeliveryRequested requested = event.data(json, DeliveryRequested.class);
                yield new Change(Observed.of(requested), DeliveryStatus.DISPATCHED, event.occurredAt(requested.occurredAt()));
            }
            case EventTypes.DELIVERY_RETRACTED -> null;
            default -> throw unexpected(event);
        };
    }

    private Change status(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!event.type().equals(EventTypes.DELIVERY_STATUS_CHANGED)) {
            throw unexpected(event);
        }
        DeliveryStatusChanged changed = event.data(json, DeliveryStatusChanged.class);
        if (changed.status() == null) {
            throw new PoisonEventException("DeliveryStatusChanged " + event.id() + " without a status");
        }
        return new Change(Observed.of(changed), DeliveryStatus.of(changed.status()), event.occurredAt(changed.occurredAt()));
    }

    /**
     * Decodes the batch up to its first bad record, applies what came before it in one go, then names the failed
     * record to the kit's error handler ({@link BatchListenerFailedException} with its index: the records before it
     * are committed, it is retried or dead-lettered as a single record would be, the rest is fetched again). A
     * failure of the writes themselves names the first record of the delivery that kept changing, or the batch's
     * first record (an outage: waited for, then the whole batch again; applying it again changes nothing).
     */
    private void apply(List<ConsumerRecord<String, byte[]>> records, Function<ConsumerRecord<String, byte[]>, Change> decode) {
        List<Change> changes = new ArrayList<>(records.size());
        List<Integer> positions = new ArrayList<>(records.size());
        BatchListenerFailedException bad = null;
        for (int i = 0; i < records.size() && bad == null; i++) {
            try {
                Change change = decode.apply(records.get(i));
                if (change != null) {
                    changes.add(change);
                    positions.add(i);
                }
            } catch (RuntimeException e) {
                bad = new BatchListenerFailedException(String.valueOf(e.getMessage()), e, i);
            }
        }
        try {
            deliveries.recordAll(changes);
        } catch (DeliveryProjection.KeptChanging e) {
            throw new BatchListenerFailedException(e.getMessage(), e, positions.get(e.index()));
        } catch (RuntimeException e) {
            throw new BatchListenerFailedException("Delivery batch not written: " + e.getMessage(), e, 0);
        }
        if (bad != null) {
            throw bad;
        }
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
            throw unexpected(event);
        }
        NotificationSent sent = event.data(json, NotificationSent.class);
        notifications.onNotificationSent(sent, event.occurredAt(sent.occurredAt()));
    }

    private static PoisonEventException unexpected(IncomingEvent event) {
        return new PoisonEventException("Unexpected event type " + event.type() + " on " + event.topic());
    }
}

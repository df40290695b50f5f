package vn.govcomm.publishing.publications;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.format.DateTimeParseException;

/** Reads campaign.events: a scheduled campaign becomes a publication; a cancelled one stops and is retracted. */
@Component
class CampaignEventsListener {

    private final Publications publications;
    private final Retractions retractions;

    CampaignEventsListener(Publications publications, Retractions retractions) {
        this.publications = publications;
        this.retractions = retractions;
    }

    @KafkaListener(topics = EventTypes.TOPIC_CAMPAIGN_EVENTS, groupId = "${govcomm.publishing.consumer-group:notice-publishing-service}.campaigns")
    void on(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        switch (event.type()) {
            case EventTypes.CAMPAIGN_SCHEDULED -> {
                Document scheduled = data(event, EventTypes.CAMPAIGN_SCHEDULED);
                try {
                    publications.schedule(scheduled, event.id());
                } catch (DateTimeParseException | NullPointerException | ClassCastException e) {
                    // a field missing or of the wrong type: retrying cannot help
                    throw new PoisonEventException("CampaignScheduled " + event.id() + " is malformed: " + e, e);
                }
                // an older version that has not gone out yet never will: the re-approved version replaces it
                retractions.supersedeUnsent(scheduled.getString("campaignId"), scheduled.getInteger("version"));
            }
            case EventTypes.CAMPAIGN_CANCELLED -> retractions.cancel(data(event, EventTypes.CAMPAIGN_CANCELLED)
                    .getString("campaignId"));
            default -> {
                // Other lifecycle events (submitted, approved, ...) do not concern the publisher.
            }
        }
    }

    /** The event's data through the kit's decoding (unreadable data is poison), with the campaignId every one has. */
    private static Document data(IncomingEvent event, String type) {
        Document data = event.document(type);
        if (data.getString("campaignId") == null) {
            throw new PoisonEventException("Campaign event " + event.id() + " has no campaignId");
        }
        return data;
    }
}

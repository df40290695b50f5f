package vn.govcomm.publishing.publications;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

/** Reads campaign.events: a scheduled campaign becomes a publication; a cancelled one stops and is retracted. */
@Component
class CampaignEventsListener {

    private final Publications publications;

    CampaignEventsListener(Publications publications) {
        this.publications = publications;
    }

    @KafkaListener(topics = "campaign.events", groupId = "${govcomm.publishing.consumer-group:notice-publishing-service}.campaigns")
    void on(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        switch (event.type()) {
            case "vn.govcomm.campaign.scheduled.v1" -> {
                Document scheduled = parse(event);
                try {
                    publications.schedule(scheduled, event.id());
                } catch (java.time.format.DateTimeParseException | NullPointerException | ClassCastException e) {
                    // a field missing or of the wrong type: retrying cannot help
                    throw new PoisonEventException("CampaignScheduled " + event.id() + " is malformed: " + e, e);
                }
            }
            case "vn.govcomm.campaign.cancelled.v1" -> publications.cancel(parse(event).getString("campaignId"));
            default -> {
                // Other lifecycle events (submitted, approved, ...) do not concern the publisher.
            }
        }
    }

    private static Document parse(IncomingEvent event) {
        try {
            Document data = Document.parse(event.dataAsString());
            if (data.getString("campaignId") == null) {
                throw new PoisonEventException("Campaign event " + event.id() + " has no campaignId");
            }
            return data;
        } catch (org.bson.json.JsonParseException e) {
            throw new PoisonEventException("Unreadable campaign event " + event.id(), e);
        }
    }
}

package vn.govcomm.publishing.publications;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.CampaignScheduled;
import vn.govcomm.contracts.events.CampaignTransitioned;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

/**
 * Reads campaign.events: a scheduled campaign becomes a publication; a cancelled one stops and is retracted. The data
 * is decoded into the contracts' records by the kit (unreadable data is poison); what the publisher cannot do
 * without is checked here, so a malformed event is poison before anything is stored.
 */
@Component
class CampaignEventsListener {

    private final Publications publications;
    private final Retractions retractions;
    private final PublicationScheduler scheduler;
    private final JsonMapper json;

    CampaignEventsListener(Publications publications, Retractions retractions, PublicationScheduler scheduler,
                           JsonMapper json) {
        this.publications = publications;
        this.retractions = retractions;
        this.scheduler = scheduler;
        this.json = json;
    }

    @KafkaListener(topics = EventTypes.TOPIC_CAMPAIGN_EVENTS, groupId = "${govcomm.publishing.consumer-group:notice-publishing-service}.campaigns")
    void on(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        switch (event.type()) {
            case EventTypes.CAMPAIGN_SCHEDULED -> {
                CampaignScheduled scheduled = scheduled(event);
                publications.schedule(scheduled, event.id());
                // an older version that has not gone out yet never will: the re-approved version replaces it
                retractions.supersedeUnsent(scheduled.campaignId(), scheduled.version());
            }
            case EventTypes.CAMPAIGN_CANCELLED -> {
                CampaignTransitioned cancelled = event.data(json, CampaignTransitioned.class);
                retractions.cancel(required(event, cancelled.campaignId(), "campaignId"));
            }
            default -> {
                // Other lifecycle events (submitted, approved, ...) do not concern the publisher.
            }
        }
        scheduler.wake(); // a campaign due now goes out at the next tick, not after the scheduler's rest
    }

    /**
     * What the publisher cannot do without: the campaign and its version, when it goes out and its window's end (read
     * as instants), a notice body to render and targets with their channels.
     */
    private CampaignScheduled scheduled(IncomingEvent event) {
        CampaignScheduled scheduled = event.data(json, CampaignScheduled.class);
        required(event, scheduled.campaignId(), "campaignId");
        if (scheduled.version() == null || scheduled.version() < 1) {
            throw new PoisonEventException("CampaignScheduled " + event.id() + " has no version");
        }
        event.instant(required(event, scheduled.publishAt(), "publishAt"), "publishAt");
        event.instant(required(event, scheduled.window() == null ? null : scheduled.window().endsAt(), "window.endsAt"),
                "window.endsAt");
        if (scheduled.notice() == null || scheduled.notice().bodyHtml() == null) {
            throw new PoisonEventException("CampaignScheduled " + event.id() + " has no notice body");
        }
        if (scheduled.targets() == null || scheduled.targets().stream()
                .anyMatch(t -> t == null || t.agencyId() == null || t.channels() == null)) {
            throw new PoisonEventException("CampaignScheduled " + event.id()
                    + " has no targets, or one without agency or channels");
        }
        return scheduled;
    }

    private static String required(IncomingEvent event, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("Campaign event " + event.id() + " has no " + field);
        }
        return value;
    }
}

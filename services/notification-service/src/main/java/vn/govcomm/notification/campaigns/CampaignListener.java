package vn.govcomm.notification.campaigns;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.notification.kafka.Batches;
import vn.govcomm.notification.kafka.Payloads;
import vn.govcomm.notification.notifications.Notification;
import vn.govcomm.notification.notifications.NotificationProperties;
import vn.govcomm.notification.notifications.Notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * campaign.events: CampaignScheduled keeps the plan (a newer version replaces it), CampaignCancelled stops its
 * reminders, CampaignSubmitted / Approved / Rejected queue news to the issuing agency's mailbox. Few events, so
 * one record at a time; every write is idempotent (version-guarded plan, deterministic notification ids).
 */
@Component
class CampaignListener {

    private static final Logger log = LoggerFactory.getLogger(CampaignListener.class);

    private final Plans plans;
    private final Notifications notifications;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration maxLateness;

    CampaignListener(Plans plans, Notifications notifications, JsonMapper json, Clock clock,
                     NotificationProperties properties) {
        this.plans = plans;
        this.notifications = notifications;
        this.json = json;
        this.clock = clock;
        this.maxLateness = properties.scheduler().maxLateness();
    }

    @KafkaListener(topics = EventTypes.TOPIC_CAMPAIGN_EVENTS,
            groupId = "${govcomm.notifications.group-prefix:notification-service}.campaigns")
    void on(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!event.type().startsWith(EventTypes.CAMPAIGN_TYPE_PREFIX)) {
            throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
        JsonNode data = Payloads.object(event, json);
        String campaignId = Payloads.required(event, data, "campaignId");
        Instant occurredAt = Batches.occurredAt(event, Payloads.text(data, "occurredAt"));
        switch (event.type()) {
            case EventTypes.CAMPAIGN_SCHEDULED -> plans.schedule(scheduled(event, data, campaignId, occurredAt), clock.instant());
            case EventTypes.CAMPAIGN_CANCELLED -> {
                Instant now = clock.instant();
                plans.cancel(campaignId, Payloads.text(data, "code"), Payloads.text(data, "title"),
                        Payloads.text(data, "issuingAgencyId"), now);
                notifications.cancelPending(campaignId, now);
            }
            case EventTypes.CAMPAIGN_SUBMITTED -> news(Notification.Kind.SUBMITTED, data, campaignId, occurredAt);
            case EventTypes.CAMPAIGN_APPROVED -> news(Notification.Kind.APPROVED, data, campaignId, occurredAt);
            case EventTypes.CAMPAIGN_REJECTED -> news(Notification.Kind.REJECTED, data, campaignId, occurredAt);
            default -> {
                // started, completed and later lifecycle events: nothing to tell anybody
            }
        }
    }

    private void news(Notification.Kind kind, JsonNode data, String campaignId, Instant occurredAt) {
        Plan campaign = plans.noteTransition(campaignId, Payloads.text(data, "code"), Payloads.text(data, "title"),
                Payloads.text(data, "issuingAgencyId"));
        Instant now = clock.instant();
        if (campaign.issuingAgencyId() == null) {
            log.warn("{} of campaign {} names no issuing agency: nobody to tell", kind, campaignId);
            return;
        }
        if (occurredAt.plus(maxLateness).isBefore(now)) {
            // A replay of old history (new consumer group, empty database): that news is no news any more.
            log.info("{} of campaign {} happened at {}, more than {} days ago: not sent", kind, campaignId, occurredAt,
                    maxLateness.toDays());
            return;
        }
        Notification draft = Notification.draft(kind, Notification.Audience.ISSUER, campaignId, campaign.issuingAgencyId(),
                        occurredAt)
                .campaign(campaign.code(), campaign.title(), campaign.issuingAgencyId(), campaign.deadline())
                .news(Payloads.text(data, "actor"), Payloads.text(data, "comment"), Payloads.texts(data, "reasons"));
        notifications.queue(List.of(draft), now);
    }

    private static Plans.Scheduled scheduled(IncomingEvent event, JsonNode data, String campaignId, Instant occurredAt) {
        int version = data.path("version").asInt(0);
        if (version < 1) {
            throw new PoisonEventException("CampaignScheduled " + event.id() + " without a version");
        }
        Map<String, List<String>> targets = new LinkedHashMap<>();
        for (JsonNode target : data.path("targets")) {
            String agencyId = Payloads.text(target, "agencyId");
            List<String> channels = Payloads.texts(target, "channels");
            if (agencyId == null || channels.stream().anyMatch(c -> !Channels.isKnown(c))) {
                throw new PoisonEventException("CampaignScheduled " + event.id() + " has a target without agency or with an unknown channel");
            }
            targets.merge(agencyId, channels, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                b.stream().filter(c -> !all.contains(c)).forEach(all::add);
                return all;
            });
        }
        String deadline = Payloads.text(data, "deadline");
        if (deadline == null) {
            deadline = Payloads.text(data.path("window"), "endsAt");
        }
        if (deadline == null) {
            throw new PoisonEventException("CampaignScheduled " + event.id() + " has neither a deadline nor a window end");
        }
        List<Integer> offsets = new ArrayList<>();
        JsonNode reminders = data.path("reminders").path("offsetsDays");
        if (reminders.isArray()) {
            reminders.forEach(d -> offsets.add(d.asInt()));
        } else {
            offsets.addAll(Schedule.DEFAULT_OFFSETS);
        }
        return new Plans.Scheduled(campaignId, version, Payloads.required(event, data, "code"),
                Payloads.text(data.path("notice"), "title"), Payloads.required(event, data, "issuingAgencyId"), targets,
                Batches.instant(deadline, "deadline of " + event.id()), offsets, Payloads.texts(data, "observers"), occurredAt);
    }
}

package vn.govcomm.notification.campaigns;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.CampaignScheduled;
import vn.govcomm.contracts.events.CampaignTransitioned;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;
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
import java.util.Objects;

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
        switch (event.type()) {
            case EventTypes.CAMPAIGN_SCHEDULED -> plans.schedule(scheduled(event), clock.instant());
            case EventTypes.CAMPAIGN_CANCELLED -> {
                CampaignTransitioned cancelled = transition(event);
                Instant now = clock.instant();
                plans.cancel(cancelled.campaignId(), cancelled.code(), cancelled.title(), cancelled.issuingAgencyId(),
                        now);
                notifications.cancelPending(cancelled.campaignId(), now);
            }
            case EventTypes.CAMPAIGN_SUBMITTED -> news(Notification.Kind.SUBMITTED, event);
            case EventTypes.CAMPAIGN_APPROVED -> news(Notification.Kind.APPROVED, event);
            case EventTypes.CAMPAIGN_REJECTED -> news(Notification.Kind.REJECTED, event);
            case EventTypes.CAMPAIGN_STARTED, EventTypes.CAMPAIGN_COMPLETED -> transition(event); // read, nothing to tell
            default -> {
                // later lifecycle events: nothing to tell anybody (their payload is not known to this version)
            }
        }
    }

    /** A transition's data; without campaignId or with an unreadable occurredAt it is poison (as for every type). */
    private CampaignTransitioned transition(IncomingEvent event) {
        CampaignTransitioned transition = event.data(json, CampaignTransitioned.class);
        Payloads.required(event, transition.campaignId(), "campaignId");
        event.occurredAt(transition.occurredAt());
        return transition;
    }

    private void news(Notification.Kind kind, IncomingEvent event) {
        CampaignTransitioned transition = transition(event);
        String campaignId = transition.campaignId();
        Instant occurredAt = event.occurredAt(transition.occurredAt());
        Plan campaign = plans.noteTransition(campaignId, transition.code(), transition.title(),
                transition.issuingAgencyId());
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
                .news(transition.actor(), transition.actorName(), transition.comment(),
                        transition.reasons() == null ? List.of() : transition.reasons());
        notifications.queue(List.of(draft), now);
    }

    private Plans.Scheduled scheduled(IncomingEvent event) {
        CampaignScheduled data = event.data(json, CampaignScheduled.class);
        String campaignId = Payloads.required(event, data.campaignId(), "campaignId");
        Instant occurredAt = event.occurredAt(data.occurredAt());
        if (data.version() == null || data.version() < 1) {
            throw new PoisonEventException("CampaignScheduled " + event.id() + " without a version");
        }
        Map<String, List<String>> targets = new LinkedHashMap<>();
        List<CampaignScheduled.Target> planned = data.targets() == null ? List.of() : data.targets();
        for (CampaignScheduled.Target target : planned) {
            List<String> channels = target == null || target.channels() == null ? List.of() : target.channels();
            if (target == null || target.agencyId() == null || channels.stream().anyMatch(c -> !Channels.isKnown(c))) {
                throw new PoisonEventException("CampaignScheduled " + event.id()
                        + " has a target without agency or with an unknown channel");
            }
            targets.merge(target.agencyId(), channels, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                b.stream().filter(c -> !all.contains(c)).forEach(all::add);
                return all;
            });
        }
        String deadline = data.deadline() != null ? data.deadline()
                : data.window() == null ? null : data.window().endsAt();
        if (deadline == null) {
            throw new PoisonEventException("CampaignScheduled " + event.id() + " has neither a deadline nor a window end");
        }
        List<Integer> offsets = data.reminders() == null || data.reminders().offsetsDays() == null
                ? Schedule.DEFAULT_OFFSETS : data.reminders().offsetsDays();
        if (offsets.stream().anyMatch(Objects::isNull)) {
            throw new PoisonEventException("CampaignScheduled " + event.id() + " has a reminder offset that is null");
        }
        return new Plans.Scheduled(campaignId, data.version(), Payloads.required(event, data.code(), "code"),
                data.notice() == null ? null : data.notice().title(),
                Payloads.required(event, data.issuingAgencyId(), "issuingAgencyId"), targets,
                event.instant(deadline, "deadline"), offsets, data.observers() == null ? List.of() : data.observers(),
                occurredAt);
    }
}

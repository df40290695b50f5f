package vn.govcomm.campaign.campaigns;

import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.campaign.attachments.FileLinks;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.Attachment;
import vn.govcomm.contracts.events.CampaignScheduled;
import vn.govcomm.contracts.events.CampaignTransitioned;
import vn.govcomm.contracts.events.LedSchedule;
import vn.govcomm.contracts.events.Priority;
import vn.govcomm.contracts.events.Window;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the campaign.events payloads: the contracts' records ({@code vn.govcomm.contracts.events}). */
class CampaignEvents {

    static final String SOURCE = "/services/campaign-service";
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    /** RFC 3339 with seconds always present (OffsetDateTime.toString() drops ":00", which RFC 3339 forbids). */
    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final JsonMapper json;
    private final FileLinks links;

    CampaignEvents(JsonMapper json, FileLinks links) {
        this.json = json;
        this.links = links;
    }

    /** The event of a lifecycle transition, named as the decision in the campaign's history ("approved", ...). */
    OutgoingEvent transitioned(Campaign c, String transition, CampaignStatus from, String actor, String actorName,
                               String comment, List<String> reasons, Instant at) {
        CampaignTransitioned data = new CampaignTransitioned(c.getId(), c.getCode(), c.getNotice().title(),
                c.getIssuingAgencyId(), c.getNoticeVersion(), wire(from), wire(c.getStatus()), actor, actorName, comment,
                reasons == null || reasons.isEmpty() ? null : reasons, at.toString());
        return event(transitionType(transition), c, data, at);
    }

    /** A lifecycle state as the contract names it (the same names). */
    static CampaignTransitioned.Status wire(CampaignStatus status) {
        return CampaignTransitioned.Status.valueOf(status.name());
    }

    private static String transitionType(String transition) {
        return switch (transition) {
            case "submitted" -> EventTypes.CAMPAIGN_SUBMITTED;
            case "approved" -> EventTypes.CAMPAIGN_APPROVED;
            case "rejected" -> EventTypes.CAMPAIGN_REJECTED;
            case "started" -> EventTypes.CAMPAIGN_STARTED;
            case "cancelled" -> EventTypes.CAMPAIGN_CANCELLED;
            case "completed" -> EventTypes.CAMPAIGN_COMPLETED;
            default -> throw new IllegalArgumentException("No campaign event for the transition " + transition);
        };
    }

    OutgoingEvent scheduled(Campaign c, Instant at) {
        return event(EventTypes.CAMPAIGN_SCHEDULED, c, scheduledData(c.getId(),
                c.getIssuingAgencyId(), c.getNoticeVersion(), c.content(), c.publishedTargets(), at), at);
    }

    /** The data of CampaignScheduled for this content and these (resolved) targets. */
    private CampaignScheduled scheduledData(String campaignId, String issuingAgencyId, int version,
                                                   Campaign.Content content, List<Campaign.Target> targets, Instant at) {
        Campaign.Reminders reminders = content.reminders() == null ? Campaign.Reminders.DEFAULT : content.reminders();
        // Always explicit, though the contract defaults them (window end, [-3, 0, 2]): what the officer saw is sent.
        Instant deadline = content.deadline() == null ? content.window().endsAt() : content.deadline();
        Window window = new Window(rfc3339(content.window().startsAt()), rfc3339(content.window().endsAt()), ZONE.getId());
        return new CampaignScheduled(campaignId, content.code(), version, issuingAgencyId,
                nullIfEmpty(content.legalReferences()), notice(content.notice()),
                // Resolved at approval: the publisher receives agency ids only, never groups.
                targets(targets), window, rfc3339(deadline), rfc3339(content.publishAt()),
                content.priority() == null ? null : Priority.valueOf(content.priority()),
                ledSchedule(content.ledSchedule()), nullIfEmpty(content.observers()),
                new CampaignScheduled.Reminders(reminders.offsetsDays()), at.toString());
    }

    private static String rfc3339(Instant instant) {
        return RFC3339.format(instant.atZone(ZONE));
    }

    private static List<CampaignScheduled.Target> targets(List<Campaign.Target> targets) {
        return targets.stream().map(t -> new CampaignScheduled.Target(t.agencyId(), t.channels())).toList();
    }

    /**
     * What is wrong when the CampaignScheduled this content would publish (its Kafka record value, the CloudEvent
     * data in binary mode, UTF-8 JSON) is larger than {@code maxBytes}: one {@code too-large} problem naming the
     * field that takes most of it. Empty when it fits. The largest event of a campaign is CampaignScheduled (the
     * others carry the title only), so this bounds them all.
     */
    List<FieldProblem> oversized(String campaignId, String issuingAgencyId, int version, Campaign.Content content,
                                 List<Campaign.Target> resolvedTargets, long maxBytes) {
        long total = json.writeValueAsBytes(scheduledData(campaignId, issuingAgencyId, version, content,
                resolvedTargets, Instant.now())).length;
        if (total <= maxBytes) {
            return List.of();
        }
        Campaign.Notice n = content.notice();
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("notice.bodyHtml", n.bodyHtml());
        parts.put("notice.facebookText", n.facebookText());
        parts.put("notice.summary", n.summary());
        parts.put("notice.title", n.title());
        parts.put("notice.ledText", n.ledText());
        parts.put("notice.zaloArticle", n.zaloArticle());
        parts.put("notice.attachmentIds", n.attachments() == null ? null
                : n.attachments().stream().map(this::attachment).toList());
        parts.put("targets", targets(resolvedTargets));
        parts.put("legalReferences", content.legalReferences());
        parts.put("observers", content.observers());
        String field = "notice";
        long largest = -1;
        for (Map.Entry<String, Object> part : parts.entrySet()) {
            long size = part.getValue() == null ? 0 : json.writeValueAsBytes(part.getValue()).length;
            if (size > largest) {
                largest = size;
                field = part.getKey();
            }
        }
        String would = kilobytes(total);
        String limit = kilobytes(maxBytes);
        String takes = kilobytes(largest);
        return List.of(new FieldProblem(field, "too-large",
                "Nội dung quá lớn để phát hành: bản tin sẽ có " + would + ", tối đa " + limit + " (trường này chiếm "
                        + takes + ")",
                "Too large to publish: the event would be " + would + ", at most " + limit + " (this field takes "
                        + takes + ")"));
    }

    private static String kilobytes(long bytes) {
        return ((bytes + 1023) / 1024) + " KB";
    }

    /** The notice as channels get it: its pictures and files at their public addresses (attachments/FileLinks). */
    private CampaignScheduled.Notice notice(Campaign.Notice n) {
        Campaign.ZaloArticle z = n.zaloArticle();
        return new CampaignScheduled.Notice(n.title(), n.summary(), links.publicBody(n.bodyHtml()), n.ledText(),
                n.facebookText(), z == null ? null
                        : new CampaignScheduled.ZaloArticle(z.title(), z.author(), z.description(), z.coverUrl()),
                n.attachments() == null || n.attachments().isEmpty() ? null
                        : n.attachments().stream().map(this::attachment).toList());
    }

    private Attachment attachment(Campaign.Attachment a) {
        return new Attachment(a.name(), a.mediaType(), links.publicUrl(a.attachmentId()), a.sizeBytes());
    }

    /** Days validated by CampaignValidation (the contract's names). */
    private static LedSchedule ledSchedule(Campaign.LedSchedule s) {
        if (s == null) {
            return null;
        }
        return new LedSchedule(s.repeatEveryMinutes(), s.durationSec(), s.openingHours() == null ? null
                : s.openingHours().stream().map(h -> new LedSchedule.OpeningHours(h.days() == null ? null
                        : h.days().stream().map(LedSchedule.Day::valueOf).toList(), h.from(), h.to())).toList());
    }

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    private OutgoingEvent event(String type, Campaign c, Record data, Instant at) {
        return OutgoingEvent.of(EventTypes.TOPIC_CAMPAIGN_EVENTS, c.getId(), type, SOURCE, c.getId(),
                Contracts.get().contract(type).dataschema(), at, json.writeValueAsString(data));
    }
}

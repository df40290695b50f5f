package vn.govcomm.campaign.campaigns;

import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the campaign.events payloads exactly as contracts/ describes them. */
class CampaignEvents {

    static final String SOURCE = "/services/campaign-service";
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    /** RFC 3339 with seconds always present (OffsetDateTime.toString() drops ":00", which RFC 3339 forbids). */
    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final JsonMapper json;

    CampaignEvents(JsonMapper json) {
        this.json = json;
    }

    /** The event of a lifecycle transition, named as the decision in the campaign's history ("approved", ...). */
    OutgoingEvent transitioned(Campaign c, String transition, CampaignStatus from, String actor, String comment,
                               List<String> reasons, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignId", c.getId());
        data.put("code", c.getCode());
        data.put("title", c.getNotice().title());
        data.put("issuingAgencyId", c.getIssuingAgencyId());
        data.put("version", c.getNoticeVersion());
        data.put("fromStatus", from.name());
        data.put("toStatus", c.getStatus().name());
        data.put("actor", actor);
        if (comment != null) {
            data.put("comment", comment);
        }
        if (reasons != null && !reasons.isEmpty()) {
            data.put("reasons", reasons);
        }
        data.put("occurredAt", at.toString());
        return event(transitionType(transition), c, data, at);
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
    private Map<String, Object> scheduledData(String campaignId, String issuingAgencyId, int version,
                                              Campaign.Content content, List<Campaign.Target> targets, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignId", campaignId);
        data.put("code", content.code());
        data.put("version", version);
        data.put("issuingAgencyId", issuingAgencyId);
        if (content.legalReferences() != null && !content.legalReferences().isEmpty()) {
            data.put("legalReferences", content.legalReferences());
        }
        data.put("notice", notice(content.notice()));
        // Resolved at approval: the publisher receives agency ids only, never groups.
        data.put("targets", targets(targets));
        data.put("window", Map.of(
                "startsAt", RFC3339.format(content.window().startsAt().atZone(ZONE)),
                "endsAt", RFC3339.format(content.window().endsAt().atZone(ZONE)),
                "timeZone", ZONE.getId()));
        // Always explicit, though the contract defaults them (window end, [-3, 0, 2]): what the officer saw is sent.
        data.put("deadline", RFC3339.format((content.deadline() == null ? content.window().endsAt() : content.deadline())
                .atZone(ZONE)));
        data.put("publishAt", RFC3339.format(content.publishAt().atZone(ZONE)));
        data.put("priority", content.priority());
        if (content.ledSchedule() != null) {
            data.put("ledSchedule", withoutNulls(json.convertValue(content.ledSchedule(), Map.class)));
        }
        if (content.observers() != null && !content.observers().isEmpty()) {
            data.put("observers", content.observers());
        }
        Campaign.Reminders reminders = content.reminders() == null ? Campaign.Reminders.DEFAULT : content.reminders();
        data.put("reminders", Map.of("offsetsDays", reminders.offsetsDays()));
        data.put("occurredAt", at.toString());
        return data;
    }

    private static List<Map<String, Object>> targets(List<Campaign.Target> targets) {
        return targets.stream().map(t -> Map.<String, Object>of("agencyId", t.agencyId(), "channels", t.channels())).toList();
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
                : n.attachments().stream().map(CampaignEvents::attachment).toList());
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

    private Map<String, Object> notice(Campaign.Notice n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", n.title());
        if (n.summary() != null) m.put("summary", n.summary());
        m.put("bodyHtml", n.bodyHtml());
        if (n.ledText() != null) m.put("ledText", n.ledText());
        if (n.facebookText() != null) m.put("facebookText", n.facebookText());
        if (n.zaloArticle() != null) m.put("zaloArticle", withoutNulls(json.convertValue(n.zaloArticle(), Map.class)));
        if (n.attachments() != null && !n.attachments().isEmpty()) {
            m.put("attachments", n.attachments().stream().map(CampaignEvents::attachment).toList());
        }
        return m;
    }

    private static Map<String, Object> attachment(Campaign.Attachment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("mediaType", a.mediaType());
        m.put("url", a.url());
        if (a.sizeBytes() != null) {
            m.put("sizeBytes", a.sizeBytes());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNulls(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v instanceof Map<?, ?> nested) {
                out.put((String) k, withoutNulls(nested));
            } else if (v instanceof List<?> list) {
                out.put((String) k, list.stream().map(i -> i instanceof Map<?, ?> m ? withoutNulls(m) : i).toList());
            } else if (v != null) {
                out.put((String) k, v);
            }
        });
        return out;
    }

    private OutgoingEvent event(String type, Campaign c, Map<String, Object> data, Instant at) {
        return OutgoingEvent.of(EventTypes.TOPIC_CAMPAIGN_EVENTS, c.getId(), type, SOURCE, c.getId(),
                Contracts.get().contract(type).dataschema(), at, json.writeValueAsString(data));
    }
}

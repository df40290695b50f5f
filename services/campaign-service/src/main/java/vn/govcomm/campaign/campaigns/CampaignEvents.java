package vn.govcomm.campaign.campaigns;

import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the campaign.events payloads exactly as contracts/ describes them. */
class CampaignEvents {

    static final String TOPIC = "campaign.events";
    static final String SOURCE = "/services/campaign-service";
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    /** RFC 3339 with seconds always present (OffsetDateTime.toString() drops ":00", which RFC 3339 forbids). */
    static final java.time.format.DateTimeFormatter RFC3339 = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final String SCHEMA_BASE = "https://govcomm.vn/contracts/schemas/";

    private final JsonMapper json;

    CampaignEvents(JsonMapper json) {
        this.json = json;
    }

    OutgoingEvent transitioned(Campaign c, String type, CampaignStatus from, String actor, String comment,
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
        return event("vn.govcomm.campaign." + type + ".v1", "campaign-transitioned", c, data, at);
    }

    OutgoingEvent scheduled(Campaign c, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignId", c.getId());
        data.put("code", c.getCode());
        data.put("version", c.getNoticeVersion());
        data.put("issuingAgencyId", c.getIssuingAgencyId());
        if (c.getLegalReferences() != null && !c.getLegalReferences().isEmpty()) {
            data.put("legalReferences", c.getLegalReferences());
        }
        data.put("notice", notice(c.getNotice()));
        // Resolved at approval: the publisher receives agency ids only, never groups.
        data.put("targets", c.publishedTargets().stream()
                .map(t -> Map.of("agencyId", t.agencyId(), "channels", t.channels())).toList());
        data.put("window", Map.of(
                "startsAt", RFC3339.format(c.getWindow().startsAt().atZone(ZONE)),
                "endsAt", RFC3339.format(c.getWindow().endsAt().atZone(ZONE)),
                "timeZone", ZONE.getId()));
        data.put("publishAt", RFC3339.format(c.getPublishAt().atZone(ZONE)));
        data.put("priority", c.getPriority());
        if (c.getLedSchedule() != null) {
            data.put("ledSchedule", withoutNulls(json.convertValue(c.getLedSchedule(), Map.class)));
        }
        if (c.getObservers() != null && !c.getObservers().isEmpty()) {
            data.put("observers", c.getObservers());
        }
        data.put("occurredAt", at.toString());
        return event("vn.govcomm.campaign.scheduled.v1", "campaign-scheduled", c, data, at);
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

    private OutgoingEvent event(String type, String schema, Campaign c, Map<String, Object> data, Instant at) {
        return OutgoingEvent.of(TOPIC, c.getId(), type, SOURCE, c.getId(), SCHEMA_BASE + schema + ".v1.json", at,
                json.writeValueAsString(data));
    }
}

package vn.govcomm.notification.notifications;

import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds NotificationSent (vn.govcomm.notification.sent.v1) exactly as contracts/ describes it. Key = campaignId. */
final class NotificationEvents {

    static final String SOURCE = "/services/notification-service";
    static final String SCHEMA = Contracts.SCHEMA_BASE + "notification-sent.v1.json";
    /** RFC 3339 with the seconds always written, in the platform's zone (as the example: 08:00:00+07:00). */
    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(Letters.ZONE);
    private static final int MAX_RECIPIENTS = 50;
    private static final int MAX_REASON = 1000;

    private final JsonMapper json;

    NotificationEvents(JsonMapper json) {
        this.json = json;
    }

    OutgoingEvent sent(Notification n, Instant now) {
        return OutgoingEvent.of(EventTypes.TOPIC_NOTIFICATION_EVENTS, n.campaignId(), EventTypes.NOTIFICATION_SENT,
                SOURCE, n.id(), SCHEMA, now, json.writeValueAsString(data(n, now)));
    }

    static Map<String, Object> data(Notification n, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("notificationId", n.id());
        data.put("campaignId", n.campaignId());
        data.put("kind", n.kind().name());
        data.put("recipientAgencyId", n.recipientAgencyId());
        List<String> recipients = n.recipients();
        if (!recipients.isEmpty()) {
            data.put("recipients", recipients.size() > MAX_RECIPIENTS ? recipients.subList(0, MAX_RECIPIENTS) : recipients);
        }
        data.put("transport", "email");
        data.put("outcome", n.outcome());
        if (n.reason() != null) {
            data.put("reason", n.reason().length() > MAX_REASON ? n.reason().substring(0, MAX_REASON) : n.reason());
        }
        if (n.dueAt() != null) {
            data.put("dueAt", RFC3339.format(n.dueAt()));
        }
        if (!n.missingChannels().isEmpty()) {
            data.put("missingChannels", n.missingChannels());
        }
        if (n.subject() != null) {
            data.put("subject", n.subject());
        }
        if (n.messageId() != null) {
            data.put("messageId", n.messageId());
        }
        data.put("occurredAt", now.toString());
        return data;
    }
}

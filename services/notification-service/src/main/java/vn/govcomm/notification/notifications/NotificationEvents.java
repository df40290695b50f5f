package vn.govcomm.notification.notifications;

import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.NotificationSent;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Builds NotificationSent (the contracts' record, vn.govcomm.notification.sent.v1). Key = campaignId. */
final class NotificationEvents {

    static final String SOURCE = "/services/notification-service";
    static final String SCHEMA = Contracts.get().contract(EventTypes.NOTIFICATION_SENT).dataschema();
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

    private static NotificationSent data(Notification n, Instant now) {
        List<String> recipients = n.recipients().size() > MAX_RECIPIENTS
                ? n.recipients().subList(0, MAX_RECIPIENTS) : n.recipients();
        String reason = n.reason() != null && n.reason().length() > MAX_REASON
                ? n.reason().substring(0, MAX_REASON) : n.reason();
        return new NotificationSent(n.id(), n.campaignId(), NotificationSent.Kind.valueOf(n.kind().name()),
                n.recipientAgencyId(), recipients.isEmpty() ? null : recipients,
                // Zalo as a transport is not built (README): every notification is an e-mail.
                NotificationSent.Transport.EMAIL, NotificationSent.Outcome.valueOf(n.outcome()), reason,
                n.dueAt() == null ? null : RFC3339.format(n.dueAt()),
                n.missingChannels().isEmpty() ? null : n.missingChannels(), n.subject(), n.messageId(), now.toString());
    }
}

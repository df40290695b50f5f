package vn.govcomm.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/**
 * One notification to one agency's mailbox (or one observer), sent or failed ({@code vn.govcomm.notification.sent.v1},
 * {@code schemas/notification-sent.v1.json}; key = campaignId). {@code notificationId} is deterministic (campaign,
 * kind, due time, recipient agency) and the dedupe key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NotificationSent(
        String notificationId,
        String campaignId,
        Kind kind,
        String recipientAgencyId,
        List<String> recipients,
        Transport transport,
        Outcome outcome,
        String reason,
        String dueAt,
        List<String> missingChannels,
        String subject,
        String messageId,
        String occurredAt) {

    public enum Kind {
        /** Before or on the deadline, to a target agency that has not complied. */
        REMINDER,
        /** After the deadline, to a target agency that has not complied. */
        ESCALATION,
        /** A copy for one of the campaign's observers. */
        OBSERVER_COPY,
        /** To the issuing agency's approvers. */
        SUBMITTED,
        /** To the issuing agency's officers. */
        APPROVED,
        /** To the issuing agency's officers. */
        REJECTED
    }

    /** How it was sent; the wire names are lower case. */
    public enum Transport {
        EMAIL("email"), ZALO("zalo");

        private final String wireName;

        Transport(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }
    }

    public enum Outcome {
        SENT, FAILED
    }
}

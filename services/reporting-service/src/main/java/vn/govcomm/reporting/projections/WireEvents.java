package vn.govcomm.reporting.projections;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.IncomingEvent;

import java.util.List;

/**
 * What this service reads of each event's data: consumer-side views of the contracts' schemas
 * ({@code contracts/schemas/*.v1.json}), decoded by the kit ({@link IncomingEvent#data}), so data that is not JSON or
 * has a field of the wrong type (a status that is not a {@link DeliveryStatus}, a notification kind the contract does
 * not list) is poison there, as for every consumer. Only the fields the read models use; the others are ignored
 * (tolerant reader). Which fields an event cannot do without is the projection's business (each checks its own).
 */
public final class WireEvents {

    private WireEvents() {
    }

    /** CampaignScheduled ({@code campaign-scheduled.v1.json}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CampaignScheduled(String campaignId, String code, Integer version, String issuingAgencyId,
                                    Notice notice, List<Target> targets, Window window, String publishAt,
                                    String deadline, List<String> legalReferences, String occurredAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Notice(String title) {
    }

    /** One agency of the plan and the channels required of it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Target(String agencyId, List<String> channels) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Window(String startsAt, String endsAt, String timeZone) {
    }

    /** Every other event of campaign.events ({@code campaign-transitioned.v1.json}; the ce_type tells which). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CampaignTransitioned(String campaignId, String code, String title, String issuingAgencyId,
                                       String toStatus, String occurredAt) {
    }

    /** AgencyChanged ({@code agency-changed.v1.json}): a directory snapshot. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AgencyChanged(String agencyId, String name, String shortName, String type, String parentId,
                                List<String> groups, Boolean active, List<Endpoint> endpoints, String occurredAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Endpoint(String channel) {
    }

    /**
     * DeliveryRequested ({@code delivery-requested.v1.json}) or DeliveryStatusChanged
     * ({@code delivery-status-changed.v1.json}): what a delivery row takes from either. {@code status} comes with
     * the latter only (a request means DISPATCHED), {@code endpointName} with the former only.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeliveryEvent(String deliveryId, String campaignId, String agencyId, String channel,
                                String endpointId, Integer attempt, DeliveryStatus status, String reasonCode,
                                String reason, String externalRef, String permalink, String endpointName,
                                String occurredAt) {
    }

    /** NotificationSent ({@code notification-sent.v1.json}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NotificationSent(String notificationId, String campaignId, String recipientAgencyId,
                                   NotificationKind kind, NotificationOutcome outcome, String transport, String dueAt,
                                   String reason, String occurredAt) {
    }

    /** The {@code kind} enum of NotificationSent. */
    public enum NotificationKind {
        /** Before or on the deadline, to a target agency that has not complied. */
        REMINDER,
        /** After the deadline, to a target agency that has not complied. */
        ESCALATION,
        OBSERVER_COPY, SUBMITTED, APPROVED, REJECTED;

        /** Addressed to a target agency about its own compliance (the reports show these). */
        public boolean reminds() {
            return this == REMINDER || this == ESCALATION;
        }
    }

    /** The {@code outcome} enum of NotificationSent. */
    public enum NotificationOutcome { SENT, FAILED }
}

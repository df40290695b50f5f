package vn.govcomm.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a channel adapter observed about a delivery, never further along than the channel proved
 * ({@code vn.govcomm.delivery.status-changed.v1}, {@code schemas/delivery-status-changed.v1.json}; key = deliveryId).
 * Consumers tolerate duplicates and out-of-order arrival (the kit's {@code DeliveryStatus.canMoveTo}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryStatusChanged(
        String deliveryId,
        String campaignId,
        String agencyId,
        String channel,
        String endpointId,
        Status status,
        Integer attempt,
        String reasonCode,
        String reason,
        String externalRef,
        String permalink,
        String occurredAt) {

    /**
     * A delivery's status on the wire ({@code _common.v1.json#/$defs/deliveryStatus}). The rules (rank, terminal,
     * which moves are allowed) are the kit's {@code DeliveryStatus}, which has these names and converts by them.
     */
    public enum Status {
        PENDING, DISPATCHED, RETRYING, ACCEPTED, PUBLISHED, FETCHED, DISPLAYED, FAILED, CANCELLED, EXPIRED
    }
}

package vn.govcomm.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Take a delivery back where the channel supports it ({@code vn.govcomm.delivery.retracted.v1},
 * {@code schemas/delivery-retracted.v1.json}): same topic and key as its {@link DeliveryRequested}, so it is ordered
 * after it. The adapter that holds the delivery reports what became of it on {@code delivery.status.<channel>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryRetracted(
        String deliveryId,
        String campaignId,
        String agencyId,
        String channel,
        String endpointId,
        String externalId,
        Reason reason,
        String occurredAt) {

    /** Why; adapters report it as the status's {@code reasonCode}. */
    public enum Reason {
        /** The campaign was cancelled: the delivery becomes CANCELLED. */
        CAMPAIGN_CANCELLED,
        /** The campaign window ended: what was not achieved becomes EXPIRED. */
        WINDOW_ENDED,
        /** A newer notice version went out: the older one's delivery becomes CANCELLED. */
        SUPERSEDED
    }
}

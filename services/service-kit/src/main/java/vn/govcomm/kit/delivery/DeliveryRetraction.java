package vn.govcomm.kit.delivery;

/** Consumer-side view of DeliveryRetracted (contracts/schemas/delivery-retracted.v1.json). */
public record DeliveryRetraction(String deliveryId, String campaignId, String agencyId, String channel,
                                 String endpointId, String externalId, String reason, String occurredAt) {
}

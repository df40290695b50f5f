package vn.govcomm.publishing.deliveries;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.bson.Document;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.delivery.DeliveryRequest;
import vn.govcomm.kit.delivery.DeliveryRequest.Content;
import vn.govcomm.kit.delivery.DeliveryRequest.LedSchedule;
import vn.govcomm.kit.delivery.DeliveryRequest.OpeningHours;
import vn.govcomm.kit.delivery.DeliveryRequest.Window;
import vn.govcomm.kit.delivery.DeliveryRetraction;
import vn.govcomm.kit.events.OutgoingEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds DeliveryRequested (contracts/schemas/delivery-requested.v1.json) and DeliveryRetracted
 * (delivery-retracted.v1.json) events from the kit's records the adapters decode them into ({@link DeliveryRequest},
 * {@link DeliveryRetraction}): one shape on both sides. Their ce_id is derived from the delivery id, attempt and
 * kind, so an event re-sent after a crash carries the same dedupe key as the first copy.
 */
final class DeliveryFactory {

    private static final String SCHEMA_REQUESTED = Contracts.get().contract(EventTypes.DELIVERY_REQUESTED).dataschema();
    private static final String SCHEMA_RETRACTED = Contracts.get().contract(EventTypes.DELIVERY_RETRACTED).dataschema();
    static final String SOURCE = "/services/notice-publishing-service";

    /** The kit's JSON mapper, leaving absent fields out: no field of the contracts' schemas may be null. */
    private final JsonMapper wire;

    DeliveryFactory(JsonMapper json) {
        this.wire = json.rebuild()
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    static String eventId(String kind, String deliveryId, int attempt) {
        return UUID.nameUUIDFromBytes((kind + "|" + deliveryId + "|" + attempt).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The request of one delivery: the campaign's notice rendered for the endpoint, at {@code now}. */
    DeliveryRequest request(Document campaign, Rendering.Renderer renderer, String agencyId, String channel,
                            Document endpoint, int attempt, Instant now) {
        String campaignId = campaign.getString("campaignId");
        int version = campaign.getInteger("version");
        Document window = campaign.get("window", Document.class);
        // when the agency must have published: the campaign's deadline, else the window end
        String deadline = campaign.getString("deadline") != null ? campaign.getString("deadline") : window.getString("endsAt");
        return new DeliveryRequest(
                Deliveries.deliveryId(campaignId, version, agencyId, endpoint.getString("endpointId")),
                campaignId,
                version,
                agencyId,
                channel,
                endpoint.getString("endpointId"),
                endpoint.getString("externalId"),
                renderer.render(channel, endpoint),
                new Window(window.getString("startsAt"), window.getString("endsAt"), window.getString("timeZone")),
                campaign.getString("publishAt"),
                campaign.getString("priority"),
                Channels.LED.equals(channel) ? ledSchedule(campaign.get("ledSchedule", Document.class)) : null,
                attempt,
                now.toString(),
                present(campaign.getString("code")),
                present(campaign.getString("issuingAgencyId")),
                present(endpoint.getString("displayName")),
                deadline);
    }

    OutgoingEvent requested(DeliveryRequest request, Instant now) {
        return new OutgoingEvent(eventId("requested", request.deliveryId(), request.attempt()),
                EventTypes.deliveryRequestsTopic(request.channel()), request.endpointId(), EventTypes.DELIVERY_REQUESTED,
                SOURCE, request.deliveryId(), SCHEMA_REQUESTED, now, wire.writeValueAsString(request));
    }

    /** A retraction of a stored delivery; same topic and key as its requests, so it is ordered after them. */
    OutgoingEvent retracted(Document delivery, String reason, Instant now) {
        String deliveryId = delivery.getString("_id");
        DeliveryRetraction retraction = new DeliveryRetraction(deliveryId, delivery.getString("campaignId"),
                delivery.getString("agencyId"), delivery.getString("channel"), delivery.getString("endpointId"),
                delivery.getString("externalId"), reason, now.toString());
        return new OutgoingEvent(eventId("retracted:" + reason, deliveryId, delivery.getInteger("attempt", 1)),
                EventTypes.deliveryRequestsTopic(retraction.channel()), retraction.endpointId(),
                EventTypes.DELIVERY_RETRACTED, SOURCE, deliveryId, SCHEMA_RETRACTED, now, wire.writeValueAsString(retraction));
    }

    /** Rendered content as a request carries it (absent fields left out), for views that show it. */
    Map<String, Object> asSent(Content content) {
        return wire.convertValue(content, new TypeReference<Map<String, Object>>() { });
    }

    private static LedSchedule ledSchedule(Document schedule) {
        if (schedule == null) {
            return null;
        }
        List<OpeningHours> openingHours = schedule.getList("openingHours", Document.class) == null ? null
                : schedule.getList("openingHours", Document.class).stream().map(hours -> new OpeningHours(
                        hours.getList("days", String.class), hours.getString("from"), hours.getString("to"))).toList();
        return new LedSchedule(integer(schedule, "repeatEveryMinutes"), integer(schedule, "durationSec"), openingHours);
    }

    private static Integer integer(Document document, String field) {
        return document.get(field) instanceof Number number ? number.intValue() : null;
    }

    /** Optional text fields are left out rather than sent empty. */
    private static String present(String value) {
        return value != null && !value.isBlank() ? value : null;
    }
}

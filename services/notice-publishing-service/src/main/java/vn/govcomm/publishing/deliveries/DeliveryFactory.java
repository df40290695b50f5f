package vn.govcomm.publishing.deliveries;

import org.bson.Document;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRequested.Content;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.contracts.events.LedSchedule;
import vn.govcomm.contracts.events.LedSchedule.OpeningHours;
import vn.govcomm.contracts.events.Priority;
import vn.govcomm.contracts.events.Window;
import vn.govcomm.kit.events.OutgoingEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds DeliveryRequested and DeliveryRetracted events as the contracts' records ({@link DeliveryRequested},
 * {@link DeliveryRetracted}), the ones the adapters decode them into, from the stored campaign and delivery. Their
 * ce_id is derived from the delivery id, attempt and kind, so an event re-sent after a crash carries the same dedupe
 * key as the first copy.
 */
final class DeliveryFactory {

    private static final String SCHEMA_REQUESTED = Contracts.get().contract(EventTypes.DELIVERY_REQUESTED).dataschema();
    private static final String SCHEMA_RETRACTED = Contracts.get().contract(EventTypes.DELIVERY_RETRACTED).dataschema();
    static final String SOURCE = "/services/notice-publishing-service";

    /** The kit's JSON mapper; the records leave absent fields out (no field of the contracts' schemas may be null). */
    private final JsonMapper json;

    DeliveryFactory(JsonMapper json) {
        this.json = json;
    }

    static String eventId(String kind, String deliveryId, int attempt) {
        return UUID.nameUUIDFromBytes((kind + "|" + deliveryId + "|" + attempt).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The request of one delivery: the campaign's notice rendered for the endpoint, at {@code now}. {@code campaign} is
     * the stored CampaignScheduled (see {@code Publications}), whose values the contracts' record already checked.
     */
    DeliveryRequested request(Document campaign, Rendering.Renderer renderer, String agencyId, String channel,
                              Document endpoint, int attempt, Instant now) {
        String campaignId = campaign.getString("campaignId");
        int version = campaign.getInteger("version");
        Document window = campaign.get("window", Document.class);
        // when the agency must have published: the campaign's deadline, else the window end
        String deadline = campaign.getString("deadline") != null ? campaign.getString("deadline") : window.getString("endsAt");
        String priority = campaign.getString("priority");
        return new DeliveryRequested(
                Deliveries.deliveryId(campaignId, version, agencyId, endpoint.getString("endpointId")),
                campaignId,
                present(campaign.getString("code")),
                present(campaign.getString("issuingAgencyId")),
                version,
                agencyId,
                channel,
                endpoint.getString("endpointId"),
                endpoint.getString("externalId"),
                present(endpoint.getString("displayName")),
                renderer.render(channel, endpoint),
                new Window(window.getString("startsAt"), window.getString("endsAt"), window.getString("timeZone")),
                deadline,
                campaign.getString("publishAt"),
                priority == null ? null : Priority.valueOf(priority),
                Channels.LED.equals(channel) ? ledSchedule(campaign.get("ledSchedule", Document.class)) : null,
                attempt,
                now.toString());
    }

    OutgoingEvent requested(DeliveryRequested request, Instant now) {
        return new OutgoingEvent(eventId("requested", request.deliveryId(), request.attempt()),
                EventTypes.deliveryRequestsTopic(request.channel()), request.endpointId(), EventTypes.DELIVERY_REQUESTED,
                SOURCE, request.deliveryId(), SCHEMA_REQUESTED, now, json.writeValueAsString(request));
    }

    /** A retraction of a stored delivery; same topic and key as its requests, so it is ordered after them. */
    OutgoingEvent retracted(Document delivery, DeliveryRetracted.Reason reason, Instant now) {
        String deliveryId = delivery.getString("_id");
        DeliveryRetracted retraction = new DeliveryRetracted(deliveryId, delivery.getString("campaignId"),
                delivery.getString("agencyId"), delivery.getString("channel"), delivery.getString("endpointId"),
                delivery.getString("externalId"), reason, now.toString());
        return new OutgoingEvent(eventId("retracted:" + reason.name(), deliveryId, delivery.getInteger("attempt", 1)),
                EventTypes.deliveryRequestsTopic(retraction.channel()), retraction.endpointId(),
                EventTypes.DELIVERY_RETRACTED, SOURCE, deliveryId, SCHEMA_RETRACTED, now,
                json.writeValueAsString(retraction));
    }

    /** Rendered content as a request carries it (absent fields left out), for views that show it. */
    Map<String, Object> asSent(Content content) {
        return json.convertValue(content, new TypeReference<Map<String, Object>>() { });
    }

    private static LedSchedule ledSchedule(Document schedule) {
        if (schedule == null) {
            return null;
        }
        List<OpeningHours> openingHours = schedule.getList("openingHours", Document.class) == null ? null
                : schedule.getList("openingHours", Document.class).stream().map(hours -> new OpeningHours(
                        days(hours.getList("days", String.class)), hours.getString("from"), hours.getString("to")))
                        .toList();
        return new LedSchedule(integer(schedule, "repeatEveryMinutes"), integer(schedule, "durationSec"), openingHours);
    }

    private static List<LedSchedule.Day> days(List<String> days) {
        return days == null ? null : days.stream().map(LedSchedule.Day::valueOf).toList();
    }

    private static Integer integer(Document document, String field) {
        return document.get(field) instanceof Number number ? number.intValue() : null;
    }

    /** Optional text fields are left out rather than sent empty. */
    private static String present(String value) {
        return value != null && !value.isBlank() ? value : null;
    }
}

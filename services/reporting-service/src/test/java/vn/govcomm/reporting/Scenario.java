package vn.govcomm.reporting;

import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events for one campaign built from the contracts' examples (so the consumer side reads what producers are
 * held to), each validated against its schema before it is sent. Two agencies × four channels:
 * ubnd-nha-trang publishes everywhere; so-y-te has Facebook FAILED (token expired), its LED screen only ACCEPTED,
 * Zalo whose status arrives before its request, and duplicated events.
 */
public final class Scenario {

    static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String SCHEDULED = "vn.govcomm.campaign.scheduled.v1";
    public static final String AGENCY = "vn.govcomm.directory.agency-changed.v1";
    public static final String REQUESTED = "vn.govcomm.delivery.requested.v1";
    public static final String STATUS = "vn.govcomm.delivery.status-changed.v1";
    public static final String NOTIFICATION = "vn.govcomm.notification.sent.v1";
    /** The issuing agency of the scenario's campaigns (replaces the example's so-noi-vu, a province-wide agency). */
    public static final String ISSUING_AGENCY = "so-tu-phap";

    private final KafkaTemplate<String, byte[]> kafka;
    private final String campaignId;

    public Scenario(KafkaTemplate<String, byte[]> kafka, String campaignId) {
        this.kafka = kafka;
        this.campaignId = campaignId;
    }

    /** Everything but the late events used by the stream test; 8 deliveries in the end. */
    public void publishAll() {
        scheduled();
        agency("so-y-te", "Sở Y tế tỉnh Khánh Hòa");
        agency("ubnd-nha-trang", "UBND thành phố Nha Trang");
        for (String channel : List.of("portal", "facebook", "zalo", "led")) {
            request("ubnd-nha-trang", channel);
            status("ubnd-nha-trang", channel, channel.equals("led") ? "DISPLAYED" : "PUBLISHED", null, null);
        }
        request("so-y-te", "portal");
        status("so-y-te", "portal", "PUBLISHED", null, null);
        status("so-y-te", "portal", "PUBLISHED", null, null); // duplicate (another ce_id, same facts)
        request("so-y-te", "facebook");
        status("so-y-te", "facebook", "RETRYING", "RATE_LIMITED", "Facebook giới hạn tần suất, đang thử lại.");
        status("so-y-te", "facebook", "FAILED", "FB_TOKEN_EXPIRED",
                "Mã truy cập Fanpage đã hết hạn: quản trị viên cần kết nối lại trang.");
        status("so-y-te", "zalo", "ACCEPTED", null, null); // before its request (other topic)
        request("so-y-te", "zalo");
        request("so-y-te", "led");
        status("so-y-te", "led", "ACCEPTED", null, null);
        request("so-y-te", "led"); // duplicate request
    }

    public void scheduled() {
        ObjectNode data = example(SCHEDULED);
        data.put("campaignId", campaignId);
        data.put("issuingAgencyId", ISSUING_AGENCY);
        data.put("publishAt", "2023-09-05T08:00:00+07:00");
        send("campaign.events", campaignId, SCHEDULED, data);
    }

    /** A plan targeting these agencies on every channel. */
    public void scheduled(List<String> agencies) {
        ObjectNode data = example(SCHEDULED);
        data.put("campaignId", campaignId);
        data.put("issuingAgencyId", ISSUING_AGENCY);
        data.put("publishAt", "2023-09-05T08:00:00+07:00");
        ArrayNode targets = data.putArray("targets");
        agencies.forEach(a -> targets.addObject().put("agencyId", a).putArray("channels")
                .add("portal").add("facebook").add("zalo").add("led"));
        send("campaign.events", campaignId, SCHEDULED, data);
    }

    public void agency(String agencyId, String name) {
        agency(agencyId, name, "khanh-hoa");
    }

    /** The example agency renamed, in {@code provinceId}. */
    public void agency(String agencyId, String name, String provinceId) {
        ObjectNode data = example(AGENCY);
        data.put("provinceId", provinceId);
        data.put("agencyId", agencyId);
        data.put("name", name);
        ArrayNode endpoints = (ArrayNode) data.get("endpoints");
        endpoints.forEach(e -> ((ObjectNode) e).put("endpointId", ((ObjectNode) e).get("endpointId").asString()
                .replace("so-y-te", agencyId)));
        send("directory.agencies", agencyId, AGENCY, data);
    }

    public void request(String agencyId, String channel) {
        ObjectNode data = example(REQUESTED);
        fill(data, agencyId, channel);
        data.remove("endpointName"); // the example's is an LED screen's
        send("delivery.requests." + channel, endpoint(agencyId, channel), REQUESTED, data);
    }

    public void status(String agencyId, String channel, String status, String reasonCode, String reason) {
        ObjectNode data = example(STATUS);
        fill(data, agencyId, channel);
        data.put("status", status);
        data.remove(List.of("externalRef", "permalink"));
        if (status.equals("PUBLISHED")) {
            data.put("permalink", "https://www.facebook.com/" + agencyId + "/posts/1");
        }
        if (reasonCode != null) {
            data.put("reasonCode", reasonCode).put("reason", reason);
        }
        send("delivery.status." + channel, deliveryId(agencyId, channel), STATUS, data);
    }

    /**
     * A plan of {@code issuer} with its own code, deadline (and a window around it) and legal references, targeting
     * each agency on its channels (in the map's order).
     */
    public void scheduled(String issuer, String code, String deadline, List<String> legalReferences,
                          java.util.Map<String, List<String>> targets) {
        ObjectNode data = example(SCHEDULED);
        data.put("campaignId", campaignId);
        data.put("code", code);
        data.put("issuingAgencyId", issuer);
        data.put("deadline", deadline);
        java.time.OffsetDateTime due = java.time.OffsetDateTime.parse(deadline);
        ObjectNode window = (ObjectNode) data.get("window");
        java.time.format.DateTimeFormatter rfc3339 = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
        window.put("startsAt", rfc3339.format(due.minusDays(20))).put("endsAt", rfc3339.format(due.plusDays(10)));
        data.put("publishAt", rfc3339.format(due.minusDays(15)));
        ArrayNode references = data.putArray("legalReferences");
        legalReferences.forEach(references::add);
        ArrayNode list = data.putArray("targets");
        targets.forEach((agency, channels) -> {
            ArrayNode c = list.addObject().put("agencyId", agency).putArray("channels");
            channels.forEach(c::add);
        });
        send("campaign.events", campaignId, SCHEDULED, data);
    }

    /** A request carrying the endpoint's display name (e.g. a manual task "Bảng tin Bộ phận Một cửa"). */
    public void request(String agencyId, String channel, String endpointName) {
        ObjectNode data = example(REQUESTED);
        fill(data, agencyId, channel);
        data.put("endpointName", endpointName);
        send("delivery.requests." + channel, endpoint(agencyId, channel), REQUESTED, data);
    }

    /** A status with exactly this reason and permalink (null: none). */
    public void status(String agencyId, String channel, String status, String reasonCode, String reason, String permalink) {
        ObjectNode data = example(STATUS);
        fill(data, agencyId, channel);
        data.put("status", status);
        data.remove(List.of("externalRef", "permalink"));
        if (permalink != null) {
            data.put("permalink", permalink);
        }
        if (reasonCode != null) {
            data.put("reasonCode", reasonCode).put("reason", reason);
        }
        send("delivery.status." + channel, deliveryId(agencyId, channel), STATUS, data);
    }

    /** A status observed at {@code at} (its {@code occurredAt}: the business time the reports compare with deadlines). */
    public void status(String agencyId, String channel, String status, Instant at) {
        ObjectNode data = example(STATUS);
        fill(data, agencyId, channel);
        data.put("status", status).put("occurredAt", at.toString());
        data.remove(List.of("externalRef", "permalink"));
        send("delivery.status." + channel, deliveryId(agencyId, channel), STATUS, data);
    }

    /**
     * A NotificationSent of the notification service (its contract example with this campaign, agency, kind,
     * outcome and time); the notification id is deterministic, as the service's is (campaign, kind, day, agency).
     */
    public void notification(String kind, String agencyId, String outcome, Instant at, String reason) {
        notification(notificationId(kind, agencyId, at), kind, agencyId, outcome, at, reason);
    }

    /** A NotificationSent with the given id (a retry of a failed notification keeps its id). */
    public void notification(String notificationId, String kind, String agencyId, String outcome, Instant at, String reason) {
        ObjectNode data = example(NOTIFICATION);
        data.put("notificationId", notificationId);
        data.put("campaignId", campaignId);
        data.put("kind", kind);
        data.put("recipientAgencyId", agencyId);
        data.put("outcome", outcome);
        data.put("occurredAt", at.toString());
        if (reason != null) {
            data.put("reason", reason);
        }
        send("notification.events", campaignId, NOTIFICATION, data);
    }

    public String notificationId(String kind, String agencyId, Instant at) {
        return "ntf-" + campaignId + "-" + kind.toLowerCase() + "-" + at.toString().substring(0, 10) + "-" + agencyId;
    }

    public String deliveryId(String agencyId, String channel) {
        return "dlv-" + campaignId + "-" + agencyId + "-" + channel;
    }

    private void fill(ObjectNode data, String agencyId, String channel) {
        data.put("deliveryId", deliveryId(agencyId, channel));
        data.put("campaignId", campaignId);
        data.put("agencyId", agencyId);
        data.put("channel", channel);
        data.put("endpointId", endpoint(agencyId, channel));
        data.put("occurredAt", Instant.now().toString());
    }

    private static String endpoint(String agencyId, String channel) {
        return agencyId + "." + channel;
    }

    static ObjectNode example(String type) {
        return (ObjectNode) JSON.readTree(Contracts.get().example(type));
    }

    public void send(String topic, String key, String type, ObjectNode data) {
        String json = data.toString();
        assertThat(Contracts.get().validate(type, json)).as(type).isEmpty();
        send(topic, key, type, json);
    }

    public void send(String topic, String key, String type, String json) {
        OutgoingEvent event = OutgoingEvent.of(topic, key, type, "/test", key, null, Instant.now(), json);
        kafka.send(EventPublisher.toRecord(event)).join();
    }

    public static String randomCampaignId() {
        return "cmp-test-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package vn.govcomm.notification;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input events built from the contracts' examples (so this consumer reads what producers are held to), each
 * validated against its schema before it is sent as a CloudEvent, as the producers send them.
 */
public final class Events {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaTemplate<String, byte[]> kafka;

    public Events(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    public static ObjectNode example(String type) {
        return (ObjectNode) JSON.readTree(Contracts.get().example(type));
    }

    /** An agency of the directory; null mailboxes are left out. */
    public void agency(String agencyId, String name, String contactEmail, String emailEndpoint) {
        ObjectNode data = example(EventTypes.AGENCY_CHANGED);
        data.put("agencyId", agencyId);
        data.put("name", name);
        data.put("shortName", name);
        data.remove("parentId");
        if (contactEmail == null) {
            data.remove("contactEmail");
        } else {
            data.put("contactEmail", contactEmail);
        }
        ArrayNode endpoints = data.putArray("endpoints");
        endpoints.addObject().put("endpointId", agencyId + ".portal").put("channel", "portal").put("externalId", "portal-" + agencyId);
        if (emailEndpoint != null) {
            endpoints.addObject().put("endpointId", agencyId + ".email").put("channel", "email")
                    .put("displayName", "Hộp thư công vụ").put("externalId", emailEndpoint);
        }
        data.put("occurredAt", Instant.now().toString());
        send(EventTypes.TOPIC_AGENCY_DIRECTORY, agencyId, EventTypes.AGENCY_CHANGED, data);
    }

    /** CampaignScheduled of the example with these targets, deadline, offsets (null: absent) and observers. */
    public void scheduled(String campaignId, int version, String issuer, String title, Map<String, List<String>> targets,
                          String deadline, List<Integer> offsets, List<String> observers) {
        ObjectNode data = example(EventTypes.CAMPAIGN_SCHEDULED);
        data.put("campaignId", campaignId);
        data.put("version", version);
        data.put("issuingAgencyId", issuer);
        ((ObjectNode) data.get("notice")).put("title", title);
        ArrayNode array = data.putArray("targets");
        targets.forEach((agency, channels) -> {
            ArrayNode c = array.addObject().put("agencyId", agency).putArray("channels");
            channels.forEach(c::add);
        });
        if (deadline == null) {
            data.remove("deadline");
        } else {
            data.put("deadline", deadline);
        }
        if (offsets == null) {
            data.remove("reminders");
        } else {
            ArrayNode o = ((ObjectNode) data.get("reminders")).putArray("offsetsDays");
            offsets.forEach(o::add);
        }
        ArrayNode obs = data.putArray("observers");
        observers.forEach(obs::add);
        send(EventTypes.TOPIC_CAMPAIGN_EVENTS, campaignId, EventTypes.CAMPAIGN_SCHEDULED, data);
    }

    /** A lifecycle transition (CampaignSubmitted, Approved, Rejected, Cancelled) of the example's shape. */
    public void transition(String type, String campaignId, String issuer, String title, String from, String to,
                           String actor, String comment, List<String> reasons, Instant at) {
        transition(type, campaignId, issuer, title, from, to, actor, null, comment, reasons, at);
    }

    /** As above, with the actor's display name ({@code actorName}; null: none, as in events before names were carried). */
    public void transition(String type, String campaignId, String issuer, String title, String from, String to,
                           String actor, String actorName, String comment, List<String> reasons, Instant at) {
        ObjectNode data = example(EventTypes.CAMPAIGN_APPROVED);
        data.put("campaignId", campaignId);
        data.put("issuingAgencyId", issuer);
        data.put("title", title);
        data.put("fromStatus", from);
        data.put("toStatus", to);
        data.put("actor", actor);
        data.remove("actorName");   // the example names its actor; a test that wants a name says which (below)
        if (comment == null) {
            data.remove("comment");
        } else {
            data.put("comment", comment);
        }
        if (reasons != null) {
            ArrayNode r = data.putArray("reasons");
            reasons.forEach(r::add);
        }
        if (actorName != null) {
            data.put("actorName", actorName);
        }
        data.put("occurredAt", at.toString());
        send(EventTypes.TOPIC_CAMPAIGN_EVENTS, campaignId, type, data);
    }

    /** A DeliveryStatusChanged of the example's shape. */
    public void status(String campaignId, String agencyId, String channel, String status, int attempt) {
        ObjectNode data = example(EventTypes.DELIVERY_STATUS_CHANGED);
        String deliveryId = "dlv-" + campaignId + "-" + agencyId + "-" + channel;
        data.put("deliveryId", deliveryId);
        data.put("campaignId", campaignId);
        data.put("agencyId", agencyId);
        data.put("channel", channel);
        data.put("endpointId", agencyId + "." + channel);
        data.put("status", status);
        data.put("attempt", attempt);
        if (!status.equals("PUBLISHED")) {
            data.remove("externalRef");
            data.remove("permalink");
        }
        if (status.equals("FAILED")) {
            data.put("reasonCode", "EVIDENCE_REJECTED");
            data.put("reason", "Ảnh chụp không rõ nội dung thông báo.");
        }
        data.put("occurredAt", Instant.now().toString());
        send(EventTypes.deliveryStatusTopic(channel), deliveryId, EventTypes.DELIVERY_STATUS_CHANGED, data);
    }

    public void send(String topic, String key, String type, ObjectNode data) {
        String json = JSON.writeValueAsString(data);
        assertThat(Contracts.get().validate(type, json)).as("%s is valid against its contract", type).isEmpty();
        OutgoingEvent event = OutgoingEvent.of(topic, key, type, "/tests/notification-service", key,
                Contracts.get().contract(type).dataschema(), Instant.now(), json);
        sendRaw(EventPublisher.toRecord(event));
    }

    public void sendRaw(ProducerRecord<String, byte[]> record) {
        try {
            kafka.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package vn.govcomm.zalo;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Shared test helpers: delivery requests built from the contract example, sent the way the publisher sends them. */
public final class ZaloTestSupport {

    public static final String TEST_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private ZaloTestSupport() {
    }

    /** The contract example of DeliveryRequested, turned into a Zalo delivery for this OA. */
    public static String request(String deliveryId, String oaId, int attempt, String title) {
        ObjectNode node = (ObjectNode) JSON.readTree(Contracts.get().example("vn.govcomm.delivery.requested.v1"));
        node.put("deliveryId", deliveryId).put("channel", "zalo").put("endpointId", "so-y-te.zalo")
                .put("externalId", oaId).put("attempt", attempt);
        node.remove("ledSchedule");
        // The example's window (2023) has ended; a delivery in flight is inside its window.
        node.putObject("window").put("startsAt", Instant.now().minus(java.time.Duration.ofDays(1)).toString())
                .put("endsAt", Instant.now().plus(java.time.Duration.ofDays(30)).toString())
                .put("timeZone", "Asia/Ho_Chi_Minh");
        ((ObjectNode) node.get("content")).put("title", title);
        return node.toString();
    }

    public static String retraction(String deliveryId, String oaId, String reason) {
        ObjectNode node = (ObjectNode) JSON.readTree(Contracts.get().example("vn.govcomm.delivery.retracted.v1"));
        node.put("deliveryId", deliveryId).put("channel", "zalo").put("endpointId", "so-y-te.zalo")
                .put("externalId", oaId).put("reason", reason);
        return node.toString();
    }

    public static void send(String bootstrapServers, String type, String key, String json) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            OutgoingEvent event = OutgoingEvent.of("delivery.requests.zalo", key, type,
                    "/services/notice-publishing-service", key,
                    "https://govcomm.vn/contracts/schemas/" + (type.contains("retracted") ? "delivery-retracted.v1.json"
                            : "delivery-requested.v1.json"), Instant.now(), json);
            producer.send(EventPublisher.toRecord(event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

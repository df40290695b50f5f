package vn.govcomm.led.screens;

import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import vn.govcomm.kit.delivery.DeliveryRetries;
import vn.govcomm.led.LedAdapterTestSupport;
import vn.govcomm.led.TestScreen;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** DEVICE_OFFLINE: here a screen polls every second and is offline after 2 s without a heartbeat. */
class ScreenHealthIntegrationTests extends LedAdapterTestSupport {

    @Autowired MeterRegistry meters;
    @Autowired DeliveryRetries retries;

    @Test
    void aSilentScreenGoesOfflineWithMetricsAndItsNewDeliveriesRetryUntilItComesBack() throws Exception {
        String screenId = newId("scr");
        TestScreen screen = new TestScreen(baseUrl(), screenId, issueCredential(screenId));
        assertThat(screen.heartbeat()).isEqualTo(200);
        assertThat(screenView(screenId).path("status").asString()).isEqualTo("ONLINE");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(screenView(screenId).path("status").asString()).isEqualTo("OFFLINE"));
        assertThat(screenView(screenId).path("offlineSince").isNull()).isFalse();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(meters.get("govcomm.screens.offline").gauge().value()).isGreaterThanOrEqualTo(1);
            assertThat(meters.get("govcomm.endpoints.attention").tag("channel", "led").tag("reason", "device_offline")
                    .gauge().value()).isGreaterThanOrEqualTo(1);
        });

        String deliveryId = newId("dlv");
        send(REQUESTED, request(deliveryId, screenId));
        awaitStatus(deliveryId, "RETRYING");

        assertThat(screen.heartbeat()).isEqualTo(200);
        awaitStatus(deliveryId, "ACCEPTED");
        assertThat(screenView(screenId).path("status").asString()).isEqualTo("ONLINE");

        List<JsonNode> events = statusEvents(deliveryId, 2);
        assertThat(events).extracting(e -> e.path("status").asString()).containsExactly("RETRYING", "ACCEPTED");
        assertThat(events.getFirst().path("reasonCode").asString()).isEqualTo("DEVICE_OFFLINE");
        assertThat(events.getFirst().path("reason").asString()).contains("Màn hình mất kết nối").contains("heartbeats");
    }

    @Test
    void aDeliveryWaitingForAnOfflineScreenIsLeftToTheScreenNotToTheDurableRetries() throws Exception {
        String screenId = newId("scr");
        TestScreen screen = new TestScreen(baseUrl(), screenId, issueCredential(screenId));
        assertThat(screen.heartbeat()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(screenView(screenId).path("status").asString()).isEqualTo("OFFLINE"));

        String deliveryId = newId("dlv");
        send(REQUESTED, request(deliveryId, screenId));
        awaitStatus(deliveryId, "RETRYING");
        // The wait is the screen's (it pulls when back): no retry.nextAt, so the kit's retry sweeper never takes it
        assertThat(mongo.findById(deliveryId, Document.class, "deliveries").get("retry")).isNull();
        retries.sweep();
        // and a redelivery of the same request leaves it waiting (the marker behind it on the partition shows it was read)
        send(REQUESTED, request(deliveryId, screenId));
        String marker = newId("dlv");
        send(REQUESTED, request(marker, screenId));
        awaitStatus(marker, "RETRYING");
        assertThat(status(deliveryId)).isEqualTo("RETRYING");
        assertThat(mongo.findById(deliveryId, Document.class, "deliveries").get("retry")).isNull();

        assertThat(screen.heartbeat()).isEqualTo(200);
        awaitStatus(deliveryId, "ACCEPTED");
        List<JsonNode> events = statusEvents(deliveryId, 2);
        assertThat(events).extracting(e -> e.path("status").asString()).containsExactly("RETRYING", "ACCEPTED");
        assertThat(events.getFirst().path("reasonCode").asString()).isEqualTo("DEVICE_OFFLINE");
    }

    @Test
    void aScreenThatNeverSentAHeartbeatIsNotOffline() throws Exception {
        String screenId = newId("scr");
        String deliveryId = newId("dlv");
        send(REQUESTED, request(deliveryId, screenId));
        awaitStatus(deliveryId, "ACCEPTED");

        TestScreen screen = new TestScreen(baseUrl(), screenId, issueCredential(screenId));
        assertThat(screen.poll().status()).isEqualTo(200);
        assertThat(screenView(screenId).path("status").asString()).isEqualTo("UNKNOWN");
        assertThat(screenView(screenId).path("servedVersion").asString()).isEqualTo(screen.poll().version());
    }

    private JsonNode screenView(String screenId) throws Exception {
        JsonNode all = JSON.readTree(api("GET", "/api/led/screens", admin(), null).body());
        return all.valueStream().filter(s -> screenId.equals(s.path("screenId").asString())).findFirst().orElseThrow();
    }
}

package vn.govcomm.led.playlists;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.led.LedAdapterTestSupport;
import vn.govcomm.led.TestScreen;
import vn.govcomm.led.screens.ScreenRegistry;
import vn.govcomm.led.screens.ScreenStatus;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A crash between saving the playlist item and reporting its status (PlaylistScheduler.redelivered): the request
 * is recorded DISPATCHED and its item is queued, but no status event went out. Kafka redelivers the record.
 */
class PlaylistRedeliveryIntegrationTests extends LedAdapterTestSupport {

    @Autowired AdapterDeliveries deliveries;
    @Autowired PlaylistItems items;
    @Autowired PlaylistProperties properties;
    @Autowired ScreenRegistry screens;

    @Test
    void aRequestWhoseItemWasWrittenButWhoseStatusWasNeverReportedIsReportedWhenRedelivered() {
        String screenId = newId("scr");
        String deliveryId = newId("dlv");
        ObjectNode data = request(deliveryId, screenId);
        // What the first consumption did before the process died: recorded, item saved, no status.
        DeliveryRequested request = JSON.readValue(data.toString(), DeliveryRequested.class);
        assertThat(deliveries.accept(request, Document.parse(data.toString()))).isTrue();
        items.save(request, null, false, properties.defaultDurationSec());
        assertThat(status(deliveryId)).isEqualTo("DISPATCHED");

        send(REQUESTED, data); // the same record again, after the restart

        awaitStatus(deliveryId, "ACCEPTED");
        JsonNode accepted = exactlyOneStatusEvent(deliveryId);
        assertThat(accepted.path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(accepted.path("externalRef").asString()).isEqualTo(deliveryId);
        assertThat(deliveries.find(deliveryId).orElseThrow().externalRef()).isEqualTo(deliveryId);

        // Once reported, a further redelivery of that attempt reports nothing again.
        send(REQUESTED, data);
        String marker = newId("dlv");
        send(REQUESTED, request(marker, screenId)); // same key, same partition: handled after the redelivery
        awaitStatus(marker, "ACCEPTED");
        assertThat(exactlyOneStatusEvent(deliveryId).path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(deliveries.find(deliveryId).orElseThrow().status()).isEqualTo(DeliveryStatus.ACCEPTED);
    }

    @Test
    void onAnOfflineScreenSuchARequestIsReportedRetryingWhenRedelivered() throws Exception {
        String screenId = newId("scr");
        TestScreen screen = new TestScreen(baseUrl(), screenId, issueCredential(screenId));
        assertThat(screen.heartbeat()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> screens.status(screenId) == ScreenStatus.OFFLINE);
        String deliveryId = newId("dlv");
        ObjectNode data = request(deliveryId, screenId);
        DeliveryRequested request = JSON.readValue(data.toString(), DeliveryRequested.class);
        assertThat(deliveries.accept(request, Document.parse(data.toString()))).isTrue();
        items.save(request, null, true, properties.defaultDurationSec());

        send(REQUESTED, data);

        awaitStatus(deliveryId, "RETRYING");
        JsonNode retrying = exactlyOneStatusEvent(deliveryId);
        assertThat(retrying.path("status").asString()).isEqualTo("RETRYING");
        assertThat(retrying.path("reasonCode").asString()).isEqualTo(PlaylistScheduler.DEVICE_OFFLINE);
    }

    @Test
    void aBatchRecordedBeforeACrashButNeverQueuedIsQueuedAndReportedOnceWhenRedelivered() {
        String screenId = newId("scr");
        List<ObjectNode> batch = IntStream.range(0, 4).mapToObj(i -> request(newId("dlv"), screenId)).toList();
        // What the first consumption did before the process died: the batch's bulk insert, nothing after it.
        Set<String> redelivered = deliveries.acceptAll(batch.stream().map(d -> new AdapterDeliveries.Request(
                JSON.readValue(d.toString(), DeliveryRequested.class), Document.parse(d.toString()))).toList());
        assertThat(redelivered).isEmpty();
        List<String> ids = batch.stream().map(d -> d.path("deliveryId").asString()).toList();
        ids.forEach(id -> assertThat(status(id)).isEqualTo("DISPATCHED"));

        batch.forEach(d -> send(REQUESTED, d)); // the same records again, after the restart

        ids.forEach(id -> awaitStatus(id, "ACCEPTED"));
        ids.forEach(id -> assertThat(items.find(id)).as(id + " queued").isNotNull());
        // one status event each (an ACCEPTED published twice would show here), none more within a few seconds
        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.led", r -> ids.contains(r.key()),
                ids.size(), Duration.ofSeconds(20))).extracting(r -> r.key()).containsExactlyInAnyOrderElementsOf(ids);
        assertThatThrownBy(() -> TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.led",
                r -> ids.contains(r.key()), ids.size() + 1, Duration.ofSeconds(5)))
                .isInstanceOf(AssertionError.class).hasMessageEndingWith("got " + ids.size());
    }

    /** The one status event of this delivery on the topic (none more within a few seconds). */
    private JsonNode exactlyOneStatusEvent(String deliveryId) {
        List<JsonNode> events = statusEvents(deliveryId, 1);
        assertThatThrownBy(() -> TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.led",
                r -> deliveryId.equals(r.key()), 2, Duration.ofSeconds(5)))
                .isInstanceOf(AssertionError.class).hasMessageEndingWith("got 1");
        return events.getFirst();
    }
}

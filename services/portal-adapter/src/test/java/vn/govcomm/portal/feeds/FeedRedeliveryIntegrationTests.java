package vn.govcomm.portal.feeds;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.portal.PortalAdapterTestSupport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A crash between writing the feed item and reporting its status (FeedPublisher.redelivered): the request is
 * recorded DISPATCHED and its item is in the feed, but no status event went out. Kafka redelivers the record.
 */
class FeedRedeliveryIntegrationTests extends PortalAdapterTestSupport {

    @Autowired AdapterDeliveries deliveries;
    @Autowired FeedItems items;
    @Autowired FeedVersions versions;

    @Test
    void aRequestWhoseItemWasWrittenButWhoseStatusWasNeverReportedIsReportedWhenRedelivered() throws Exception {
        String portal = newPortal();
        ObjectNode delivery = delivery(portal, "cmp-crash-" + portal, 1);
        String deliveryId = delivery.get("deliveryId").asString();
        // What the first consumption did before the process died: recorded, item written, feed bumped, no status.
        DeliveryRequested request = JSON.readValue(delivery.toString(), DeliveryRequested.class);
        assertThat(deliveries.accept(request, Document.parse(delivery.toString()))).isTrue();
        FeedItem item = items.upsert(request, Instant.now());
        versions.bump(portal);
        assertThat(deliveries.find(deliveryId).orElseThrow().status()).isEqualTo(DeliveryStatus.DISPATCHED);

        send(REQUESTED, delivery); // the same record again, after the restart

        JsonNode published = awaitStatus(deliveryId, "PUBLISHED");
        assertThat(published.path("externalRef").asString()).isEqualTo(item.id());
        assertThat(published.path("attempt").asInt()).isEqualTo(1);
        AdapterDeliveries.Stored stored = deliveries.find(deliveryId).orElseThrow();
        assertThat(stored.status()).isEqualTo(DeliveryStatus.PUBLISHED);
        assertThat(stored.externalRef()).isEqualTo(item.id());
        assertThat(items.find(deliveryId).orElseThrow().attempt()).isEqualTo(1);
        assertExactlyOneStatusEvent(deliveryId);

        // Once reported, a further redelivery of that attempt reports nothing again.
        send(REQUESTED, delivery);
        ObjectNode marker = delivery(portal, "cmp-marker-" + portal, 1); // same key, same partition: handled after
        send(REQUESTED, marker);
        awaitStatus(marker.get("deliveryId").asString(), "PUBLISHED");
        assertExactlyOneStatusEvent(deliveryId);
        assertThat(deliveries.find(deliveryId).orElseThrow().status()).isEqualTo(DeliveryStatus.PUBLISHED);
    }

    @Test
    void aBatchRecordedBeforeACrashButNeverPutInTheFeedIsPublishedOnceWhenRedelivered() throws Exception {
        String portal = newPortal();
        List<ObjectNode> batch = IntStream.range(0, 4).mapToObj(i -> delivery(portal, "cmp-batch-" + portal, 1)).toList();
        // What the first consumption did before the process died: the batch's bulk insert, nothing after it.
        Set<String> redelivered = deliveries.acceptAll(batch.stream().map(d -> new AdapterDeliveries.Request(
                JSON.readValue(d.toString(), DeliveryRequested.class), Document.parse(d.toString()))).toList());
        assertThat(redelivered).isEmpty();
        List<String> ids = batch.stream().map(d -> d.get("deliveryId").asString()).toList();

        for (ObjectNode d : batch) {
            send(REQUESTED, d); // the same records again, after the restart
        }

        for (String id : ids) {
            assertThat(awaitStatus(id, "PUBLISHED").path("externalRef").asString())
                    .isEqualTo(items.find(id).orElseThrow().id());
        }
        // one status event each (a PUBLISHED sent twice would show here), none more within a few seconds
        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.portal", r -> ids.contains(r.key()),
                ids.size(), Duration.ofSeconds(20))).extracting(r -> r.key()).containsExactlyInAnyOrderElementsOf(ids);
        assertThatThrownBy(() -> TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.portal",
                r -> ids.contains(r.key()), ids.size() + 1, Duration.ofSeconds(5)))
                .isInstanceOf(AssertionError.class).hasMessageEndingWith("got " + ids.size());
    }

    /** One status event of this delivery on the topic, and no second one within a few seconds. */
    private static void assertExactlyOneStatusEvent(String deliveryId) {
        assertThat(statuses(deliveryId, 1)).containsExactly("PUBLISHED");
        assertThatThrownBy(() -> TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.portal",
                r -> deliveryId.equals(r.key()), 2, Duration.ofSeconds(5)))
                .isInstanceOf(AssertionError.class).hasMessageEndingWith("got 1");
    }
}

package vn.govcomm.zalo.articles;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.fakes.zalo.ZaloArticle;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.zalo.ZaloAdapterTestBase;
import vn.govcomm.zalo.ZaloTestSupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener takes a poll at a time: the kit records the poll's requests with one bulk insert, then hands them to
 * the workflow (ChannelAdapter.publishAll), whose workers write each plan. One article per delivery either way.
 */
class BatchIntakeIntegrationTests extends ZaloAdapterTestBase {

    private static final String REQUESTED = "vn.govcomm.delivery.requested.v1";

    @Test
    void aPollOfRequestsIsPublishedWithOneArticleEach() {
        String oa = "oa-batch-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "dlv-batch-" + UUID.randomUUID();
            ids.add(id);
            ZaloTestSupport.send(KAFKA.bootstrapServers(), REQUESTED, id,
                    ZaloTestSupport.request(id, oa, 1, "Thông báo theo lô " + i));
        }

        ids.forEach(id -> awaitStatus(id, DeliveryStatus.PUBLISHED));
        ids.forEach(id -> assertThat(liveArticles(id, 1)).as(id).hasSize(1));
    }

    @Test
    void aPollRecordedBeforeACrashButNeverPlannedIsPublishedOnceWhenRedelivered() {
        String oa = "oa-batch-crash-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "dlv-batch-crash-" + UUID.randomUUID();
            ids.add(id);
            bodies.add(ZaloTestSupport.request(id, oa, 1, "Thông báo sau sự cố " + i));
        }
        // What the first consumption did before the process died: the kit's bulk insert, no plan, nothing created.
        assertThat(deliveries.acceptAll(bodies.stream().map(b -> new AdapterDeliveries.Request(
                ZaloTestSupport.JSON.readValue(b, DeliveryRequested.class), Document.parse(b))).toList())).isEmpty();

        for (int i = 0; i < ids.size(); i++) {
            ZaloTestSupport.send(KAFKA.bootstrapServers(), REQUESTED, ids.get(i), bodies.get(i)); // again, after the restart
        }

        ids.forEach(id -> awaitStatus(id, DeliveryStatus.PUBLISHED));
        ids.forEach(id -> {
            assertThat(liveArticles(id, 1)).as(id).hasSize(1);
            assertThat(mongo.findById(id, Document.class, AdapterDeliveries.COLLECTION).get("zalo", Document.class)
                    .getInteger("attempt")).isEqualTo(1);
        });
    }

    private void awaitStatus(String deliveryId, DeliveryStatus status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.find(deliveryId)
                .map(s -> s.status() == status).orElse(false));
    }

    /** Articles on the fake carrying this attempt's reference, not removed. */
    private static List<ZaloArticle> liveArticles(String deliveryId, int attempt) {
        String reference = ArticleContent.marker(deliveryId, attempt);
        return FAKE.articles().stream().filter(a -> !a.removed() && a.request().toString().contains(reference)).toList();
    }
}

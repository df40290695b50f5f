package vn.govcomm.facebook.pages;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.facebook.FacebookAdapterTestSupport;
import vn.govcomm.fakes.facebook.FacebookPost;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryRetries;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener takes a poll at a time (PagePublisher.publishAll): the kit records the poll's requests with one bulk
 * insert, the adapter leases them with one bulk write, then queues them in their Pages' lanes.
 */
class BatchIntakeIntegrationTests extends FacebookAdapterTestSupport {

    static final String TEXT = "Thông báo lịch tiếp công dân tháng 12 — Sở Nội vụ";

    @Test
    void aPollOfRequestsForOnePageIsPostedOncePerDeliveryInRecordOrder() {
        String page = connectedPage("tok-batch-poll");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(request(page, TEXT + " " + i)); // same key: one partition, most likely one poll
        }

        ids.forEach(id -> awaitStatus(id, DeliveryStatus.PUBLISHED));
        List<FacebookPost> posts = GRAPH.posts(page);
        assertThat(posts).extracting(FacebookPost::message)
                .containsExactlyElementsOf(IntStream.range(0, 6).mapToObj(i -> TEXT + " " + i + "\n\n#" + ids.get(i)).toList());
        ids.forEach(id -> {
            Document doc = deliveryDocument(id);
            assertThat(doc.get(DeliveryRetries.FIELD)).as("lease let go with PUBLISHED").isNull();
            assertThat(posts).extracting(FacebookPost::id).contains(doc.getString("externalRef"));
        });
    }

    @Test
    void aPollRecordedAndLeasedBeforeACrashButNeverPostedIsPostedOnceWhenRedelivered() {
        String page = connectedPage("tok-batch-crash");
        List<String> ids = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = newDeliveryId();
            ids.add(id);
            bodies.add(requestJson(id, page, 1, TEXT + " crash " + i));
        }
        // What the first consumption did before the process died: the kit's bulk insert and the adapter's bulk lease,
        // nothing queued, nothing posted, the records not committed.
        assertThat(deliveries.acceptAll(bodies.stream().map(b -> new AdapterDeliveries.Request(
                json.readValue(b, DeliveryRequested.class), Document.parse(b))).toList())).isEmpty();
        mongo().updateMulti(Query.query(Criteria.where("_id").in(ids)), new Update().set(DeliveryRetries.FIELD,
                        new Document("nextAt", Date.from(Instant.now().plusSeconds(60))).append("count", 0)
                                .append("since", new Date()).append("reasonCode", PagePublisher.QUEUED).append("held", true)),
                AdapterDeliveries.COLLECTION);

        for (int i = 0; i < ids.size(); i++) {
            send(page, "vn.govcomm.delivery.requested.v1", ids.get(i), bodies.get(i)); // the records again, after the restart
        }

        // Queued by the redelivery itself, well before the lease (60 s) would have brought them back.
        ids.forEach(id -> awaitStatus(id, DeliveryStatus.PUBLISHED));
        for (String id : ids) {
            assertThat(GRAPH.posts(page)).filteredOn(p -> p.message().endsWith("#" + id)).hasSize(1);
        }
        assertThat(GRAPH.posts(page)).hasSize(ids.size());
    }
}

package vn.govcomm.notification.compliance;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch fold over a real MongoDB-wire store (no Spring): statuses move only as the kit's rules allow. */
class DeliveryRowsTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final MongoClient CLIENT = MongoClients.create(MONGO.uri("rows"));
    static final MongoTemplate TEMPLATE = new MongoTemplate(CLIENT, "rows");
    final DeliveryRows rows = new DeliveryRows(TEMPLATE);

    @AfterAll
    static void close() {
        CLIENT.close();
        MONGO.close();
    }

    static DeliveryRows.StatusChange change(String delivery, String campaign, DeliveryStatus status, int attempt) {
        return new DeliveryRows.StatusChange(delivery, campaign, "so-y-te", "manual", status, attempt, Instant.now());
    }

    Document row(String delivery) {
        return TEMPLATE.findById(delivery, Document.class, DeliveryRows.COLLECTION);
    }

    @Test
    void aBatchIsFoldedWithTheKitsRulesWhateverTheOrderAndDuplicates() {
        String campaign = "cmp-" + UUID.randomUUID();
        List<DeliveryRows.StatusChange> history = new ArrayList<>(List.of(
                change("d1", campaign, DeliveryStatus.DISPATCHED, 1), change("d1", campaign, DeliveryStatus.ACCEPTED, 1),
                change("d1", campaign, DeliveryStatus.FAILED, 1), change("d1", campaign, DeliveryStatus.PUBLISHED, 1),
                change("d1", campaign, DeliveryStatus.ACCEPTED, 1), change("d1", campaign, DeliveryStatus.PUBLISHED, 1)));
        Collections.shuffle(history, new Random(7));
        rows.apply(history);
        rows.apply(history); // redelivered batch

        assertThat(row("d1").getString("status")).isEqualTo("PUBLISHED");
        assertThat(rows.nonCompliant(campaign, Map.of("so-y-te", List.of("manual")))).isEmpty();
    }

    @Test
    void aNewAttemptStartsOverAndAnOldAttemptIsIgnored() {
        String campaign = "cmp-" + UUID.randomUUID();
        rows.apply(List.of(change("d2", campaign, DeliveryStatus.PUBLISHED, 1)));
        rows.apply(List.of(change("d2", campaign, DeliveryStatus.DISPATCHED, 2), change("d2", campaign, DeliveryStatus.FAILED, 1)));

        assertThat(row("d2").getString("status")).isEqualTo("DISPATCHED");
        assertThat(row("d2").getInteger("attempt")).isEqualTo(2);
        assertThat(rows.nonCompliant(campaign, Map.of("so-y-te", List.of("manual"))))
                .containsExactly(new Compliance.Missing("so-y-te", List.of("manual")));
    }

    @Test
    void cancelledEndsEverything() {
        String campaign = "cmp-" + UUID.randomUUID();
        rows.apply(List.of(change("d3", campaign, DeliveryStatus.CANCELLED, 1), change("d3", campaign, DeliveryStatus.PUBLISHED, 1),
                change("d3", campaign, DeliveryStatus.DISPATCHED, 2)));

        assertThat(row("d3").getString("status")).isEqualTo("CANCELLED");
        assertThat(rows.nonCompliant(campaign, Map.of("so-y-te", List.of("manual")))).isEmpty();
    }
}

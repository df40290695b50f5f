package vn.govcomm.reporting.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delivery projection on its own: any order and any duplicates of the same events give the same rows and counts. */
class DeliveryProjectionTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final MongoClient CLIENT = MongoClients.create(MONGO.uri(""));

    @AfterAll
    static void close() {
        CLIENT.close();
        MONGO.close();
    }

    static DeliveryProjection projection(String database) {
        return new DeliveryProjection(new MongoTemplate(CLIENT, database));
    }

    record Event(String deliveryId, String channel, DeliveryStatus status, int attempt, Instant at) {
    }

    static List<Event> history() {
        Instant t = Instant.parse("2025-02-03T01:00:00Z");
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "dlv-" + i;
            String channel = List.of("portal", "facebook", "zalo", "led").get(i % 4);
            events.add(new Event(id, channel, DeliveryStatus.DISPATCHED, 1, t));
            events.add(new Event(id, channel, DeliveryStatus.ACCEPTED, 1, t.plusSeconds(1)));
            switch (i % 5) {
                case 0 -> events.add(new Event(id, channel, DeliveryStatus.PUBLISHED, 1, t.plusSeconds(2)));
                case 1 -> {
                    events.add(new Event(id, channel, DeliveryStatus.FAILED, 1, t.plusSeconds(2)));
                    events.add(new Event(id, channel, DeliveryStatus.DISPATCHED, 2, t.plusSeconds(3))); // officer's re-send
                    events.add(new Event(id, channel, DeliveryStatus.PUBLISHED, 2, t.plusSeconds(4)));
                }
                case 2 -> events.add(new Event(id, channel, DeliveryStatus.CANCELLED, 1, t.plusSeconds(2)));
                case 3 -> {
                    events.add(new Event(id, channel, DeliveryStatus.DISPLAYED, 1, t.plusSeconds(3)));
                    events.add(new Event(id, channel, DeliveryStatus.EXPIRED, 1, t.plusSeconds(4))); // never overrides
                }
                default -> { }
            }
        }
        return events;
    }

    static void apply(DeliveryProjection projection, Event e) {
        Document data = new Document("deliveryId", e.deliveryId()).append("campaignId", "cmp-1")
                .append("agencyId", "so-y-te").append("channel", e.channel()).append("endpointId", "so-y-te." + e.channel())
                .append("attempt", e.attempt());
        if (e.status() == DeliveryStatus.FAILED) {
            data.append("reasonCode", "FB_TOKEN_EXPIRED").append("reason", "Mã truy cập đã hết hạn");
        }
        projection.record(data, e.status(), e.at());
    }

    static List<Document> rows(String database) {
        return new MongoTemplate(CLIENT, database).findAll(Document.class, ReadModels.DELIVERIES).stream()
                .sorted(java.util.Comparator.comparing(d -> d.getString("_id"))).toList();
    }

    static Document counts(String database) {
        Document counts = new MongoTemplate(CLIENT, database).findById("cmp-1", Document.class, ReadModels.COUNTS);
        counts.remove("rev");
        counts.remove("updatedAt");
        return DeliveryProjectionTests.withoutZeros(counts);
    }

    /** A status a delivery left stays in the counters with 0; the reports leave zeros out, so do the comparisons. */
    static Document withoutZeros(Document counts) {
        Document byStatus = counts.get("byStatus", Document.class);
        byStatus.values().removeIf(n -> ((Number) n).longValue() == 0);
        counts.get("byChannel", Document.class).values()
                .forEach(perStatus -> ((Document) perStatus).values().removeIf(n -> ((Number) n).longValue() == 0));
        return counts;
    }

    @Test
    void inOrderEventsGiveTheExpectedCounts() {
        DeliveryProjection projection = projection("ordered");
        history().forEach(e -> apply(projection, e));
        Document counts = counts("ordered");
        assertThat(counts.get("total", Number.class).intValue()).isEqualTo(20);
        Document byStatus = counts.get("byStatus", Document.class);
        assertThat(byStatus.getInteger("PUBLISHED")).isEqualTo(8);
        assertThat(byStatus.getInteger("CANCELLED")).isEqualTo(4);
        assertThat(byStatus.getInteger("DISPLAYED")).isEqualTo(4);
        assertThat(byStatus.getInteger("ACCEPTED")).isEqualTo(4);
        assertThat(byStatus.containsKey("FAILED")).isFalse();
        Document resent = rows("ordered").stream().filter(r -> r.getString("_id").equals("dlv-1")).findFirst().orElseThrow();
        assertThat(resent.getInteger("attempt")).isEqualTo(2);
        assertThat(resent.containsKey("reasonCode")).as("the failure's reason is cleared by the later publication").isFalse();
    }

    @Test
    void shuffledAndDuplicatedEventsGiveIdenticalRowsAndCounts() {
        DeliveryProjection ordered = projection("reference");
        history().forEach(e -> apply(ordered, e));
        for (long seed = 1; seed <= 3; seed++) {
            List<Event> events = new ArrayList<>(history());
            events.addAll(history());
            Collections.shuffle(events, new Random(seed));
            String database = "shuffled" + seed;
            DeliveryProjection shuffled = projection(database);
            events.forEach(e -> apply(shuffled, e));
            assertThat(counts(database)).as("seed %d", seed).isEqualTo(counts("reference"));
            assertThat(rows(database).stream().map(r -> r.getString("_id") + ":" + r.getString("status") + ":" + r.getInteger("attempt")
                    + ":" + r.getString("counted")).toList())
                    .isEqualTo(rows("reference").stream().map(r -> r.getString("_id") + ":" + r.getString("status") + ":"
                            + r.getInteger("attempt") + ":" + r.getString("counted")).toList());
        }
    }

    @Test
    void recountMatchesTheIncrementalCounts() {
        DeliveryProjection projection = projection("recount");
        history().forEach(e -> apply(projection, e));
        Document incremental = counts("recount");
        projection.recount("cmp-1");
        Document rebuilt = counts("recount");
        assertThat(rebuilt.get("total", Number.class).longValue()).isEqualTo(incremental.get("total", Number.class).longValue());
        incremental.get("byStatus", Document.class).forEach((status, n) -> {
            if (((Number) n).longValue() > 0) {
                assertThat(rebuilt.get("byStatus", Document.class).get(status, Number.class).longValue()).as(status)
                        .isEqualTo(((Number) n).longValue());
            }
        });
    }

    @Test
    void aDeliveryEventWithoutItsIdsIsPoison() {
        assertThatThrownBy(() -> projection("poison").record(new Document("channel", "portal"), DeliveryStatus.PUBLISHED, Instant.now()))
                .isInstanceOf(PoisonEventException.class);
        assertThatThrownBy(() -> projection("poison").record(new Document("deliveryId", "d").append("campaignId", "c")
                .append("channel", "fax"), DeliveryStatus.PUBLISHED, Instant.now())).isInstanceOf(PoisonEventException.class);
    }
}

package vn.govcomm.reporting.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.reporting.projections.DeliveryProjection.Observed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        String agencyId = agencyOf(e.deliveryId());
        Document data = new Document("deliveryId", e.deliveryId()).append("campaignId", "cmp-1")
                .append("agencyId", agencyId).append("channel", e.channel()).append("endpointId", agencyId + "." + e.channel())
                .append("attempt", e.attempt());
        if (e.status() == DeliveryStatus.FAILED) {
            data.append("reasonCode", "FB_TOKEN_EXPIRED").append("reason", "Mã truy cập đã hết hạn");
        }
        projection.record(event(data), e.status(), e.at());
    }

    /** A status event's data as the listener hands it over (the contract's record, decoded by the kit). */
    static Observed event(Document data) {
        return Observed.of(Decoded.as(DeliveryStatusChanged.class, data));
    }

    /** A request's data as the listener hands it over (the contract's record, decoded by the kit). */
    static Observed request(Document data) {
        return Observed.of(Decoded.as(DeliveryRequested.class, data));
    }

    /** dlv-0..3 → agency-0, dlv-4..7 → agency-1, ... (five agencies, one delivery per channel each). */
    static String agencyOf(String deliveryId) {
        return "agency-" + Integer.parseInt(deliveryId.substring(4)) / 4;
    }

    /**
     * The per-agency documents of cmp-1, zeros and empty failure maps left out (a failure unset leaves {} behind,
     * a delivery that never failed none; they read the same), by id.
     */
    static List<Document> agencyDocuments(String database) {
        return agencyDocuments(new MongoTemplate(CLIENT, database));
    }

    static List<Document> agencyDocuments(MongoTemplate mongo) {
        return mongo.findAll(Document.class, ReadModels.AGENCY_COUNTS).stream()
                .sorted(java.util.Comparator.comparing(d -> d.getString("_id")))
                .peek(d -> d.get("byChannel", Document.class).values()
                        .forEach(perStatus -> ((Document) perStatus).values().removeIf(n -> ((Number) n).longValue() == 0)))
                .peek(d -> {
                    if (d.get("failures", new Document()).isEmpty()) {
                        d.remove("failures");
                    }
                })
                .map(d -> Document.parse(d.toJson().replaceAll("\\{\"\\$numberLong\": \"(\\d+)\"}", "$1")))
                .toList();
    }

    static List<Document> rows(String database) {
        return new MongoTemplate(CLIENT, database).findAll(Document.class, ReadModels.DELIVERIES).stream()
                .sorted(java.util.Comparator.comparing(d -> d.getString("_id"))).toList();
    }

    static Document counts(String database) {
        Document counts = new MongoTemplate(CLIENT, database).findById("cmp-1", Document.class, ReadModels.COUNTS);
        return withoutZeros(settled(counts));
    }

    /**
     * The counters without their bookkeeping (rev, updatedAt, the in-flight marks' seq), checking that no batch is
     * left in flight (every mark removed by its batch's increments).
     */
    static Document settled(Document counts) {
        assertThat(counts.getList(DeliveryProjection.PENDING, Document.class, List.of())).as("batches left in flight").isEmpty();
        for (String bookkeeping : List.of("rev", "updatedAt", DeliveryProjection.SEQ, DeliveryProjection.PENDING)) {
            counts.remove(bookkeeping);
        }
        return counts;
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

    /**
     * The first proof of publication of the row's current attempt, whatever the order: PUBLISHED before FETCHED,
     * proof of play dated before an EXPIRED that arrived first, a re-send starting over (published again, or not yet).
     */
    @Test
    void achievedAtIsTheFirstProofOfTheCurrentAttemptInAnyOrder() {
        Instant t = Instant.parse("2025-02-03T01:00:00Z");
        List<Event> events = List.of(
                new Event("dlv-100", "portal", DeliveryStatus.PUBLISHED, 1, t.plusSeconds(2)),
                new Event("dlv-100", "portal", DeliveryStatus.FETCHED, 1, t.plusSeconds(5)),
                new Event("dlv-101", "led", DeliveryStatus.EXPIRED, 1, t.plusSeconds(10)),
                new Event("dlv-101", "led", DeliveryStatus.DISPLAYED, 1, t.plusSeconds(3)),
                new Event("dlv-102", "facebook", DeliveryStatus.PUBLISHED, 1, t.plusSeconds(2)),
                new Event("dlv-102", "facebook", DeliveryStatus.DISPATCHED, 2, t.plusSeconds(6)),
                new Event("dlv-102", "facebook", DeliveryStatus.PUBLISHED, 2, t.plusSeconds(8)),
                new Event("dlv-103", "zalo", DeliveryStatus.FAILED, 1, t.plusSeconds(2)),
                new Event("dlv-104", "portal", DeliveryStatus.PUBLISHED, 1, t.plusSeconds(2)),
                new Event("dlv-104", "portal", DeliveryStatus.DISPATCHED, 2, t.plusSeconds(6)));
        Map<String, Instant> expected = new TreeMap<>(Map.of("dlv-100", t.plusSeconds(2), "dlv-101", t.plusSeconds(3),
                "dlv-102", t.plusSeconds(8)));
        for (long seed = 0; seed <= 5; seed++) {
            List<Event> shuffled = new ArrayList<>(events);
            shuffled.addAll(events);
            if (seed > 0) {
                Collections.shuffle(shuffled, new Random(seed));
            }
            String database = "achieved" + seed;
            DeliveryProjection projection = projection(database);
            shuffled.forEach(e -> apply(projection, e));
            Map<String, Instant> achieved = new TreeMap<>();
            rows(database).stream().filter(r -> r.getDate(DeliveryProjection.ACHIEVED_AT) != null)
                    .forEach(r -> achieved.put(r.getString("_id"), r.getDate(DeliveryProjection.ACHIEVED_AT).toInstant()));
            assertThat(achieved).as("seed %d", seed).isEqualTo(expected);
        }
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
        assertThatThrownBy(() -> projection("poison").record(event(new Document("channel", "portal")), DeliveryStatus.PUBLISHED, Instant.now()))
                .isInstanceOf(PoisonEventException.class);
        assertThatThrownBy(() -> projection("poison").record(event(new Document("deliveryId", "d").append("campaignId", "c")
                .append("agencyId", "a").append("channel", "fax")), DeliveryStatus.PUBLISHED, Instant.now()))
                .isInstanceOf(PoisonEventException.class);
        assertThatThrownBy(() -> projection("poison").record(event(new Document("deliveryId", "d").append("campaignId", "c")
                .append("channel", "portal")), DeliveryStatus.PUBLISHED, Instant.now()))
                .as("without agencyId").isInstanceOf(PoisonEventException.class);
        assertThatThrownBy(() -> event(new Document("deliveryId", "d").append("campaignId", "c").append("agencyId", "a")
                .append("channel", "portal").append("status", "POSTED")))
                .as("a status the kit does not know").isInstanceOf(PoisonEventException.class);
        assertThatThrownBy(() -> request(new Document("deliveryId", "d").append("campaignId", "c").append("agencyId", "a")
                .append("channel", "portal").append("noticeVersion", 1)))
                .as("a request without its attempt").isInstanceOf(PoisonEventException.class);
        assertThatThrownBy(() -> request(new Document("deliveryId", "d").append("campaignId", "c").append("agencyId", "a")
                .append("channel", "portal").append("attempt", 1)))
                .as("a request without its noticeVersion").isInstanceOf(PoisonEventException.class);
    }

    @Test
    void perAgencyDocumentsAreIdenticalWhateverTheOrderAndDuplicates() {
        DeliveryProjection ordered = projection("agencies-reference");
        history().forEach(e -> apply(ordered, e));
        List<Document> reference = agencyDocuments("agencies-reference");
        assertThat(reference).hasSize(5);
        for (long seed = 11; seed <= 13; seed++) {
            List<Event> events = new ArrayList<>(history());
            events.addAll(history());
            Collections.shuffle(events, new Random(seed));
            String database = "agencies-shuffled" + seed;
            DeliveryProjection shuffled = projection(database);
            events.forEach(e -> apply(shuffled, e));
            assertThat(agencyDocuments(database)).as("seed %d", seed).isEqualTo(reference);
            assertThat(CampaignAgencies.ids(new MongoTemplate(CLIENT, database), "cmp-1"))
                    .containsExactly("agency-0", "agency-1", "agency-2", "agency-3", "agency-4");
        }
    }

    @Test
    void perAgencyCountsAddUpToTheRows() {
        DeliveryProjection projection = projection("agencies-tally");
        history().forEach(e -> apply(projection, e));
        Map<String, Map<String, Map<String, Integer>>> fromRows = new TreeMap<>();
        rows("agencies-tally").forEach(r -> fromRows.computeIfAbsent(r.getString("agencyId"), a -> new TreeMap<>())
                .computeIfAbsent(r.getString("channel"), c -> new TreeMap<>()).merge(r.getString("status"), 1, Integer::sum));
        Map<String, Map<String, Map<String, Integer>>> fromDocuments = new TreeMap<>();
        for (Document agency : agencyDocuments("agencies-tally")) {
            Map<String, Map<String, Integer>> channels = new TreeMap<>();
            agency.get("byChannel", Document.class).forEach((channel, perStatus) -> {
                Map<String, Integer> statuses = new TreeMap<>();
                ((Document) perStatus).forEach((status, n) -> statuses.put(status, ((Number) n).intValue()));
                channels.put(channel, statuses);
            });
            fromDocuments.put(agency.getString("agencyId"), channels);
            assertThat(agency.get("total", Number.class).intValue()).isEqualTo(4);
            assertThat(agency.get("deliveries", Document.class)).hasSize(4);
        }
        assertThat(fromDocuments).isEqualTo(fromRows);
        // agency-1 holds dlv-4..7; dlv-6 (i % 5 == 1) failed, then its re-send was published.
        assertThat(fromDocuments.get("agency-1").get("zalo")).containsExactly(Map.entry("PUBLISHED", 1));
    }

    @Test
    void aFailureIsListedWithItsReasonUntilTheDeliveryMovesOn() {
        DeliveryProjection projection = projection("failures");
        Instant t = Instant.parse("2025-02-03T01:00:00Z");
        apply(projection, new Event("dlv-0", "facebook", DeliveryStatus.DISPATCHED, 1, t));
        apply(projection, new Event("dlv-0", "facebook", DeliveryStatus.FAILED, 1, t.plusSeconds(1)));
        Document failures = agencyDocuments("failures").getFirst().get("failures", Document.class);
        assertThat(failures).hasSize(1);
        Document failure = failures.get(ReadModels.fieldKey("dlv-0"), Document.class);
        assertThat(failure.getString("reasonCode")).isEqualTo("FB_TOKEN_EXPIRED");
        assertThat(failure.getString("endpointId")).isEqualTo("agency-0.facebook");
        apply(projection, new Event("dlv-0", "facebook", DeliveryStatus.PUBLISHED, 2, t.plusSeconds(2))); // re-send
        Document agency = new MongoTemplate(CLIENT, "failures").findById(ReadModels.agencyKey("cmp-1", "agency-0"),
                Document.class, ReadModels.AGENCY_COUNTS);
        assertThat(agency.get("failures", Document.class)).isEmpty();
        assertThat(agencyDocuments("failures").getFirst().get("byChannel", Document.class).get("facebook", Document.class))
                .isEqualTo(new Document("PUBLISHED", 1));
    }

    @Test
    void aRedeliveredEventFinishesAMoveWhoseCountingWasInterrupted() {
        DeliveryProjection projection = projection("crash");
        MongoTemplate mongo = new MongoTemplate(CLIENT, "crash");
        Instant t = Instant.parse("2025-02-03T01:00:00Z");
        apply(projection, new Event("dlv-0", "portal", DeliveryStatus.DISPATCHED, 1, t));
        // The row write of PUBLISHED happened, then the process died before the claim and the increments.
        mongo.updateFirst(Query.query(Criteria.where("_id").is("dlv-0")), new Update().set("status", "PUBLISHED"), ReadModels.DELIVERIES);
        assertThat(counts("crash").get("byStatus", Document.class).getInteger("DISPATCHED")).isEqualTo(1);
        apply(projection, new Event("dlv-0", "portal", DeliveryStatus.PUBLISHED, 1, t.plusSeconds(1))); // redelivered
        assertThat(counts("crash").get("byStatus", Document.class)).isEqualTo(new Document("PUBLISHED", 1));
        assertThat(agencyDocuments("crash").getFirst().get("byChannel", Document.class))
                .isEqualTo(new Document("portal", new Document("PUBLISHED", 1)));
        apply(projection, new Event("dlv-0", "portal", DeliveryStatus.PUBLISHED, 1, t.plusSeconds(1))); // and again
        assertThat(counts("crash").get("total", Number.class).intValue()).isEqualTo(1);
        assertThat(counts("crash").get("byStatus", Document.class)).isEqualTo(new Document("PUBLISHED", 1));
    }

    @Test
    void recountRebuildsThePerAgencyDocumentsAndTheAgencyIndex() {
        DeliveryProjection projection = projection("agencies-recount");
        MongoTemplate mongo = new MongoTemplate(CLIENT, "agencies-recount");
        history().forEach(e -> apply(projection, e));
        List<Document> incremental = agencyDocuments("agencies-recount");
        mongo.updateFirst(Query.query(Criteria.where("_id").is(ReadModels.agencyKey("cmp-1", "agency-2"))),
                new Update().set("total", 99).unset("failures").set("byChannel.portal.FAILED", 3), ReadModels.AGENCY_COUNTS);
        mongo.dropCollection(ReadModels.CAMPAIGN_AGENCIES);
        assertThat(agencyDocuments("agencies-recount")).isNotEqualTo(incremental);
        projection.recount("cmp-1");
        assertThat(agencyDocuments("agencies-recount")).isEqualTo(incremental);
        assertThat(CampaignAgencies.ids(mongo, "cmp-1")).hasSize(5);
    }

    /**
     * The manual channel's life (the wire's mapping): task created → ACCEPTED (MANUAL_AWAITING_CONFIRMATION), evidence
     * rejected → FAILED (EVIDENCE_REJECTED, the reviewer's words), re-submitted and accepted → PUBLISHED with the
     * evidence as permalink, same attempt. The kit's rule lets the proof overtake the failure in any order.
     */
    @Test
    void aManualDeliveryWhoseEvidenceIsAcceptedAfterARejectionEndsPublishedInAnyOrder() {
        Instant t = Instant.parse("2025-02-03T01:00:00Z");
        Document accepted = manual("ACCEPTED").append("reasonCode", "MANUAL_AWAITING_CONFIRMATION");
        Document rejected = manual("FAILED").append("reasonCode", "EVIDENCE_REJECTED").append("reason", "Ảnh không rõ");
        Document published = manual("PUBLISHED").append("permalink", "https://ubnd.example.vn/minh-chung/1");
        List<List<Document>> orders = List.of(List.of(accepted, rejected, published), List.of(published, rejected, accepted),
                List.of(rejected, published, accepted, rejected));
        int n = 0;
        for (List<Document> order : orders) {
            String database = "manual-" + n++;
            DeliveryProjection projection = projection(database);
            for (Document d : order) {
                DeliveryStatusChanged changed = Decoded.as(DeliveryStatusChanged.class, d);
                projection.record(Observed.of(changed), DeliveryStatus.of(changed.status()), t);
            }
            Document row = rows(database).getFirst();
            assertThat(row.getString("status")).as("order %d", n).isEqualTo("PUBLISHED");
            assertThat(row.getString("permalink")).isEqualTo("https://ubnd.example.vn/minh-chung/1");
            assertThat(row.containsKey("reasonCode")).isFalse();
            assertThat(agencyDocuments(database).getFirst().get("failures", new Document())).isEmpty();
        }
        // Still the kit's rule: EXPIRED never overrides proof; FAILED twice is not applied twice.
        assertThat(DeliveryStatus.DISPLAYED.canMoveTo(DeliveryStatus.EXPIRED, 1, 1)).isFalse();
        assertThat(DeliveryStatus.EXPIRED.canMoveTo(DeliveryStatus.DISPLAYED, 1, 1)).isTrue();
        assertThat(DeliveryStatus.FAILED.canMoveTo(DeliveryStatus.FAILED, 1, 1)).isFalse();
    }

    @Test
    void aRequestArrivingAfterItsDeliverysStatusStillGivesTheRowItsEndpointName() {
        DeliveryProjection projection = projection("endpoint-name");
        Instant t = Instant.parse("2025-02-03T01:00:00Z");
        projection.record(event(manual("ACCEPTED")), DeliveryStatus.ACCEPTED, t);
        Document requested = manual("DISPATCHED").append("noticeVersion", 1).append("endpointName", "Bảng tin Bộ phận Một cửa");
        requested.remove("status");
        projection.record(request(requested), DeliveryStatus.DISPATCHED, t);
        Document row = rows("endpoint-name").getFirst();
        assertThat(row.getString("status")).isEqualTo("ACCEPTED");
        assertThat(row.getString("endpointName")).isEqualTo("Bảng tin Bộ phận Một cửa");
        assertThat(counts("endpoint-name").get("total", Number.class).intValue()).isEqualTo(1);
    }

    private static Document manual(String status) {
        return new Document("deliveryId", "dlv-m").append("campaignId", "cmp-1").append("agencyId", "agency-0")
                .append("channel", "manual").append("endpointId", "agency-0.one-stop-board").append("status", status)
                .append("attempt", 1);
    }

    @Test
    void deliveryIdsAreEscapedAsFieldNamesReversibly() {
        for (String id : List.of("dlv-1", "a.b", "x$y", "p%2Eq", "%.$%24")) {
            assertThat(ReadModels.fieldKey(id)).doesNotContain(".", "$");
            assertThat(ReadModels.deliveryId(ReadModels.fieldKey(id))).isEqualTo(id);
        }
    }
}

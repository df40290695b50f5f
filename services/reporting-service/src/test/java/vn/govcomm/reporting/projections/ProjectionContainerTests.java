package vn.govcomm.reporting.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The projections against a real MongoDB replica set (skipped where there is no Docker). */
@Testcontainers(disabledWithoutDocker = true)
class ProjectionContainerTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Test
    void shuffledDuplicatedDeliveryEventsGiveTheSameCountsAsOrderedOnes() {
        try (MongoClient client = MongoClients.create(MONGO.getReplicaSetUrl())) {
            DeliveryProjection ordered = new DeliveryProjection(new MongoTemplate(client, "ordered"));
            DeliveryProjectionTests.history().forEach(e -> DeliveryProjectionTests.apply(ordered, e));
            List<DeliveryProjectionTests.Event> events = new ArrayList<>(DeliveryProjectionTests.history());
            events.addAll(DeliveryProjectionTests.history());
            Collections.shuffle(events, new Random(7));
            DeliveryProjection shuffled = new DeliveryProjection(new MongoTemplate(client, "shuffled"));
            events.forEach(e -> DeliveryProjectionTests.apply(shuffled, e));
            assertThat(counts(client, "shuffled")).isEqualTo(counts(client, "ordered"));
            assertThat(counts(client, "ordered").get("total", Number.class).intValue()).isEqualTo(20);
            List<Document> perAgency = DeliveryProjectionTests.agencyDocuments(new MongoTemplate(client, "ordered"));
            assertThat(perAgency).hasSize(5);
            assertThat(DeliveryProjectionTests.agencyDocuments(new MongoTemplate(client, "shuffled"))).isEqualTo(perAgency);
            assertThat(CampaignAgencies.ids(new MongoTemplate(client, "shuffled"), "cmp-1")).hasSize(5);
        }
    }

    @Test
    void agencySnapshotsKeepTheNewestWhateverTheOrder() {
        try (MongoClient client = MongoClients.create(MONGO.getReplicaSetUrl())) {
            MongoTemplate mongo = new MongoTemplate(client, "agencies");
            CampaignProjection projection = new CampaignProjection(mongo);
            Document newer = new Document("agencyId", "so-y-te").append("name", "Sở Y tế tỉnh Khánh Hòa").append("type", "DEPARTMENT");
            Document older = new Document("agencyId", "so-y-te").append("name", "Sở Y tế").append("type", "DEPARTMENT");
            CampaignProjectionTests.agencyChanged(projection, newer, Instant.parse("2025-02-02T00:00:00Z"));
            CampaignProjectionTests.agencyChanged(projection, older, Instant.parse("2025-01-01T00:00:00Z"));
            assertThat(mongo.findById("so-y-te", Document.class, ReadModels.AGENCIES).getString("name"))
                    .isEqualTo("Sở Y tế tỉnh Khánh Hòa");
            assertThat(DeliveryStatus.PUBLISHED.isAchieved()).isTrue();
        }
    }

    private static Document counts(MongoClient client, String database) {
        Document counts = new MongoTemplate(client, database).findById("cmp-1", Document.class, ReadModels.COUNTS);
        return DeliveryProjectionTests.withoutZeros(DeliveryProjectionTests.settled(counts));
    }
}

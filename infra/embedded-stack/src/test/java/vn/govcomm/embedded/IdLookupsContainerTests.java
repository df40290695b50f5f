package vn.govcomm.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filters the embedded store looks up by {@code _id} ({@link IdLookupsTests#PINNED}) are index look-ups on MongoDB
 * too: its query plan uses the {@code _id} index and never scans the collection. Runs where Docker exists.
 */
@Testcontainers(disabledWithoutDocker = true)
class IdLookupsContainerTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Test
    void everyPinnedFilterIsAnIdIndexLookUpOnMongoDb() {
        try (MongoClient client = MongoClients.create(MONGO.getConnectionString())) {
            MongoCollection<Document> deliveries = client.getDatabase("lookups").getCollection("deliveries");
            deliveries.insertMany(IdLookupsTests.fiftyDeliveries());
            for (Map.Entry<Bson, Integer> pinned : IdLookupsTests.PINNED.entrySet()) {
                assertThat(deliveries.find(pinned.getKey()).into(new ArrayList<>())).hasSize(pinned.getValue());
                Document plan = deliveries.find(pinned.getKey()).explain().get("queryPlanner", Document.class)
                        .get("winningPlan", Document.class);
                List<String> stages = new ArrayList<>();
                List<String> indexes = new ArrayList<>();
                walk(plan, stages, indexes);
                assertThat(stages).as("plan of %s: %s", pinned.getKey(), plan).doesNotContain("COLLSCAN");
                assertThat(stages.contains("IDHACK") || stages.contains("EXPRESS_IXSCAN") || indexes.contains("_id_"))
                        .as("plan of %s uses the _id index: %s", pinned.getKey(), plan).isTrue();
            }
        }
    }

    /** Every stage name and index name of a plan tree (inputStage, inputStages, queryPlan of MongoDB 8's SBE plans). */
    private static void walk(Object node, List<String> stages, List<String> indexes) {
        if (node instanceof Document plan) {
            if (plan.get("stage") instanceof String stage) {
                stages.add(stage);
            }
            if (plan.get("indexName") instanceof String index) {
                indexes.add(index);
            }
            plan.values().forEach(child -> walk(child, stages, indexes));
        } else if (node instanceof List<?> children) {
            children.forEach(child -> walk(child, stages, indexes));
        }
    }
}

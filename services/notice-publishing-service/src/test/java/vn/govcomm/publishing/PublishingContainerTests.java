package vn.govcomm.publishing;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.deliveries.Rendering;
import vn.govcomm.publishing.publications.Publications;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store and messaging code against a real MongoDB replica set (secondary indexes, real unordered bulk
 * writes with duplicate-key errors) and a real Kafka broker. Skipped where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = {"spring.config.name=notice-publishing-service", "server.port=0",
        "govcomm.publishing.scheduler-interval=100ms", "govcomm.publishing.first-batch=5",
        "govcomm.publishing.target-batch=10"})
class PublishingContainerTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("spring.mongodb.uri", MONGO::getReplicaSetUrl);
        registry.add("spring.mongodb.database", () -> "govcomm_publishing_ct");
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
    }

    @Autowired MongoTemplate mongo;
    @Autowired Deliveries deliveries;
    @Autowired Publications publications;

    @Test
    void redoingABatchOnRealMongoInsertsNothingTwiceAndOverwritesNoReportedStatus() {
        List<String> agencies = List.of("ct-a", "ct-b");
        agencies.forEach(a -> mongo.save(TestStack.replicaEntry(a), "agencies"));
        Document campaign = TestStack.campaignScheduled("cmp-ct-batch", agencies, TestStack.CHANNELS, Instant.now(),
                Instant.now().plus(1, ChronoUnit.DAYS));
        Map<String, Document> directory = agencies.stream().map(TestStack::replicaEntry)
                .collect(Collectors.toMap(d -> d.getString("_id"), Function.identity()));
        var planned = deliveries.plan(campaign, Rendering.forNotice(campaign.get("notice", Document.class)),
                campaign.getList("targets", Document.class), directory, Instant.now());

        assertThat(deliveries.recordDispatched(planned, Instant.now())).isEqualTo(8);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(planned.getFirst().delivery().get("_id"))),
                new org.springframework.data.mongodb.core.query.Update().set("status", "PUBLISHED"), "deliveries");
        mongo.updateFirst(Query.query(Criteria.where("_id").is(planned.getLast().delivery().get("_id"))),
                new org.springframework.data.mongodb.core.query.Update().set("status", "PENDING"), "deliveries");

        // the batch redone after a crash: nothing inserted twice, a reported status kept, a PENDING leftover dispatched
        assertThat(deliveries.recordDispatched(planned, Instant.now())).isEqualTo(1);
        assertThat(mongo.count(Query.query(Criteria.where("campaignId").is("cmp-ct-batch")), "deliveries")).isEqualTo(8);
        assertThat(mongo.findById(planned.getFirst().delivery().get("_id"), Document.class, "deliveries").getString("status"))
                .isEqualTo("PUBLISHED");
        assertThat(mongo.findById(planned.getLast().delivery().get("_id"), Document.class, "deliveries").getString("status"))
                .isEqualTo("DISPATCHED");
    }

    @Test
    void aScheduledCampaignIsFannedOutAndDispatchedThroughRealKafka() {
        List<String> agencies = IntStream.range(0, 30).mapToObj(i -> "ct-fan-" + i).toList();
        agencies.forEach(a -> mongo.save(TestStack.replicaEntry(a), "agencies"));
        TestStack.schedule(publications, TestStack.campaignScheduled("cmp-ct-fan", agencies, List.of("portal", "zalo"), Instant.now(),
                Instant.now().plus(1, ChronoUnit.DAYS)), "evt-ct");

        await().atMost(Duration.ofSeconds(60)).until(() -> "EXPANDED".equals(
                mongo.findById("cmp-ct-fan:v1", Document.class, "publications").getString("state")));
        assertThat(mongo.count(Query.query(Criteria.where("campaignId").is("cmp-ct-fan").and("status").is("DISPATCHED")),
                "deliveries")).isEqualTo(60);
    }
}

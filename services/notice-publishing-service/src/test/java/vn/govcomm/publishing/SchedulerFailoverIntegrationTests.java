package vn.govcomm.publishing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.publishing.deliveries.Deliveries;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.publishing.TestStack.KAFKA;
import static vn.govcomm.publishing.TestStack.MONGO;

/**
 * Scheduler robustness with real application contexts on one broker and one store: a restart in the middle of
 * an expansion (including a batch that the stopped instance had written but not sent), and two instances
 * racing for the same due publications.
 */
class SchedulerFailoverIntegrationTests {

    final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void stopAll() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    ConfigurableApplicationContext startInstance(String database) {
        // As command-line arguments: they outrank the service's own file and the shared defaults.
        String[] args = java.util.stream.Stream.of(
                "spring.config.name=" + NoticePublishingApplication.CONFIG_NAME,
                "spring.mongodb.database=" + database,
                "server.port=0",
                "spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                "spring.mongodb.uri=" + MONGO.uri(database),
                // each test has its own database, so its own consumer groups too
                "spring.kafka.consumer.group-id=" + database,
                "govcomm.publishing.scheduler-interval=100ms",
                "govcomm.publishing.lease=5s",
                "govcomm.publishing.directory-grace=10m",
                "govcomm.publishing.first-batch=10",
                "govcomm.publishing.target-batch=20",
                TestStack.callerKeysProperty(),
                "logging.level.org.apache.kafka=WARN").map(p -> "--" + p).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(NoticePublishingApplication.class).run(args);
        contexts.add(context);
        return context;
    }

    @Test
    void restartInTheMiddleOfAnExpansionMissesNothingAndDuplicatesNothing() {
        String database = "publishing_restart";
        List<String> agencies = IntStream.range(0, 120).mapToObj(i -> "rs-agency-" + i).toList();
        MongoTemplate mongo = new MongoTemplate(com.mongodb.client.MongoClients.create(MONGO.uri(database)), database);
        // Only the first half of the directory has arrived: the expansion stops at the first batch that needs
        // the rest (targets 50..69) and waits for it.
        agencies.subList(0, 60).forEach(a -> mongo.insert(TestStack.replicaEntry(a), "agencies"));
        String campaignId = "cmp-restart-1";
        Document campaign = TestStack.campaignScheduled(campaignId, agencies, List.of("portal", "led"), Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS));

        ConfigurableApplicationContext first = startInstance(database);
        TestStack.schedule(first.getBean(vn.govcomm.publishing.publications.Publications.class), campaign, "evt-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> publication(mongo).getInteger("expandedTargets") == 50);
        assertThat(publication(mongo).getString("state")).isEqualTo("EXPANDING");
        first.close();

        // As if the stopped instance had crashed after inserting part of the next batch but before sending it.
        String pubId = campaignId + ":v1";
        for (String agency : agencies.subList(50, 55)) {
            mongo.insert(new Document("_id", Deliveries.deliveryId(campaignId, 1, agency, agency + ".portal"))
                    .append("campaignId", campaignId).append("noticeVersion", 1).append("agencyId", agency)
                    .append("channel", "portal").append("endpointId", agency + ".portal").append("externalId", "portal-" + agency)
                    .append("status", "PENDING").append("attempt", 1).append("batch", pubId + ":50"), "deliveries");
        }
        agencies.subList(60, 120).forEach(a -> mongo.insert(TestStack.replicaEntry(a), "agencies"));

        startInstance(database);
        await().atMost(Duration.ofSeconds(30)).until(() -> "EXPANDED".equals(publication(mongo).getString("state")));

        Document publication = publication(mongo);
        assertThat(publication.getInteger("deliveries")).isEqualTo(240);
        assertThat(publication.getInteger("dispatched")).isEqualTo(240);
        assertThat(publication.getList("expandedBy", String.class)).hasSize(2);
        List<Document> stored = mongo.find(Query.query(Criteria.where("campaignId").is(campaignId)), Document.class, "deliveries");
        assertThat(stored).hasSize(240).allSatisfy(d -> assertThat(d.getString("status")).isEqualTo("DISPATCHED"));
        Set<String> expected = new HashSet<>();
        for (String agency : agencies) {
            expected.add(Deliveries.deliveryId(campaignId, 1, agency, agency + ".portal"));
            expected.add(Deliveries.deliveryId(campaignId, 1, agency, agency + ".led"));
        }
        assertThat(stored).extracting(d -> d.getString("_id")).containsExactlyInAnyOrderElementsOf(expected);
        List<String> sent = new ArrayList<>();
        for (String channel : List.of("portal", "led")) {
            TestStack.readAll("delivery.requests." + channel, r -> new String(r.value()).contains(campaignId), Duration.ofSeconds(2))
                    .forEach(r -> sent.add(IncomingEvent.from(r).subject()));
        }
        assertThat(sent).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void withTwoInstancesExactlyOneExpandsEachPublicationAndNothingIsSentTwice() {
        String database = "publishing_pair";
        List<String> agencies = IntStream.range(0, 150).mapToObj(i -> "pair-agency-" + i).toList();
        MongoTemplate mongo = new MongoTemplate(com.mongodb.client.MongoClients.create(MONGO.uri(database)), database);
        agencies.forEach(a -> mongo.insert(TestStack.replicaEntry(a), "agencies"));
        ConfigurableApplicationContext a = startInstance(database);
        ConfigurableApplicationContext b = startInstance(database);
        List<String> ids = new ArrayList<>();
        Instant publishAt = Instant.now().plusSeconds(2); // both instances are up and polling when it falls due
        for (int i = 0; i < 3; i++) {
            String campaignId = "cmp-pair-" + i;
            ids.add(campaignId);
            TestStack.schedule((i % 2 == 0 ? a : b).getBean(vn.govcomm.publishing.publications.Publications.class),
                    TestStack.campaignScheduled(campaignId, agencies, List.of("facebook", "zalo"), publishAt,
                            publishAt.plus(30, ChronoUnit.DAYS)), "evt-" + i);
        }

        await().atMost(Duration.ofSeconds(40)).until(() -> mongo.count(Query.query(Criteria.where("state").is("EXPANDED")),
                "publications") == 3);
        for (String campaignId : ids) {
            Document publication = mongo.findById(campaignId + ":v1", Document.class, "publications");
            assertThat(publication.getList("expandedBy", String.class)).as(campaignId).hasSize(1);
            assertThat(publication.getInteger("deliveries")).isEqualTo(300);
            assertThat(mongo.count(Query.query(Criteria.where("campaignId").is(campaignId).and("status").is("DISPATCHED")),
                    "deliveries")).isEqualTo(300);
        }
        for (String channel : List.of("facebook", "zalo")) {
            List<ConsumerRecord<String, byte[]>> records = TestStack.readAll("delivery.requests." + channel,
                    r -> new String(r.value()).contains("cmp-pair-"), Duration.ofSeconds(2));
            assertThat(records).extracting(r -> IncomingEvent.from(r).subject()).hasSize(450).doesNotHaveDuplicates();
        }
    }

    static Document publication(MongoTemplate mongo) {
        return mongo.findById("cmp-restart-1:v1", Document.class, "publications");
    }
}

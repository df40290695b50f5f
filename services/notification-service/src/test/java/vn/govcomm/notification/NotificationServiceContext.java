package vn.govcomm.notification;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.notification.campaigns.Plans;
import vn.govcomm.notification.compliance.DeliveryRows;
import vn.govcomm.notification.rounds.NotificationScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/**
 * The running service over a real broker (in-process KRaft), a MongoDB-wire store, GreenMail as its SMTP relay
 * and a {@link MutableClock}; one Spring context shared by every subclass. The background loop ticks every 200 ms
 * at whatever the clock says; tests move the clock and call {@link NotificationScheduler#tick()} when they need
 * "everything due now is done" before asserting that nothing (more) was sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=notification-service",
        "govcomm.notifications.scheduler.interval=200ms",
        "govcomm.notifications.console-base-url=https://console.govcomm.test",
        "govcomm.notifications.from=Hệ thống GovComm <thongbao@govcomm.test>",
        "govcomm.outbox.sweep-interval=500ms"})
@Import(TestClockConfiguration.class)
public abstract class NotificationServiceContext {

    public static final String AUDIENCE = "notification-service";
    public static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    public static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    /** Far from today, so nothing real is ever due by accident; tests set it. */
    public static final MutableClock CLOCK = new MutableClock(Instant.parse("2031-01-01T00:00:00Z"));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("notifications"));
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> Mailboxes.PORT);
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
    }

    @LocalServerPort protected int port;
    @Autowired protected KafkaTemplate<String, byte[]> kafka;
    @Autowired protected MongoTemplate mongo;
    @Autowired protected NotificationScheduler scheduler;

    protected Events events() {
        return new Events(kafka);
    }

    /** A client whose every request carries a fresh caller token of this agency and roles. */
    protected RestClient as(String agency, String... roles) {
        return RestClient.builder().baseUrl("http://localhost:" + port).requestInterceptor((request, body, execution) -> {
            request.getHeaders().set(HttpHeaders.AUTHORIZATION, TestCallers.bearer(AUDIENCE, "user-of-" + agency, agency, roles));
            return execution.execute(request, body);
        }).build();
    }

    protected JsonNode get(RestClient client, String uri, Object... vars) {
        return Events.JSON.readTree(client.get().uri(uri, vars).retrieve().body(String.class));
    }

    /** Waits until the plan of this version is stored with its rounds. */
    protected void awaitPlan(String campaignId, int version, int rounds) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Document plan = mongo.findById(campaignId, Document.class, Plans.COLLECTION);
            return plan != null && plan.getInteger("version", 0) == version
                    && mongo.count(Query.query(Criteria.where("campaignId").is(campaignId).and("planVersion").is(version)),
                    Plans.ROUNDS) == rounds;
        });
    }

    /** Waits until the store has these delivery rows of the campaign, each in the given status. */
    protected void awaitStatuses(String campaignId, List<String> agencyChannelStatus) {
        await().atMost(Duration.ofSeconds(30)).until(() -> agencyChannelStatus.stream().allMatch(entry -> {
            String[] parts = entry.split(":");
            Document row = mongo.findById("dlv-" + campaignId + "-" + parts[0] + "-" + parts[1], Document.class,
                    DeliveryRows.COLLECTION);
            return row != null && parts[2].equals(row.getString("status"));
        }));
    }

    /** Waits until the directory has the agency with this mailbox (or none). */
    protected void awaitAgencies(List<String> agencyIds) {
        await().atMost(Duration.ofSeconds(30)).until(() -> agencyIds.stream()
                .allMatch(id -> mongo.findById(id, Document.class, "notification_agencies") != null));
    }

    /** Waits until the consumer group has committed every record now on the topic (all its events were handled). */
    protected void awaitConsumed(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
            });
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The notification documents of a campaign. */
    protected List<Document> notificationsOf(String campaignId) {
        return mongo.find(Query.query(Criteria.where("campaignId").is(campaignId)), Document.class, "notifications");
    }
}

package vn.govcomm.manual.tasks;

import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.StatusReports;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.web.ApiProblem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task store against a real MongoDB replica set (the queries are written for it): racing reviews resolved by
 * the compare-and-set, the positional review update and the queued report, the list filters and their order.
 * Skipped without Docker. The outbox relay is never started here: events stay on the delivery document.
 */
@Testcontainers(disabledWithoutDocker = true)
class TaskStoreContainerTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");
    static final JsonMapper JSON = JsonMapper.builder().build();

    static MongoTemplate mongo;
    static AdapterDeliveries deliveries;
    static ManualTasks tasks;
    static ManualChannel channel;

    @BeforeAll
    static void connect() {
        mongo = new MongoTemplate(MongoClients.create(MONGO.getReplicaSetUrl()), "govcomm_manual_it");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        deliveries = new AdapterDeliveries(mongo, new StatusReports("manual", JSON),
                new OutboxRelay(mongo, new EventPublisher(null), AdapterDeliveries.COLLECTION, Duration.ofHours(1), 100,
                        meters), Clock.systemUTC());
        TaskProperties properties = new TaskProperties("https://console.govcomm.test", Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 500);
        TaskStatuses statuses = new TaskStatuses(mongo, deliveries, properties);
        tasks = new ManualTasks(mongo, statuses, new TaskMetrics(mongo, meters));
        channel = new ManualChannel(tasks, statuses, deliveries, null);
    }

    @AfterAll
    static void drop() {
        if (mongo != null) {
            mongo.getDb().drop();
        }
    }

    @Test
    void ofEightRacingReviewersExactlyOneWinsAndOneStatusIsQueuedOnTheDelivery() throws Exception {
        ManualTask seen = submitted(open("dlv-race", "cmp-race", Instant.now().plus(Duration.ofDays(3))));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ManualTask>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                Decision decision = i % 2 == 0 ? Decision.ACCEPT : Decision.REJECT;
                String reviewer = "reviewer-" + i;
                Callable<ManualTask> review = () -> {
                    start.await();
                    return tasks.review(seen, decision, "Lý do " + reviewer, reviewer, null);
                };
                results.add(pool.submit(review));
            }
            start.countDown();
        }
        int won = 0;
        int conflicts = 0;
        for (Future<ManualTask> result : results) {
            try {
                result.get();
                won++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ApiProblem.class);
                assertThat(((ApiProblem) e.getCause()).status().value()).isEqualTo(409);
                conflicts++;
            }
        }
        assertThat(won).isEqualTo(1);
        assertThat(conflicts).isEqualTo(7);
        ManualTask after = tasks.find("dlv-race").orElseThrow();
        assertThat(after.version()).isEqualTo(seen.version() + 1);
        assertThat(after.evidence().getFirst().review()).isNotNull();
        Document delivery = mongo.findById("dlv-race", Document.class, AdapterDeliveries.COLLECTION);
        assertThat(delivery.getList(OutboxRelay.FIELD, Document.class)).extracting(e -> e.getString("data"))
                .anySatisfy(data -> assertThat(data).contains(after.state() == TaskState.ACCEPTED ? "PUBLISHED" : "FAILED"));
        assertThat(mongo.findById("dlv-race", Document.class, ManualTasks.COLLECTION)
                .getList(TaskStatuses.UNREPORTED, Document.class)).isEmpty();
    }

    @Test
    void listsFilterByAgencyIssuerStateAndCampaignSoonestDeadlineFirst() {
        Instant now = Instant.now();
        open("dlv-late", "cmp-list", now.plus(Duration.ofDays(9)));
        open("dlv-soon", "cmp-list", now.plus(Duration.ofDays(1)));
        submitted(open("dlv-review", "cmp-list", now.plus(Duration.ofDays(5))));

        assertThat(tasks.list(new ManualTasks.Filter("so-y-te", null, null, "cmp-list", 10)))
                .extracting(ManualTask::deliveryId).containsExactly("dlv-soon", "dlv-review", "dlv-late");
        assertThat(tasks.list(new ManualTasks.Filter(null, "so-noi-vu", TaskState.AWAITING_REVIEW, "cmp-list", 10)))
                .extracting(ManualTask::deliveryId).containsExactly("dlv-review");
        assertThat(tasks.list(new ManualTasks.Filter("so-tai-chinh", null, null, "cmp-list", 10))).isEmpty();
        assertThat(tasks.list(new ManualTasks.Filter("so-y-te", null, null, "cmp-list", 1))).hasSize(1);
    }

    @Test
    void aNewAttemptRestartsTheTaskAndAStaleOneChangesNothing() {
        ManualTask first = submitted(open("dlv-attempts", "cmp-attempts", Instant.now().plus(Duration.ofDays(2))));
        assertThat(tasks.open(request("dlv-attempts", "cmp-attempts", Instant.now(), 2))).isEqualTo(ManualTasks.Opened.RESTARTED);
        assertThat(tasks.open(request("dlv-attempts", "cmp-attempts", Instant.now(), 1))).isEqualTo(ManualTasks.Opened.UNCHANGED);
        ManualTask restarted = tasks.find("dlv-attempts").orElseThrow();
        assertThat(restarted.state()).isEqualTo(TaskState.AWAITING_CONFIRMATION);
        assertThat(restarted.attempt()).isEqualTo(2);
        assertThat(restarted.evidence()).hasSize(1).first().extracting(ManualTask.Evidence::attempt).isEqualTo(1);
        assertThat(restarted.version()).isGreaterThan(first.version());
    }

    private static ManualTask open(String deliveryId, String campaignId, Instant deadline) {
        DeliveryRequested request = request(deliveryId, campaignId, deadline, 1);
        assertThat(deliveries.accept(request, Document.parse(JSON.writeValueAsString(request)))).isTrue();
        channel.publish(request);
        return tasks.find(deliveryId).orElseThrow();
    }

    private static ManualTask submitted(ManualTask task) {
        return tasks.submit(task, new ManualTask.Evidence("evd-" + task.deliveryId(), task.attempt(),
                "https://syt.khanhhoa.gov.vn/a", null, LocalDate.now(ManualTasks.ZONE), null, "le.thi.hoa",
                "Lê Thị Hoa", Instant.now(), null));
    }

    private static DeliveryRequested request(String deliveryId, String campaignId, Instant deadline, int attempt) {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.get().example("vn.govcomm.delivery.requested.v1"));
        data.put("deliveryId", deliveryId).put("campaignId", campaignId).put("channel", "manual")
                .put("externalId", "one-stop-board").put("deadline", deadline.toString()).put("attempt", attempt);
        ((ObjectNode) data.get("window")).put("startsAt", Instant.now().minus(Duration.ofHours(1)).toString());
        return JSON.readValue(data.toString(), DeliveryRequested.class);
    }
}

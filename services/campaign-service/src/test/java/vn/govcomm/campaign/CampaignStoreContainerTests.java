package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.events.IncomingEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The store and messaging code against a real MongoDB replica set and a real Kafka broker (Docker only; skipped
 * where there is none): duplicate submissions under concurrency resolve to one campaign through the real unique
 * _id index, two approvers at once give one approval, and the outbox relay publishes contract-valid events.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = "spring.config.name=campaign-service")
@AutoConfigureMockMvc
class CampaignStoreContainerTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.getReplicaSetUrl("campaigns"));
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
    }

    /** A caller token for this service, as the gateway sends it. */
    static String bearer(String user, String role) {
        return TestCallers.bearer("campaign-service", user, "so-noi-vu", role);
    }

    @Autowired MockMvc mvc;
    @Autowired JsonMapper json;

    static final String DRAFT = """
            {"code": "SNV-CCHC-2023-09", "issuingAgencyId": "so-noi-vu",
             "notice": {"title": "Thông báo triển khai khảo sát mức độ hài lòng năm 2023",
                        "bodyHtml": "<p>Khảo sát viên lấy ý kiến từ tháng 9 đến tháng 11.</p>",
                        "ledText": "Khảo sát mức độ hài lòng năm 2023"},
             "targets": [{"agencyId": "so-y-te", "channels": ["portal", "led"]}],
             "window": {"startDate": "2030-09-01", "endDate": "2030-11-30"}}
            """;

    @Test
    void duplicateSubmissionsAndConcurrentApprovalsOnARealReplicaSet() throws Exception {
        String key = UUID.randomUUID().toString();
        List<MvcResult> creates = together(4, () -> mvc.perform(post("/api/campaigns")
                .header(HttpHeaders.AUTHORIZATION, bearer("tran.thi.lan", "officer"))
                .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).content(DRAFT)).andReturn());
        List<String> ids = creates.stream().map(r -> json.readTree(content(r)).path("id").asString()).distinct().toList();
        assertThat(ids).hasSize(1);
        String id = ids.get(0);
        mvc.perform(post("/api/campaigns/{id}/submit", id)
                .header(HttpHeaders.AUTHORIZATION, bearer("tran.thi.lan", "officer")));

        List<MvcResult> approvals = together(2, () -> mvc.perform(post("/api/campaigns/{id}/approve", id)
                .header(HttpHeaders.AUTHORIZATION, bearer("approver-" + UUID.randomUUID(), "approver"))).andReturn());
        assertThat(approvals.stream().map(r -> r.getResponse().getStatus()).sorted().toList()).containsExactly(200, 409);

        List<IncomingEvent> events = TopicProbe.read(KAFKA.getBootstrapServers(), "campaign.events",
                        r -> id.equals(r.key()), 3, Duration.ofSeconds(30)).stream().map(IncomingEvent::from).toList();
        assertThat(events).extracting(IncomingEvent::type).containsExactly("vn.govcomm.campaign.submitted.v1",
                "vn.govcomm.campaign.approved.v1", "vn.govcomm.campaign.scheduled.v1");
        events.forEach(e -> assertThat(Contracts.get().validate(e.type(), e.dataAsString())).isEmpty());
    }

    private String content(MvcResult r) {
        try {
            return r.getResponse().getContentAsString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Call {
        MvcResult run() throws Exception;
    }

    private static List<MvcResult> together(int n, Call call) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(n);
        List<CompletableFuture<MvcResult>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                    return call.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<MvcResult> results = new ArrayList<>();
        for (CompletableFuture<MvcResult> f : futures) {
            results.add(f.get(30, TimeUnit.SECONDS));
        }
        return results;
    }
}

package vn.govcomm.reporting;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.Caller;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.reporting.projections.ReadModels;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running service over a real broker and a MongoDB-wire store, trusting the test caller-token key; one Spring
 * context shared by every subclass (same configuration, so the test context cache reuses it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=reporting-service", "govcomm.reporting.stream.poll-interval=PT0.1S",
                "govcomm.identity.province-wide-agencies=so-noi-vu,ubnd-tinh,van-phong-ubnd-tinh," + Callers.PROVINCE_WIDE_ELSEWHERE})
abstract class ReportingServiceContext {

    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("reporting"));
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
    }

    @LocalServerPort int port;
    @Autowired KafkaTemplate<String, byte[]> kafka;
    @Autowired MongoTemplate mongo;

    private static volatile boolean elsewhereKnown;

    /** The province-wide agency of another province in the directory replica (once per context; before every test). */
    @BeforeEach
    void provinceWideAgencyElsewhere() {
        if (elsewhereKnown) {
            return;
        }
        synchronized (ReportingServiceContext.class) {
            if (!elsewhereKnown) {
                new Scenario(kafka, Scenario.randomCampaignId()).agency(Callers.PROVINCE_WIDE_ELSEWHERE,
                        "Ủy ban nhân dân Thành phố Hà Nội", Callers.ELSEWHERE);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Document agency = mongo.findById(Callers.PROVINCE_WIDE_ELSEWHERE, Document.class, ReadModels.AGENCIES);
                    return agency != null && Callers.ELSEWHERE.equals(agency.getString("provinceId"));
                });
                elsewhereKnown = true;
            }
        }
    }

    /** A client of an officer of the scenario's issuing agency. */
    RestClient http() {
        return as(Callers.ISSUING, Caller.OFFICER);
    }

    RestClient as(String agency, String... roles) {
        return RestClient.builder().baseUrl("http://localhost:" + port).requestInterceptor(Callers.as(agency, roles)).build();
    }

    JsonNode get(String uri, Object... vars) {
        return JSON.readTree(http().get().uri(uri, vars).retrieve().body(String.class));
    }

    /** A {@link Scenario} campaign, all of its events projected (8 deliveries, directory names in). */
    String settledScenario() {
        String id = Scenario.randomCampaignId();
        new Scenario(kafka, id).publishAll();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            JsonNode report = get("/api/reports/campaigns/{id}", id);
            assertThat(report.path("total").asInt()).isEqualTo(8);
            assertThat(report.path("byChannel").path("facebook").path("FAILED").asInt()).isEqualTo(1);
            assertThat(report.path("byChannel").path("zalo").path("ACCEPTED").asInt()).isEqualTo(1);
            assertThat(report.path("byChannel").path("led").path("ACCEPTED").asInt()).isEqualTo(1);
            assertThat(report.path("byStatus").path("PUBLISHED").asInt()).isEqualTo(4);
            assertThat(get("/api/reports/campaigns/{id}/compliance", id).path("agencies").get(0).path("name").asString())
                    .isNotEqualTo("so-y-te");
        });
        return id;
    }
}

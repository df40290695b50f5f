package vn.govcomm.campaign;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.events.IncomingEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = "spring.config.name=campaign-service")
@AutoConfigureMockMvc
class CampaignLifecycleIntegrationTests {

    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("campaigns"));
    }

    @Autowired MockMvc mvc;
    @Autowired JsonMapper json;

    static final String DRAFT = """
            {"code": "SNV-CCHC-2023-09", "issuingAgencyId": "so-noi-vu",
             "legalReferences": ["Quyết định số 1118/QĐ-UBND ngày 19/5/2023"],
             "notice": {"title": "Thông báo triển khai khảo sát mức độ hài lòng năm 2023",
                        "bodyHtml": "<p>Lực lượng khảo sát viên sẽ lấy ý kiến từ tháng 9/2023 đến tháng 11/2023.</p>",
                        "ledText": "Khảo sát mức độ hài lòng năm 2023"},
             "targets": [{"agencyId": "so-y-te", "channels": ["portal", "facebook", "zalo", "led"]},
                         {"agencyId": "ubnd-nha-trang", "channels": ["portal", "led"]}],
             "window": {"startDate": "2023-09-01", "endDate": "2023-11-30"},
             "publishAt": "2030-09-05T08:00:00+07:00"}
            """;

    @Test
    void approvedCampaignIsScheduledAndEveryEmittedEventMatchesItsContract() throws Exception {
        String id = createAndSubmit();

        mvc.perform(post("/api/campaigns/{id}/approve", id).header("X-User-Id", "nguyen.van.minh")
                        .header("X-User-Roles", "approver").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"comment\": \"Đồng ý\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SCHEDULED"));

        List<IncomingEvent> events = consume("campaign.events", e -> id.equals(e.subject()), 3);
        assertThat(events).extracting(IncomingEvent::type).containsExactly(
                "vn.govcomm.campaign.submitted.v1", "vn.govcomm.campaign.approved.v1", "vn.govcomm.campaign.scheduled.v1");
        events.forEach(e -> assertThat(Contracts.get().validate(e.type(), e.dataAsString())).as(e.type()).isEmpty());
        JsonNode scheduled = json.readTree(events.get(2).dataAsString());
        assertThat(scheduled.path("publishAt").asString()).isEqualTo("2030-09-05T08:00:00+07:00");
        assertThat(scheduled.path("window").path("startsAt").asString()).isEqualTo("2023-09-01T00:00:00+07:00");
        assertThat(scheduled.path("targets")).hasSize(2);
    }

    @Test
    void authorCannotApproveOwnCampaign() throws Exception {
        String id = createAndSubmit();
        mvc.perform(post("/api/campaigns/{id}/approve", id).header("X-User-Id", "tran.thi.lan")
                        .header("X-User-Roles", "officer,approver"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("four-eyes"));
    }

    @Test
    void rejectsChannelsAnAgencyDoesNotHaveWithFieldProblems() throws Exception {
        String invalid = DRAFT.replace("{\"agencyId\": \"ubnd-nha-trang\", \"channels\": [\"portal\", \"led\"]}",
                "{\"agencyId\": \"cuc-thong-ke\", \"channels\": [\"led\"]}")
                .replace("\"endDate\": \"2023-11-30\"", "\"endDate\": \"2023-08-01\"");
        mvc.perform(post("/api/campaigns").header("X-User-Id", "tran.thi.lan")
                        .contentType(MediaType.APPLICATION_JSON).content(invalid))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("validation-failed"))
                .andExpect(jsonPath("$.errors[?(@.code == 'channel-not-available')].field").value("targets[1].channels"))
                .andExpect(jsonPath("$.errors[?(@.code == 'window-end-before-start')].field").value("window.endDate"));
    }

    @Test
    void publishesTheSeededDirectoryAsContractValidSnapshots() {
        List<IncomingEvent> events = consume("directory.agencies", e -> true, 40);
        assertThat(events).hasSizeGreaterThanOrEqualTo(40);
        events.forEach(e -> assertThat(Contracts.get().validate(e.type(), e.dataAsString())).as(e.key()).isEmpty());
    }

    private String createAndSubmit() throws Exception {
        MvcResult created = mvc.perform(post("/api/campaigns").header("X-User-Id", "tran.thi.lan")
                        .header("X-User-Roles", "officer").contentType(MediaType.APPLICATION_JSON).content(DRAFT))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("DRAFT"))
                .andReturn();
        String id = json.readTree(created.getResponse().getContentAsString()).path("id").asString();
        mvc.perform(post("/api/campaigns/{id}/submit", id).header("X-User-Id", "tran.thi.lan"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("SUBMITTED"));
        return id;
    }

    private static List<IncomingEvent> consume(String topic, java.util.function.Predicate<IncomingEvent> filter, int n) {
        List<IncomingEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    IncomingEvent e = IncomingEvent.from(r);
                    if (filter.test(e)) {
                        events.add(e);
                    }
                }
                return events.size() >= n;
            });
        }
        return events;
    }
}

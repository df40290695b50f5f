package vn.govcomm.campaign;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.events.IncomingEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One Spring context for all integration test classes (same configuration, so the context cache shares it):
 * the service on an in-process Kafka broker and mongo-java-server, listening on a random port (real HTTP for
 * {@link AccessRulesIntegrationTests}, MockMvc with the same filters for the others). It trusts the
 * {@link TestCallers} key: every request carries a caller token for {@value #AUDIENCE}, as the gateway sends it.
 * Users: officer tran.thi.lan and approver nguyen.van.minh of so-noi-vu, officer/approver of so-y-te, an admin and
 * a province viewer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=campaign-service", "govcomm.attachments.max-size=256KB",
        "govcomm.attachments.public-base-url=https://govcomm.example.vn",
        // the seed plan at start, as the local launcher loads it with its demo data (off by default)
        "govcomm.plans.demo-data=true",
        // tests call RecurringDrafts.createDue with their own clock; the scheduled run would use today's
        "govcomm.templates.recurrence-initial-delay=1d", "govcomm.templates.recurrence-interval=1d"})
@AutoConfigureMockMvc
public abstract class CampaignServiceTestSupport {

    /** The audience of this service's caller tokens: its spring.application.name. */
    protected static final String AUDIENCE = "campaign-service";

    protected static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    protected static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("campaigns"));
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
    }

    @Autowired protected MockMvc mvc;
    @Autowired protected JsonMapper json;
    @Autowired protected MongoTemplate mongo;

    /**
     * A user as the gateway vouches for it: roles comma-separated, agency may be null; {@code name} the display name
     * the token carries (null: none, as in tokens minted before names were carried).
     */
    protected record User(String id, String roles, String agency, String name) {

        protected User(String id, String roles, String agency) {
            this(id, roles, agency, null);
        }

        /** {@code Bearer <caller token>} for this service, minted now (tokens live 60 s). */
        public String bearer() {
            String[] roleList = roles.isBlank() ? new String[0] : roles.split(",");
            return name == null ? TestCallers.bearer(AUDIENCE, id, agency, roleList)
                    : TestCallers.namedBearer(AUDIENCE, id, name, agency, roleList);
        }

        public <B extends org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder<B>> B on(B request) {
            return request.header(HttpHeaders.AUTHORIZATION, bearer());
        }
    }

    protected static final User OFFICER = new User("tran.thi.lan", "officer", "so-noi-vu");
    /** With a display name (as ADMIN): decisions record it next to the id; the others' tokens carry none. */
    protected static final User APPROVER = new User("nguyen.van.minh", "approver", "so-noi-vu", "Nguyễn Văn Minh");
    protected static final User APPROVER_2 = new User("le.van.hai", "approver", "so-noi-vu");
    protected static final User OTHER_OFFICER = new User("pham.thi.hoa", "officer", "so-y-te");
    protected static final User OTHER_APPROVER = new User("vo.minh.tuan", "approver", "so-y-te");
    protected static final User ADMIN = new User("admin.cntt", "admin", "tt-cntt-dvhcctt", "Hoàng Quốc Bảo");
    protected static final User PROVINCE_VIEWER = new User("giam.sat", "viewer", "so-noi-vu");

    protected static final String DRAFT = """
            {"code": "SNV-CCHC-2023-09", "issuingAgencyId": "so-noi-vu",
             "legalReferences": ["Quyết định số 1118/QĐ-UBND ngày 19/5/2023"],
             "notice": {"title": "Thông báo triển khai khảo sát mức độ hài lòng năm 2023",
                        "bodyHtml": "<p>Lực lượng khảo sát viên sẽ lấy ý kiến từ tháng 9/2023 đến tháng 11/2023.</p>",
                        "ledText": "Khảo sát mức độ hài lòng năm 2023"},
             "targets": [{"agencyId": "so-y-te", "channels": ["portal", "facebook", "zalo", "led"]},
                         {"agencyId": "ubnd-nha-trang", "channels": ["portal", "led"]}],
             "window": {"startDate": "2030-09-01", "endDate": "2030-11-30"},
             "publishAt": "2030-09-05T08:00:00+07:00"}
            """;

    /** DRAFT with changes applied to its JSON tree. */
    protected String draftWith(java.util.function.Consumer<tools.jackson.databind.node.ObjectNode> change) {
        tools.jackson.databind.node.ObjectNode tree = (tools.jackson.databind.node.ObjectNode) json.readTree(DRAFT);
        change.accept(tree);
        return json.writeValueAsString(tree);
    }

    protected JsonNode parse(String text) {
        return json.readTree(text);
    }

    protected JsonNode body(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    protected String create(User user, String request) throws Exception {
        return body(mvc.perform(user.on(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON).content(request))
                .andExpect(status().isCreated())).path("id").asString();
    }

    protected String createAndSubmit(String request) throws Exception {
        String id = create(OFFICER, request);
        mvc.perform(OFFICER.on(post("/api/campaigns/{id}/submit", id))).andExpect(status().isOk());
        return id;
    }

    protected org.springframework.test.web.servlet.ResultActions approve(User user, String id) throws Exception {
        return mvc.perform(user.on(post("/api/campaigns/{id}/approve", id)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"comment\": \"Đồng ý phát hành\"}"));
    }

    protected static String etag(org.springframework.test.web.servlet.ResultActions result) {
        return result.andReturn().getResponse().getHeader(HttpHeaders.ETAG);
    }

    /**
     * Every event of one aggregate on a topic, exactly: waits until the aggregate's outbox is drained (the relay
     * pulls events only after the broker acknowledged them), then reads the topic up to its end offsets.
     */
    protected List<IncomingEvent> allEventsOf(String collection, String topic, String id) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Document doc = mongo.findOne(Query.query(Criteria.where("_id").is(id)), Document.class, collection);
            return doc != null && doc.getList("outbox", Document.class, List.of()).isEmpty();
        });
        return readToEnd(topic, e -> id.equals(e.subject()));
    }

    protected static List<IncomingEvent> readToEnd(String topic, Predicate<IncomingEvent> filter) {
        List<IncomingEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    IncomingEvent e = IncomingEvent.from(r);
                    if (filter.test(e)) {
                        events.add(e);
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return events;
    }

    protected static List<String> types(List<IncomingEvent> events) {
        return events.stream().map(IncomingEvent::type).map(t -> t.replace("vn.govcomm.campaign.", "").replace(".v1", ""))
                .toList();
    }
}

package vn.govcomm.email;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.fakes.http.SettableClock;
import vn.govcomm.fakes.mail.FakeMailServer;
import vn.govcomm.fakes.mail.ReceivedMail;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Spring context for every integration test of the module (same properties = cached context): a real Kafka
 * broker (KRaft, in-process), mongo-java-server and a real SMTP/IMAP server ({@link FakeMailServer}: recipients
 * {@code reject…@} get a 550 at RCPT, {@code bounce…@} a delivery-status notification right after the 250). Bounces
 * go to {@value #BOUNCES}, read over IMAP every 200 ms. The adapter's clock is {@link #CLOCK} (millisecond steps, as
 * the store keeps them), frozen unless a test moves it: the bounce grace (20 s) and the send lease (30 s) pass only when a test says so. The kit's retries run
 * on compressed real time (first retry after 200 ms).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=email-adapter",
        "govcomm.email.from=Sở Nội vụ tỉnh Khánh Hòa <noreply@sonoivu.khanhhoa.gov.vn>",
        "govcomm.email.envelope-from=" + EmailAdapterTestSupport.BOUNCES,
        "govcomm.email.reply-to.so-noi-vu=" + EmailAdapterTestSupport.REPLY_TO,
        "govcomm.email.bounce-grace=20s",
        "govcomm.email.send-lease=30s",
        "govcomm.email.grace-sweep-interval=200ms",
        "govcomm.email.bounces.user=" + EmailAdapterTestSupport.BOUNCES,
        "govcomm.email.bounces.password=any",
        "govcomm.email.bounces.poll-interval=200ms",
        "govcomm.email.bounces.timeout=3s",
        "spring.mail.properties.mail.smtp.connectiontimeout=2000",
        "spring.mail.properties.mail.smtp.timeout=5000",
        "govcomm.kafka.max-retries=2",
        // Compressed time for mails the relay cannot take yet (the kit's durable retries):
        "govcomm.delivery.retry.first-delay=200ms",
        "govcomm.delivery.retry.max-delay=1s",
        "govcomm.delivery.retry.poll-interval=100ms"})
@Import(FrozenClock.class)
public abstract class EmailAdapterTestSupport {

    public static final String REQUESTED = "vn.govcomm.delivery.requested.v1";
    public static final String RETRACTED = "vn.govcomm.delivery.retracted.v1";
    public static final String STATUS = "vn.govcomm.delivery.status-changed.v1";
    public static final String BOUNCES = "bounces@govcomm.local";
    public static final String REPLY_TO = "vanthu@sonoivu.khanhhoa.gov.vn";
    public static final String AUDIENCE = "email-adapter";
    public static final String AGENCY = "so-y-te";
    public static final String TITLE = "Khảo sát mức độ hài lòng của người dân năm 2026 – tỉnh Khánh Hòa";
    public static final String TEXT = "Đề nghị quý cơ quan thông báo rộng rãi đến cán bộ, công chức và người dân.\n\n"
            + "Thời gian khảo sát: từ tháng 9 đến tháng 11/2026.";

    protected static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    protected static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    protected static final FakeMailServer MAIL = new FakeMailServer().ports(0, 0, 0).dsnDelay(Duration.ZERO).start();
    protected static final SettableClock CLOCK = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("govcomm_email"));
        registry.add("spring.mail.host", MAIL::host);
        registry.add("spring.mail.port", MAIL::smtpPort);
        registry.add("govcomm.email.bounces.host", MAIL::host);
        registry.add("govcomm.email.bounces.port", MAIL::imapPort);
    }

    @LocalServerPort protected int port;
    @Autowired protected MongoTemplate mongo;
    @Autowired protected EventPublisher publisher;

    protected static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** A mailbox of its own for a test (the local part's prefix steers the fake: "reject…", "bounce…"). */
    protected static String mailbox(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@soyte.khanhhoa.gov.vn";
    }

    /** The contract example of DeliveryRequested, as the e-mail channel gets it, checked against the contract. */
    protected static ObjectNode request(String deliveryId, String address) {
        ObjectNode d = (ObjectNode) JSON.readTree(Contracts.get().example(REQUESTED));
        d.put("deliveryId", deliveryId);
        d.put("campaignId", "cmp-khaosat-2026");
        d.put("campaignCode", "SNV-CCHC-2026-09");
        d.put("issuingAgencyId", "so-noi-vu");
        d.put("agencyId", AGENCY);
        d.put("channel", "email");
        d.put("endpointId", AGENCY + ".email-" + deliveryId.substring(deliveryId.length() - 4));
        d.put("externalId", address);
        d.put("endpointName", "Hộp thư văn thư Sở Y tế");
        d.remove("ledSchedule");
        ObjectNode window = (ObjectNode) d.get("window");
        window.put("startsAt", Instant.now().minus(Duration.ofHours(1)).toString());
        window.put("endsAt", Instant.now().plus(Duration.ofDays(2)).toString());
        d.put("deadline", Instant.now().plus(Duration.ofDays(3)).toString());
        ObjectNode content = (ObjectNode) d.get("content");
        content.remove("lines");
        content.put("title", TITLE);
        content.put("text", TEXT);
        content.put("html", "<p>Đề nghị quý cơ quan <strong>thông báo rộng rãi</strong> đến cán bộ, công chức.</p>");
        ArrayNode attachments = content.putArray("attachments");
        attachments.addObject().put("name", "Kế hoạch số 12-KH-SNV.pdf").put("mediaType", "application/pdf")
                .put("url", "https://govcomm.khanhhoa.gov.vn/api/campaigns/cmp-khaosat-2026/attachments/att-1")
                .put("sizeBytes", 245_760);
        assertThat(Contracts.get().validate(REQUESTED, d.toString())).as("test request matches the contract").isEmpty();
        return d;
    }

    protected void send(ObjectNode data) {
        sendEvent(REQUESTED, data);
    }

    protected void sendEvent(String type, ObjectNode data) {
        String json = data.toString();
        assertThat(Contracts.get().validate(type, json)).as("test input matches the contract").isEmpty();
        publisher.send(OutgoingEvent.of("delivery.requests.email", data.path("endpointId").asString(), type,
                "/services/notice-publishing-service", data.path("deliveryId").asString(),
                Contracts.get().contract(type).dataschema(), Instant.now(), json)).join();
    }

    protected ObjectNode retraction(ObjectNode delivery, String reason) {
        ObjectNode r = JSON.createObjectNode();
        for (String field : List.of("deliveryId", "campaignId", "agencyId", "channel", "endpointId", "externalId")) {
            r.set(field, delivery.get(field));
        }
        r.put("reason", reason);
        r.put("occurredAt", Instant.now().toString());
        return r;
    }

    protected Document delivery(String deliveryId) {
        return mongo.findById(deliveryId, Document.class, "deliveries");
    }

    protected String status(String deliveryId) {
        Document doc = delivery(deliveryId);
        return doc == null ? null : doc.getString("status");
    }

    protected void awaitStatus(String deliveryId, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(status(deliveryId)).isEqualTo(status));
    }

    /** The first {@code expected} status events of a delivery, each validated against the contract schema. */
    protected static List<JsonNode> statusEvents(String deliveryId, int expected) {
        List<ConsumerRecord<String, byte[]>> records = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.email",
                r -> deliveryId.equals(r.key()), expected, Duration.ofSeconds(30));
        return records.stream().map(r -> {
            IncomingEvent event = IncomingEvent.from(r);
            assertThat(event.type()).isEqualTo(STATUS);
            assertThat(Contracts.get().validate(STATUS, event.dataAsString())).as(event.dataAsString()).isEmpty();
            return JSON.readTree(event.dataAsString());
        }).toList();
    }

    /** The first status event of a delivery with this status, validated against the contract schema. */
    protected static JsonNode statusEvent(String deliveryId, String status) {
        ConsumerRecord<String, byte[]> record = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.email",
                r -> deliveryId.equals(r.key()) && status.equals(JSON.readTree(r.value()).path("status").asString()),
                1, Duration.ofSeconds(30)).getFirst();
        IncomingEvent event = IncomingEvent.from(record);
        assertThat(Contracts.get().validate(STATUS, event.dataAsString())).as(event.dataAsString()).isEmpty();
        return JSON.readTree(event.dataAsString());
    }

    /** The mails that reached a mailbox so far. */
    protected static List<ReceivedMail> mailsTo(String address) {
        return MAIL.messagesTo(address);
    }

    protected static ReceivedMail awaitOneMail(String address) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !mailsTo(address).isEmpty());
        List<ReceivedMail> mails = mailsTo(address);
        assertThat(mails).hasSize(1);
        return mails.getFirst();
    }

    protected static String bearer(String user, String agency, String... roles) {
        return TestCallers.bearer(AUDIENCE, user, agency, roles);
    }
}

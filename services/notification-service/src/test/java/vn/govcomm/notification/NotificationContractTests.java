package vn.govcomm.notification;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.notification.campaigns.Plans;
import vn.govcomm.notification.compliance.DeliveryRows;
import vn.govcomm.notification.directory.Directory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer side of the contracts: the examples of CampaignScheduled, AgencyChanged and DeliveryStatusChanged,
 * sent as they are, are understood; the NotificationSent this service then emits for the example campaign validates
 * against its schema and says what the NotificationSent example says (same id, due time, subject, Message-ID).
 */
class NotificationContractTests extends NotificationServiceContext {

    static final String CAMPAIGN = "cmp-2023-khaosat-hailong";

    @Test
    void consumesTheExamplesAndEmitsTheNotificationSentOfTheExample() {
        // Before the first round (27/11/2023 08:00 in Asia/Ho_Chi_Minh).
        CLOCK.set(Instant.parse("2023-09-04T10:20:00Z"));
        Events events = events();
        for (String type : List.of(EventTypes.AGENCY_CHANGED, EventTypes.CAMPAIGN_SCHEDULED, EventTypes.DELIVERY_STATUS_CHANGED)) {
            ObjectNode example = Events.example(type);
            String topic = switch (type) {
                case EventTypes.AGENCY_CHANGED -> EventTypes.TOPIC_AGENCY_DIRECTORY;
                case EventTypes.CAMPAIGN_SCHEDULED -> EventTypes.TOPIC_CAMPAIGN_EVENTS;
                default -> EventTypes.deliveryStatusTopic(example.path("channel").asString());
            };
            String key = switch (type) {
                case EventTypes.AGENCY_CHANGED -> example.path("agencyId").asString();
                case EventTypes.CAMPAIGN_SCHEDULED -> example.path("campaignId").asString();
                default -> example.path("deliveryId").asString();
            };
            events.send(topic, key, type, example);
        }

        // AgencyChanged: the name and both mailboxes.
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.findById("so-y-te", Document.class, Directory.COLLECTION) != null);
        Document agency = mongo.findById("so-y-te", Document.class, Directory.COLLECTION);
        assertThat(agency.getString("name")).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        assertThat(agency.getString("contactEmail")).isEqualTo("vanphong@syt.khanhhoa.gov.vn");
        assertThat(agency.getString("emailAddress")).isEqualTo("vanphong@syt.khanhhoa.gov.vn");

        // DeliveryStatusChanged: the delivery's row.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                mongo.findById("dlv-7c1f0e9a2b4d5e6f7a8b9c0d", Document.class, DeliveryRows.COLLECTION) != null);
        Document row = mongo.findById("dlv-7c1f0e9a2b4d5e6f7a8b9c0d", Document.class, DeliveryRows.COLLECTION);
        assertThat(row.getString("status")).isEqualTo("PUBLISHED");
        assertThat(row.getString("channel")).isEqualTo("facebook");
        assertThat(row.getInteger("attempt")).isEqualTo(1);

        // CampaignScheduled: the plan and its rounds: deadline 30/11/2023, offsets -3, 0, +2 at 08:00 +07:00.
        awaitPlan(CAMPAIGN, 1, 3);
        Document plan = mongo.findById(CAMPAIGN, Document.class, Plans.COLLECTION);
        assertThat(plan.getString("issuingAgencyId")).isEqualTo("so-noi-vu");
        assertThat(plan.getString("title")).isEqualTo("Thông báo triển khai khảo sát mức độ hài lòng năm 2023");
        assertThat(plan.getList("observers", String.class)).containsExactly("Báo Khánh Hòa", "Trung tâm CNTT&DVHCCTT tỉnh");
        List<Document> rounds = mongo.find(Query.query(Criteria.where("campaignId").is(CAMPAIGN)),
                Document.class, Plans.ROUNDS);
        assertThat(rounds).extracting(r -> r.getDate("dueAt").toInstant().toString()).containsExactlyInAnyOrder(
                "2023-11-27T01:00:00Z", "2023-11-30T01:00:00Z", "2023-12-02T01:00:00Z");
        assertThat(rounds).extracting(r -> r.getString("kind")).containsExactlyInAnyOrder("REMINDER", "REMINDER", "ESCALATION");

        // The first round: so-y-te has published on Facebook only; the example's NotificationSent is what comes out.
        CLOCK.set(Instant.parse("2023-11-27T01:00:02Z"));
        scheduler.tick();
        JsonNode expected = Events.JSON.readTree(Contracts.get().example(EventTypes.NOTIFICATION_SENT));
        String id = expected.path("notificationId").asString();
        List<ConsumerRecord<String, byte[]>> emitted = TopicProbe.read(KAFKA.bootstrapServers(),
                EventTypes.TOPIC_NOTIFICATION_EVENTS, r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 1,
                Duration.ofSeconds(30));
        String json = new String(emitted.getFirst().value(), StandardCharsets.UTF_8);
        assertThat(Contracts.get().validate(EventTypes.NOTIFICATION_SENT, json)).as(json).isEmpty();
        assertThat(emitted.getFirst().key()).isEqualTo(CAMPAIGN);
        JsonNode sent = Events.JSON.readTree(json);
        for (String field : List.of("notificationId", "campaignId", "kind", "recipientAgencyId", "recipients", "transport",
                "outcome", "dueAt", "subject", "messageId", "occurredAt")) {
            assertThat(sent.path(field)).as(field).isEqualTo(expected.path(field));
        }
        assertThat(sent.path("missingChannels").toString()).isEqualTo("[\"portal\",\"zalo\",\"led\"]");
        assertThat(Mailboxes.to("vanphong@syt.khanhhoa.gov.vn")).hasSize(1);
    }
}

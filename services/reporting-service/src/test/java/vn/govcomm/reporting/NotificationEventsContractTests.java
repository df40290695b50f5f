package vn.govcomm.reporting;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.reporting.projections.ReadModels;
import vn.govcomm.reporting.projections.Reminders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer side of notification.events (writer: notification-service): the contract's NotificationSent example
 * is valid against its schema and, fed as it is to the running service, lands in the per-agency document of its
 * campaign; what the contract does not allow is dead-lettered through the kit, never dropped.
 */
class NotificationEventsContractTests extends ReportingServiceContext {

    @Test
    void theContractsExampleIsValidAndIsProjectedAsAReminderOfItsAgency() {
        String example = Contracts.get().example(EventTypes.NOTIFICATION_SENT);
        assertThat(Contracts.get().validate(EventTypes.NOTIFICATION_SENT, example)).isEmpty();
        assertThat(Contracts.get().topics().get(EventTypes.TOPIC_NOTIFICATION_EVENTS)).containsExactly("NotificationSent");
        ObjectNode data = (ObjectNode) JSON.readTree(example);
        String campaignId = data.path("campaignId").asString();

        new Scenario(kafka, campaignId).send(EventTypes.TOPIC_NOTIFICATION_EVENTS, campaignId, EventTypes.NOTIFICATION_SENT, example);

        String key = ReadModels.agencyKey(campaignId, data.path("recipientAgencyId").asString());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Document agency = mongo.findById(key, Document.class, ReadModels.AGENCY_COUNTS);
            assertThat(agency).isNotNull();
            Reminders reminders = Reminders.of(agency);
            assertThat(reminders.reminded()).isEqualTo(1);
            assertThat(reminders.remindedAt()).containsExactly(Instant.parse(data.path("occurredAt").asString()));
            assertThat(reminders.text()).isEqualTo("nhắc 1 lần — 27/11");
        });
        Document entry = mongo.findById(key, Document.class, ReadModels.AGENCY_COUNTS).get("notifications", Document.class)
                .get(ReadModels.fieldKey(data.path("notificationId").asString()), Document.class);
        assertThat(entry.getString("kind")).isEqualTo("REMINDER");
        assertThat(entry.getString("dueAt")).isEqualTo(data.path("dueAt").asString());
        assertThat(entry.getString("transport")).isEqualTo("email");
    }

    @Test
    void aNotificationTheContractDoesNotAllowGoesToTheDeadLetterTopic() {
        String campaignId = Scenario.randomCampaignId();
        Scenario scenario = new Scenario(kafka, campaignId);
        ObjectNode unknownKind = (ObjectNode) JSON.readTree(Contracts.get().example(EventTypes.NOTIFICATION_SENT));
        unknownKind.put("campaignId", campaignId).put("kind", "GOSSIP");
        assertThat(Contracts.get().validate(EventTypes.NOTIFICATION_SENT, unknownKind.toString())).isNotEmpty();
        scenario.send(EventTypes.TOPIC_NOTIFICATION_EVENTS, campaignId, EventTypes.NOTIFICATION_SENT, unknownKind.toString());
        ObjectNode otherType = (ObjectNode) JSON.readTree(Contracts.get().example(EventTypes.NOTIFICATION_SENT));
        otherType.put("campaignId", campaignId).put("notificationId", "ntf-other-type-" + campaignId);
        scenario.send(EventTypes.TOPIC_NOTIFICATION_EVENTS, campaignId, "vn.govcomm.notification.opened.v1", otherType.toString());
        scenario.send(EventTypes.TOPIC_NOTIFICATION_EVENTS, campaignId, EventTypes.NOTIFICATION_SENT, "not json " + campaignId);

        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), EventTypes.TOPIC_NOTIFICATION_EVENTS + ".DLT",
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(campaignId), 3, Duration.ofSeconds(30))).hasSize(3);
        assertThat(mongo.findById(ReadModels.agencyKey(campaignId, "so-y-te"), Document.class, ReadModels.AGENCY_COUNTS)).isNull();
    }
}

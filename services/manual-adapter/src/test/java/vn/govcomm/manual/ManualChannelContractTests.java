package vn.govcomm.manual;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.TopicProbe;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumer side fed the contracts' own examples (DeliveryRequested, DeliveryRetracted) with channel manual; every
 * status the adapter emits validates against the DeliveryStatusChanged schema, and the topics it uses are the
 * ones the AsyncAPI document gives the manual channel.
 */
class ManualChannelContractTests extends ManualAdapterTestSupport {

    @Test
    void theContractExampleAsAManualDeliveryOpensATaskAndEmitsContractValidStatuses() throws Exception {
        ObjectNode example = (ObjectNode) JSON.readTree(Contracts.get().example(REQUESTED));
        example.put("channel", Channels.MANUAL);
        example.put("externalId", "press");
        String deliveryId = example.path("deliveryId").asString();

        send(REQUESTED, example);
        awaitDeliveryStatus(deliveryId, "ACCEPTED");

        JsonNode task = JSON.readTree(get("/api/manual/tasks/" + deliveryId, issuingOfficer()).body());
        assertThat(task.path("campaignCode").asString()).isEqualTo(example.path("campaignCode").asString());
        assertThat(task.path("issuingAgencyId").asString()).isEqualTo(example.path("issuingAgencyId").asString());
        assertThat(task.path("endpointName").asString()).isEqualTo(example.path("endpointName").asString());
        assertThat(task.path("kind").asString()).isEqualTo("press");
        assertThat(task.path("deadline").asString()).isEqualTo("2023-11-30T16:59:59Z");
        // The example's window is in 2023: evidence dated the day before it started is the earliest accepted.
        assertThat(submitEvidence(deliveryId, targetOfficer(), new Multipart().text("url", "https://baokhanhhoa.vn/a")
                .text("publishedOn", "2023-08-31")).statusCode()).isEqualTo(201);
        assertThat(review(deliveryId, issuingOfficer(), "REJECT", "Bài báo không nêu thời gian khảo sát.")
                .statusCode()).isEqualTo(200);

        ObjectNode retraction = (ObjectNode) JSON.readTree(Contracts.get().example(RETRACTED));
        retraction.put("channel", Channels.MANUAL);
        retraction.put("externalId", "press");
        send(RETRACTED, retraction);
        awaitDeliveryStatus(deliveryId, "CANCELLED");

        // statusEvents validates each against delivery-status-changed.v1.json
        List<JsonNode> events = statusEvents(deliveryId, 3);
        assertThat(events).extracting(e -> e.path("status").asString()).containsExactly("ACCEPTED", "FAILED", "CANCELLED");
        assertThat(events.getFirst().path("reason").asString()).contains(example.path("endpointName").asString())
                .contains("23:59 ngày 30/11/2023").contains("2023-11-30 23:59 (UTC+7)");
    }

    @Test
    void theAdapterReadsAndWritesTheTopicsTheContractsGiveTheManualChannel() {
        assertThat(Contracts.get().topics()).containsKey("delivery.requests.manual").containsKey("delivery.status.manual");
        assertThat(Contracts.get().topics().get("delivery.status.manual")).isNotEmpty();
    }

    @Test
    void aRequestForAnotherChannelIsDeadLettered() {
        ObjectNode wrong = request(newId("dlv"), newId("cmp"));
        wrong.put("channel", Channels.LED);

        send(REQUESTED, wrong);

        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), "delivery.requests.manual.DLT",
                r -> wrong.path("endpointId").asString().equals(r.key())
                        && new String(r.value()).contains(wrong.path("deliveryId").asString()), 1, Duration.ofSeconds(20)))
                .hasSize(1);
        assertThat(task(wrong.path("deliveryId").asString())).isNull();
    }
}

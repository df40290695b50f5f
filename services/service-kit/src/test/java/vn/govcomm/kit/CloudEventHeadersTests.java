package vn.govcomm.kit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.events.CampaignTransitioned;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventHeadersTests {

    private final OutgoingEvent event = new OutgoingEvent("5b1f0c1e-0000-4000-8000-000000000001", "campaign.events",
            "cmp-1", "vn.govcomm.campaign.approved.v1", "/services/campaign-service", "cmp-1",
            "https://govcomm.vn/contracts/schemas/campaign-transitioned.v1.json",
            Instant.parse("2023-09-04T10:14:00Z"), "{\"campaignId\":\"cmp-1\",\"title\":\"Khảo sát\"}");

    @Test
    void writesCloudEventsBinaryModeHeadersWithTheCePrefix() {
        ProducerRecord<String, byte[]> record = EventPublisher.toRecord(event);

        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        // Pinned: consumers in every service and outside the platform depend on these exact names.
        assertThat(headers).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ce_specversion", "1.0",
                "ce_id", "5b1f0c1e-0000-4000-8000-000000000001",
                "ce_source", "/services/campaign-service",
                "ce_type", "vn.govcomm.campaign.approved.v1",
                "ce_subject", "cmp-1",
                "ce_time", "2023-09-04T10:14:00Z",
                "ce_dataschema", "https://govcomm.vn/contracts/schemas/campaign-transitioned.v1.json",
                "content-type", "application/json"));
        assertThat(record.key()).isEqualTo("cmp-1");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("Khảo sát");
    }

    @Test
    void readsBackWhatItWrites() {
        ProducerRecord<String, byte[]> sent = EventPublisher.toRecord(event);
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(sent.topic(), 0, 42L, sent.key(), sent.value());
        sent.headers().forEach(h -> received.headers().add(h));

        IncomingEvent incoming = IncomingEvent.from(received);

        assertThat(incoming.id()).isEqualTo(event.eventId());
        assertThat(incoming.type()).isEqualTo(event.type());
        assertThat(incoming.time()).isEqualTo(event.time());
        assertThat(incoming.dataAsString()).isEqualTo(event.data());
    }

    @Test
    void treatsRecordsWithoutCloudEventsHeadersAsPoison() {
        ConsumerRecord<String, byte[]> plain = new ConsumerRecord<>("campaign.events", 0, 1L, "k",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IncomingEvent.from(plain)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("CloudEvents");

        ProducerRecord<String, byte[]> sent = EventPublisher.toRecord(event);
        ConsumerRecord<String, byte[]> noType = new ConsumerRecord<>(sent.topic(), 0, 1L, sent.key(), sent.value());
        sent.headers().forEach(h -> {
            if (!h.key().equals("ce_type")) {
                noType.headers().add(h);
            }
        });
        assertThatThrownBy(() -> IncomingEvent.from(noType)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("ce_type");
    }

    @Test
    void dataThatIsTheJsonLiteralNullOrUnreadableIsPoison() {
        for (String data : new String[]{"null", "{not json"}) {
            ProducerRecord<String, byte[]> sent = EventPublisher.toRecord(event);
            ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(sent.topic(), 0, 7L, sent.key(),
                    data.getBytes(StandardCharsets.UTF_8));
            sent.headers().forEach(h -> received.headers().add(h));
            IncomingEvent incoming = IncomingEvent.from(received);
            assertThatThrownBy(() -> incoming.data(JsonMapper.builder().build(), Map.class)).as(data)
                    .isInstanceOf(PoisonEventException.class).hasMessageContaining(event.eventId());
        }
    }

    @Test
    void decodesTheDataIntoTheContractsRecordAndAValueTheContractDoesNotListIsPoison() {
        IncomingEvent incoming = received("{\"campaignId\":\"cmp-1\",\"toStatus\":\"APPROVED\",\"later\":1}");
        assertThat(incoming.data(JsonMapper.builder().build(), CampaignTransitioned.class).toStatus())
                .as("unknown fields ignored").isEqualTo(CampaignTransitioned.Status.APPROVED);

        IncomingEvent unknownStatus = received("{\"campaignId\":\"cmp-1\",\"toStatus\":\"ARCHIVED\"}");
        assertThatThrownBy(() -> unknownStatus.data(JsonMapper.builder().build(), CampaignTransitioned.class))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("ARCHIVED");
    }

    @Test
    void occurredAtIsTheDatasTimeInAnyOffsetElseTheEnvelopesAndAnUnreadableOneIsPoison() {
        IncomingEvent incoming = received("{}");

        assertThat(incoming.occurredAt("2023-09-04T17:14:00.5+07:00")).isEqualTo(Instant.parse("2023-09-04T10:14:00.5Z"));
        assertThat(incoming.occurredAt(null)).isEqualTo(event.time());
        assertThat(incoming.instant("2023-11-30T23:59:59+07:00", "deadline")).isEqualTo(Instant.parse("2023-11-30T16:59:59Z"));
        assertThatThrownBy(() -> incoming.occurredAt("yesterday")).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("occurredAt").hasMessageContaining(event.eventId());
        assertThatThrownBy(() -> incoming.instant("2023-11-30", "deadline")).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("deadline");
    }

    private IncomingEvent received(String data) {
        ProducerRecord<String, byte[]> sent = EventPublisher.toRecord(event);
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(sent.topic(), 0, 7L, sent.key(),
                data.getBytes(StandardCharsets.UTF_8));
        sent.headers().forEach(h -> received.headers().add(h));
        return IncomingEvent.from(received);
    }
}

package vn.govcomm.kit.deadletters;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.kafka.support.KafkaHeaders;
import vn.govcomm.kit.web.ApiProblem;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterUnitTests {

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static DeadLetter letter(RecordHeaders headers, byte[] value) {
        return new DeadLetter("campaign.events.DLT", new RecordId(3, 42), Instant.EPOCH, bytes("cmp-1"), value, headers);
    }

    @Test
    void aReplayCarriesTheOriginalHeadersWithoutTheDeadLetterOnesAndNamesTheRecordItCameFrom() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", bytes("e-1"));
        headers.add("ce_type", bytes("vn.govcomm.campaign.approved.v1"));
        headers.add("traceparent", bytes("00-abc-def-01"));
        headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, bytes("x.Boom"));
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(9).array());
        headers.add("springDeserializerExceptionValue", bytes("serialized"));
        headers.add(DeadLetterManagement.REPLAY_OF_HEADER, bytes("campaign.events.DLT/0/1")); // replayed before

        var replay = letter(headers, bytes("{}")).replayHeaders();

        assertThat(replay).extracting(Header::key).containsExactly("ce_id", "ce_type", "traceparent",
                DeadLetterManagement.REPLAY_OF_HEADER);
        assertThat(new String(replay.lastHeader(DeadLetterManagement.REPLAY_OF_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("campaign.events.DLT/3/42");
    }

    @Test
    void readsTheNumericDeadLetterHeadersAndTheCloudEventsAttributes() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(5).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(123_456_789_012L).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(1_000).array());
        headers.add(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, bytes("vn.govcomm.kit.events.PoisonEventException"));
        headers.add(KafkaHeaders.DLT_EXCEPTION_STACKTRACE, bytes("long trace"));
        headers.add("ce_type", bytes("vn.govcomm.delivery.requested.v1"));

        DeadLetter letter = letter(headers, bytes("{}"));

        assertThat(letter.originalPartition()).isEqualTo(5);
        assertThat(letter.originalOffset()).isEqualTo(123_456_789_012L);
        assertThat(letter.originalTimestamp()).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(letter.eventType()).isEqualTo("vn.govcomm.delivery.requested.v1");
        assertThat(letter.failedWith("PoisonEventException")).isTrue();
        assertThat(letter.failedWith("vn.govcomm.kit.events.PoisonEventException")).isTrue();
        assertThat(letter.failedWith("EventException")).as("a simple name is a whole class name").isFalse();
        assertThat(letter.headerViews()).extracting(DeadLetter.HeaderView::value)
                .contains("5", "123456789012", "1000").doesNotContain("long trace");
    }

    @Test
    void showsTextAsTextCutAtACharacterAndBinaryAsBase64() {
        byte[] vietnamese = bytes("Thông báo"); // "ô" and "á" are two bytes each

        DeadLetter.Text cut = DeadLetter.Text.of(vietnamese, 3);
        DeadLetter.Text binary = DeadLetter.Text.of(new byte[]{(byte) 0xff, 0x00, (byte) 0xfe}, 100);

        assertThat(cut.text()).isEqualTo("Th");
        assertThat(cut.truncated()).isTrue();
        assertThat(DeadLetter.Text.of(vietnamese, 100).text()).isEqualTo("Thông báo");
        assertThat(binary.encoding()).isEqualTo("base64");
        assertThat(binary.text()).isEqualTo("/wD+");
    }

    @Test
    void parsesRecordIds() {
        assertThat(RecordId.parse("0-42")).isEqualTo(new RecordId(0, 42));
        assertThat(new RecordId(11, 7).toString()).isEqualTo("11-7");
        assertThat(new RecordId(2, 9).key("a.DLT")).isEqualTo("a.DLT/2/9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "42", "-1-2", "a-1", "1-", "1--2", "1-2-3", "1234567-1", "1-99999999999999999999"})
    void refusesMalformedRecordIds(String id) {
        assertThatThrownBy(() -> RecordId.parse(id)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.code()).isEqualTo("bad-record-id"));
    }

    @Test
    void aServiceOwnsTheDeadLettersOfItsGroupsAndThoseWithoutAGroup() {
        var watched = new DeadLetterTopics.Watched("campaign.events.DLT", "campaign.events",
                Set.of("notice-publishing-service.campaigns"));

        assertThat(watched.owns("notice-publishing-service.campaigns")).isTrue();
        assertThat(watched.owns(null)).isTrue();
        assertThat(watched.owns("reporting-service.campaigns")).isFalse();
        assertThat(new DeadLetterTopics.Watched("x.DLT", "x", Set.of()).owns("anyone")).isTrue();
    }
}

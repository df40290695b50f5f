package vn.govcomm.email;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer fed the contract's own example (only the channel and the mailbox changed): it is mailed, and every
 * status event the adapter emits validates against delivery-status-changed.v1.json.
 */
class EmailContractTests extends EmailAdapterTestSupport {

    @Test
    void theContractExampleOnTheEmailChannelIsMailedAndEveryStatusMatchesTheSchema() {
        ObjectNode example = (ObjectNode) JSON.readTree(Contracts.get().example(REQUESTED));
        String id = "dlv-contract-" + UUID.randomUUID().toString().substring(0, 8);
        String address = mailbox("vanthu");
        example.put("deliveryId", id);
        example.put("channel", Channels.EMAIL);
        example.put("externalId", address);
        assertThat(Contracts.get().validate(REQUESTED, example.toString())).isEmpty();

        send(example);

        awaitStatus(id, "ACCEPTED");
        assertThat(awaitOneMail(address).subject()).isEqualTo("[SNV-CCHC-2023-09] Khảo sát mức độ hài lòng năm 2023");
        CLOCK.advance(Duration.ofSeconds(21));
        awaitStatus(id, "PUBLISHED");
        List<JsonNode> events = statusEvents(id, 2); // each validated against the schema
        assertThat(events).extracting(e -> e.path("channel").asString()).containsOnly("email");
        assertThat(events).extracting(e -> e.path("status").asString()).containsExactly("ACCEPTED", "PUBLISHED");
    }
}

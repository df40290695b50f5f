package vn.govcomm.email;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.mail.ReceivedMail;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A relay that is down or answers 4xx makes deliveries wait durably (the kit's retries, RETRYING
 * {@code EMAIL_RELAY_UNAVAILABLE}), never fail or dead-letter; when it takes mail again each is mailed exactly once.
 */
class MailOutageIntegrationTests extends EmailAdapterTestSupport {

    @Test
    void aRelayThatIsDownMakesTheDeliveryRetryUntilItIsBackThenItIsMailedOnce() {
        // Given the relay is down (connection refused)
        String id = newId("dlv-down");
        String address = mailbox("vanthu");
        MAIL.stopMail();
        try {
            // When a delivery is requested
            send(request(id, address));

            // Then it waits, retried several times, each wait on its document
            JsonNode retrying = statusEvent(id, "RETRYING");
            assertThat(retrying.path("reasonCode").asString()).isEqualTo("EMAIL_RELAY_UNAVAILABLE");
            assertThat(retrying.path("reason").asString()).contains("gửi lại").contains("sent again");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Document retry = delivery(id).get("retry", Document.class);
                assertThat(retry).isNotNull();
                assertThat(retry.getInteger("count")).isGreaterThanOrEqualTo(2);
            });
            assertThat(delivery(id).get("mail", Document.class).getString("state")).isIn("WAITING", "SENDING");
        } finally {
            // When the relay is back
            MAIL.startMail();
        }

        // Then it is mailed once and accepted; nothing left to retry
        awaitStatus(id, "ACCEPTED");
        ReceivedMail mail = awaitOneMail(address);
        assertThat(mail.messageId()).isEqualTo("<" + id + ".1@sonoivu.khanhhoa.gov.vn>");
        assertThat(delivery(id).get("retry")).isNull();
        assertThat(delivery(id).get("mail", Document.class).getInteger("tries")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aTemporaryRefusalIsRetriedNotFailed() {
        String id = newId("dlv-451");
        String address = mailbox("vanthu");
        MAIL.failNextTransactions(2, "451 4.3.0 Temporary local problem, try again later");

        send(request(id, address));

        JsonNode retrying = statusEvent(id, "RETRYING");
        assertThat(retrying.path("reasonCode").asString()).isEqualTo("EMAIL_RELAY_UNAVAILABLE");
        assertThat(retrying.path("reason").asString()).contains("451");
        awaitStatus(id, "ACCEPTED");
        assertThat(awaitOneMail(address).header("X-GovComm-Delivery")).isEqualTo(id);
    }
}

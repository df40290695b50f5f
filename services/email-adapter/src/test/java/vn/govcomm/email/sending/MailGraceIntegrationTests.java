package vn.govcomm.email.sending;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import vn.govcomm.email.EmailAdapterTestSupport;
import vn.govcomm.kit.delivery.AdapterDeliveries;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ACCEPTED when the relay takes the mail, PUBLISHED only once the bounce grace (20 s here) has passed on the
 * adapter's clock without a bounce; the grace's end is stored, so a fresh sweeper (a restarted process) ends it.
 */
class MailGraceIntegrationTests extends EmailAdapterTestSupport {

    @Autowired BounceGrace grace;
    @Autowired MailLedger ledger;
    @Autowired AdapterDeliveries deliveries;
    @Autowired DeliveryProperties properties;
    @Autowired EmailMetrics metrics;

    @Test
    void acceptedWhenRelayedThenPublishedOnlyOnceTheGraceHasPassed() {
        String id = newId("dlv-grace");
        String address = mailbox("vanthu");
        send(request(id, address));
        awaitStatus(id, "ACCEPTED");
        Instant sentAt = CLOCK.instant();
        Document mail = delivery(id).get("mail", Document.class);
        assertThat(mail.getString("state")).isEqualTo("SENT");
        assertThat(mail.getDate("graceUntil").toInstant()).isEqualTo(sentAt.plus(Duration.ofSeconds(20)));

        // Before the grace is over a sweep publishes nothing
        CLOCK.advance(Duration.ofSeconds(19));
        grace.sweep();
        assertThat(status(id)).isEqualTo("ACCEPTED");

        // After it, the scheduled sweep publishes it
        CLOCK.advance(Duration.ofSeconds(2));
        awaitStatus(id, "PUBLISHED");
        List<JsonNode> events = statusEvents(id, 2);
        assertThat(events).extracting(e -> e.path("status").asString()).containsExactly("ACCEPTED", "PUBLISHED");
        assertThat(events.get(1).path("externalRef").asString()).isEqualTo("<" + id + ".1@sonoivu.khanhhoa.gov.vn>");
        assertThat(events.get(1).path("reason").asString()).contains("20 giây");
        Document after = delivery(id).get("mail", Document.class);
        assertThat(after.getString("state")).isEqualTo("CONFIRMED");
        assertThat(after.get("graceUntil")).isNull();
        assertThat(mailsTo(address)).hasSize(1);
    }

    @Test
    void theGraceEndIsStoredSoAFreshProcessEndsItAfterARestart() {
        String id = newId("dlv-restart");
        send(request(id, mailbox("vanthu")));
        awaitStatus(id, "ACCEPTED");

        // A sweeper with no memory of the send (as after a restart) and the clock past the grace
        BounceGrace restarted = new BounceGrace(ledger, deliveries, properties, metrics, CLOCK);
        CLOCK.advance(Duration.ofSeconds(21));
        restarted.sweep();

        assertThat(status(id)).isEqualTo("PUBLISHED");
    }
}

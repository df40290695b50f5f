package vn.govcomm.notification.notifications;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.govcomm.notification.Events;
import vn.govcomm.notification.Mail;
import vn.govcomm.notification.Mailboxes;
import vn.govcomm.notification.NotificationServiceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A notification is SENDING (claimed, leased) before the SMTP call: an instance that died while sending it holds it
 * until the lease ends; then it is sent again with the same Message-ID (the at-least-once window), once.
 */
class SendLeaseIntegrationTests extends NotificationServiceContext {

    @Autowired Notifications notifications;

    @Test
    void aNotificationLeftSendingByAnInstanceThatDiedIsSentOnceItsLeaseEnds() {
        String s = Events.id("x").substring(2);
        String issuer = "so-send-" + s;
        String mailbox = "vanphong@send-" + s + ".gov.vn";
        events().agency(issuer, "Sở Văn hóa và Thể thao", mailbox, null);
        awaitAgencies(List.of(issuer));
        Instant now = Instant.parse("2031-06-01T02:00:00Z");
        CLOCK.set(now);
        Instant later = now.plus(Duration.ofHours(1)); // not due for the running loop yet
        Notification draft = Notification.draft(Notification.Kind.SUBMITTED, Notification.Audience.ISSUER, "cmp-send-" + s,
                issuer, now).campaign("SVH-01", "Lễ hội Trầm Hương", issuer, null).news("tran.thi.lan", null, null, List.of());
        String id = notifications.queue(List.of(draft), later).getFirst();
        Notification claimed = notifications.claimNext(later, Duration.ofMinutes(2), "dead-instance");
        assertThat(claimed.id()).isEqualTo(id);
        assertThat(claimed.state()).isEqualTo(Notification.State.SENDING);

        CLOCK.set(later.plusSeconds(60));
        scheduler.tick();
        assertThat(notifications.find(id).state()).as("leased").isEqualTo(Notification.State.SENDING);
        assertThat(Mailboxes.to(mailbox)).isEmpty();

        CLOCK.set(later.plus(Duration.ofMinutes(3)));
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(notifications.find(id).state()).isEqualTo(Notification.State.SENT));
        assertThat(notifications.find(id).attempts()).isEqualTo(2);
        assertThat(Mailboxes.to(mailbox)).hasSize(1);
        assertThat(Mail.of(Mailboxes.to(mailbox).getFirst()).messageId()).isEqualTo("<" + id + "@govcomm.local>");
        scheduler.tick();
        assertThat(Mailboxes.to(mailbox)).hasSize(1);
    }
}

package vn.govcomm.notification.rounds;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.govcomm.notification.Events;
import vn.govcomm.notification.Mail;
import vn.govcomm.notification.Mailboxes;
import vn.govcomm.notification.NotificationServiceContext;
import vn.govcomm.notification.campaigns.Plan;
import vn.govcomm.notification.campaigns.Plans;
import vn.govcomm.notification.compliance.DeliveryRows;
import vn.govcomm.notification.notifications.Notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash and multi-instance safety of the round lease, as far as one JVM can show it: an instance that claimed a
 * round and died (before or after queueing its notifications) holds it until its lease ends; then another takes
 * it over and every recipient gets exactly one mail.
 */
class LeaseIntegrationTests extends NotificationServiceContext {

    static final Instant BEFORE = Instant.parse("2031-05-01T00:00:00Z");
    /** 08:00 in Asia/Ho_Chi_Minh on 07/05/2031: deadline 10/05, offset -3. */
    static final Instant DUE = Instant.parse("2031-05-07T01:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(5);

    @Autowired Rounds rounds;
    @Autowired Plans plans;
    @Autowired DeliveryRows deliveries;
    @Autowired Notifications notifications;

    record Campaign(String id, String agency, String mailbox) {
    }

    Campaign campaign() {
        String s = Events.id("l").substring(2);
        Campaign c = new Campaign("cmp-lease-" + s, "so-lease-" + s, "vanthu@lease-" + s + ".gov.vn");
        String issuer = "so-issuer-" + s;
        events().agency(issuer, "Sở Nội vụ", null, null);
        events().agency(c.agency(), "Sở Tài chính", c.mailbox(), null);
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put(c.agency(), List.of("portal"));
        events().scheduled(c.id(), 1, issuer, "Tuyên truyền phòng chống thiên tai", targets,
                "2031-05-10T17:00:00+07:00", List.of(-3), List.of());
        awaitAgencies(List.of(issuer, c.agency()));
        awaitPlan(c.id(), 1, 1);
        scheduler.tick(); // whatever other tests left due is done: the claims below find this campaign's round
        return c;
    }

    @Test
    void aRoundClaimedByAnInstanceThatDiedIsTakenOverWhenItsLeaseEnds() {
        CLOCK.set(BEFORE);
        Campaign c = campaign();
        // Another instance claims the round at its due time and dies before doing anything.
        Rounds.Claimed dead = rounds.claimDue(DUE.plusSeconds(5), LEASE, "dead-instance/1");
        assertThat(dead).isNotNull();
        assertThat(dead.campaignId()).isEqualTo(c.id());

        CLOCK.set(DUE.plusSeconds(60));
        scheduler.tick();
        assertThat(round(c).getString("state")).as("still leased to the dead instance").isEqualTo("CLAIMED");
        assertThat(round(c).getString("owner")).isEqualTo("dead-instance/1");
        assertThat(Mailboxes.to(c.mailbox())).isEmpty();

        CLOCK.set(DUE.plusSeconds(5).plus(LEASE).plusSeconds(1));
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Mailboxes.to(c.mailbox())).hasSize(1));
        assertThat(round(c).getString("state")).isEqualTo("DONE");
        assertThat(round(c).getInteger("claims")).isEqualTo(2);
        assertThat(rounds.finish(dead, "DONE", null, 0, List.of(), CLOCK.instant()))
                .as("the dead instance's claim can no longer finish the round").isFalse();
        scheduler.tick();
        assertThat(Mailboxes.to(c.mailbox())).hasSize(1);
    }

    @Test
    void anInstanceThatDiedAfterQueueingLeavesNothingToSendTwice() {
        CLOCK.set(BEFORE);
        Campaign c = campaign();
        Rounds.Claimed dead = rounds.claimDue(DUE.plusSeconds(5), LEASE, "dead-instance/2");
        Plan plan = plans.find(c.id());
        // It queued its notifications (they are anybody's to send), then died before finishing the round.
        notifications.queue(RoundProcessor.drafts(plan, plan.rounds().getFirst(),
                deliveries.nonCompliant(c.id(), plan.targets())), DUE.plusSeconds(5));

        CLOCK.set(DUE.plusSeconds(60));
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Mailboxes.to(c.mailbox())).hasSize(1));
        assertThat(round(c).getString("state")).isEqualTo("CLAIMED");

        CLOCK.set(DUE.plus(LEASE).plusSeconds(10));
        scheduler.tick();
        assertThat(round(c).getString("state")).isEqualTo("DONE");
        assertThat(notificationsOf(c.id())).hasSize(1);
        assertThat(Mailboxes.to(c.mailbox())).as("the takeover queued the same ids: nothing new").hasSize(1);
        assertThat(Mail.of(Mailboxes.to(c.mailbox()).getFirst()).messageId())
                .isEqualTo("<ntf-" + c.id() + "-reminder-20310507-" + c.agency() + "@govcomm.local>");
        assertThat(rounds.finish(dead, "DONE", null, 0, List.of(), CLOCK.instant())).isFalse();
    }

    @Test
    void twoInstancesNeverClaimTheSameRound() {
        CLOCK.set(BEFORE);
        Campaign c = campaign();
        Rounds.Claimed first = rounds.claimDue(DUE.plusSeconds(5), LEASE, "instance-a/1");
        Rounds.Claimed second = rounds.claimDue(DUE.plusSeconds(6), LEASE, "instance-b/1");
        assertThat(first.roundId()).isEqualTo(c.id() + "|20310507");
        assertThat(second == null || !second.roundId().equals(first.roundId())).isTrue();
        CLOCK.set(DUE.plus(LEASE).plusSeconds(10));
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Mailboxes.to(c.mailbox())).hasSize(1));
    }

    private Document round(Campaign c) {
        return mongo.findById(c.id() + "|20310507", Document.class, Plans.ROUNDS);
    }
}

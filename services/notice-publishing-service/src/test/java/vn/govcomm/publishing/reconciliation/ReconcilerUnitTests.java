package vn.govcomm.publishing.reconciliation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.InOrder;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.directory.AgencyReplica;
import vn.govcomm.publishing.dispatch.BulkDispatcher;
import vn.govcomm.publishing.publications.Publications;
import vn.govcomm.publishing.publications.PublishingProperties;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * One round of the reconciler against mocked store, publications and producer: which deliveries it requests
 * again, and the retraction it sends after them when their publication stopped in between.
 */
class ReconcilerUnitTests {

    static final Instant NOW = Instant.parse("2023-09-20T03:00:00Z");
    static final Duration NO_ANSWER_AFTER = Duration.ofMinutes(10);
    static final int MAX_RESENDS = 3;

    final Deliveries deliveries = mock(Deliveries.class);
    final Publications publications = mock(Publications.class);
    final AgencyReplica agencies = mock(AgencyReplica.class);
    final BulkDispatcher dispatcher = mock(BulkDispatcher.class);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final PublishingProperties publishing = new PublishingProperties(Duration.ofMillis(250), Duration.ofSeconds(30), 25,
            1000, 2000, Duration.ofSeconds(60), Duration.ofSeconds(30), 2, Duration.ofSeconds(1));
    final Reconciler reconciler = new Reconciler(deliveries, publications, agencies, dispatcher, publishing,
            new ReconcileProperties(true, Duration.ofMinutes(1), NO_ANSWER_AFTER, MAX_RESENDS, 500), meters);

    ReconcilerUnitTests() {
        when(publications.now()).thenReturn(NOW);
        when(publications.campaign(any())).thenReturn(new Document("campaignId", "cmp-1").append("version", 1)
                .append("notice", new Document("title", "Khảo sát").append("bodyHtml", "<p>Khảo sát</p>")));
        when(agencies.endpoint(anyString(), anyString())).thenAnswer(call -> new Document("endpointId", call.getArgument(1)));
        when(deliveries.sameRequest(any(), any(), any(), any())).thenAnswer(call -> event("requested", call.getArgument(0)));
        when(deliveries.retraction(any(), any(), any())).thenAnswer(call -> event("retracted:" + call.getArgument(1),
                call.getArgument(0)));
        when(deliveries.claimReconciliation(any(), eq(NOW))).thenReturn(true);
    }

    @Test
    void requestsAgainOnlyTheDueDeliveriesOfAPublicationThatIsGoingOut() {
        publication("cmp-1", "EXPANDED", NOW.plusSeconds(86_400));
        publication("cmp-cancelling", "CANCELLING", NOW.plusSeconds(86_400));
        publication("cmp-ended", "EXPANDED", NOW.minusSeconds(1)); // window ended by the clock, not closed yet
        Document due = delivery("dlv-due", "cmp-1", "zalo", null, null);
        Document recentlyRequested = delivery("dlv-recent", "cmp-1", "zalo", 1, NOW.minus(Duration.ofMinutes(9)));
        Document dueAgain = delivery("dlv-again", "cmp-1", "zalo", 1, NOW.minus(Duration.ofMinutes(11)));
        Document exhausted = delivery("dlv-exhausted", "cmp-1", "zalo", MAX_RESENDS, NOW.minus(Duration.ofHours(1)));
        Document cancelling = delivery("dlv-cancelling", "cmp-cancelling", "led", null, null);
        Document ended = delivery("dlv-ended", "cmp-ended", "led", null, null);
        Document endpointGone = delivery("dlv-gone", "cmp-1", "zalo", null, null);
        Document takenElsewhere = delivery("dlv-taken", "cmp-1", "zalo", null, null);
        when(agencies.endpoint("agency-dlv-gone", "dlv-gone.endpoint")).thenReturn(null);
        when(deliveries.claimReconciliation(takenElsewhere, NOW)).thenReturn(false);
        when(deliveries.unansweredPage(eq(NOW.minus(NO_ANSWER_AFTER)), any(), any(), eq(500))).thenReturn(List.of(due,
                recentlyRequested, dueAgain, exhausted, cancelling, ended, endpointGone, takenElsewhere));

        Reconciler.Round round = reconciler.reconcile();

        assertThat(round).isEqualTo(new Reconciler.Round(8, 2, 1, 3, 1));
        verify(dispatcher).sendAll(eq(List.of(event("requested", due), event("requested", dueAgain))), any());
        verify(deliveries, never()).claimReconciliation(eq(recentlyRequested), any());
        verify(deliveries, never()).claimReconciliation(eq(exhausted), any());
        verify(deliveries, never()).claimReconciliation(eq(cancelling), any());
        verify(deliveries, never()).claimReconciliation(eq(ended), any());
        verify(deliveries, never()).retraction(any(), any(), any());
        assertThat(meters.get("govcomm.deliveries.reconciled").tag("channel", "zalo").counter().count()).isEqualTo(2);
        assertThat(meters.get("govcomm.deliveries.unanswered").tag("channel", "zalo").gauge().value()).isEqualTo(6);
        assertThat(meters.get("govcomm.deliveries.unanswered").tag("channel", "led").gauge().value()).isEqualTo(2);
        assertThat(meters.get("govcomm.deliveries.unanswered").tag("channel", "portal").gauge().value()).isZero();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"CANCELLING, CAMPAIGN_CANCELLED", "SUPERSEDING, SUPERSEDED", "CLOSING, WINDOW_ENDED"})
    void aPublicationThatStopsBetweenTheCheckAndTheSendHasTheReRequestRetractedAfterIt(String stoppedState, String reason) {
        Document going = new Document("_id", "cmp-1:v1").append("state", "EXPANDED")
                .append("windowEndsAt", Date.from(NOW.plusSeconds(86_400)));
        Document stopped = new Document(going).append("state", stoppedState);
        when(publications.publication("cmp-1", 1)).thenReturn(going, stopped);
        Document delivery = delivery("dlv-1", "cmp-1", "facebook", null, null);
        when(deliveries.unansweredPage(any(), any(), any(), anyInt())).thenReturn(List.of(delivery));

        reconciler.reconcile();

        InOrder order = inOrder(deliveries, dispatcher);
        order.verify(deliveries).claimReconciliation(delivery, NOW);
        order.verify(dispatcher).sendAll(eq(List.of(event("requested", delivery))), any());
        order.verify(dispatcher).sendAll(eq(List.of(event("retracted:" + reason, delivery))), any());
    }

    @Test
    void aReRequestKafkaDidNotAcknowledgeIsNotCountedAndWaitsForTheNextThreshold() {
        publication("cmp-1", "EXPANDING", NOW.plusSeconds(86_400));
        Document delivery = delivery("dlv-1", "cmp-1", "portal", null, null);
        when(deliveries.unansweredPage(any(), any(), any(), anyInt())).thenReturn(List.of(delivery));
        doThrow(BulkDispatcher.DispatchFailedException.class).when(dispatcher).sendAll(any(), any());

        Reconciler.Round round = reconciler.reconcile();

        assertThat(round.resent()).isZero();
        verify(deliveries).claimReconciliation(delivery, NOW); // claimed: not again before another NO_ANSWER_AFTER
        assertThat(meters.find("govcomm.deliveries.reconciled").counter()).isNull();
        assertThat(meters.get("govcomm.deliveries.unanswered").tag("channel", "portal").gauge().value()).isEqualTo(1);
    }

    @Test
    void pagesOnFromTheLastDeliveryOfAFullPage() {
        ReconcileProperties twoPerPage = new ReconcileProperties(true, Duration.ofMinutes(1), NO_ANSWER_AFTER, MAX_RESENDS, 2);
        SimpleMeterRegistry ownMeters = new SimpleMeterRegistry();
        Reconciler paged = new Reconciler(deliveries, publications, agencies, dispatcher, publishing, twoPerPage, ownMeters);
        publication("cmp-1", "EXPANDED", NOW.plusSeconds(86_400));
        Document a = delivery("dlv-a", "cmp-1", "led", MAX_RESENDS, NOW.minusSeconds(7200));
        Document b = delivery("dlv-b", "cmp-1", "led", MAX_RESENDS, NOW.minusSeconds(7200));
        Document c = delivery("dlv-c", "cmp-1", "led", MAX_RESENDS, NOW.minusSeconds(7200));
        Instant cutoff = NOW.minus(NO_ANSWER_AFTER);
        when(deliveries.unansweredPage(cutoff, null, null, 2)).thenReturn(List.of(a, b));
        when(deliveries.unansweredPage(cutoff, b.getDate("dispatchedAt"), "dlv-b", 2)).thenReturn(List.of(c));

        assertThat(paged.reconcile()).isEqualTo(new Reconciler.Round(3, 0, 0, 0, 3));
        assertThat(ownMeters.get("govcomm.deliveries.unanswered").tag("channel", "led").gauge().value()).isEqualTo(3);
    }

    void publication(String campaignId, String state, Instant windowEndsAt) {
        when(publications.publication(campaignId, 1)).thenReturn(new Document("_id", campaignId + ":v1")
                .append("campaignId", campaignId).append("version", 1).append("state", state)
                .append("windowEndsAt", Date.from(windowEndsAt)));
    }

    static Document delivery(String id, String campaignId, String channel, Integer reconciliations, Instant lastReconciledAt) {
        Document delivery = new Document("_id", id).append("campaignId", campaignId).append("noticeVersion", 1)
                .append("agencyId", "agency-" + id).append("channel", channel).append("endpointId", id + ".endpoint")
                .append("externalId", "ext-" + id).append("status", "DISPATCHED").append("attempt", 1)
                .append("dispatchedAt", Date.from(NOW.minusSeconds(3600)));
        if (reconciliations != null) {
            delivery.append("reconciliations", reconciliations).append("lastReconciledAt", Date.from(lastReconciledAt));
        }
        return delivery;
    }

    static OutgoingEvent event(String kind, Document delivery) {
        return new OutgoingEvent(kind + "|" + delivery.getString("_id"), "delivery.requests." + delivery.getString("channel"),
                delivery.getString("endpointId"), kind, "/test", delivery.getString("_id"), null, NOW, "{}");
    }
}

package vn.govcomm.publishing.publications;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.data.mongodb.core.query.Criteria;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.dispatch.BulkDispatcher;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The fan-out pipeline records batches in order and, whenever the worker lets go, leaves no batch that went to the
 * producer unrecorded (a retraction pass only covers recorded deliveries). Recordings run on the calling thread here.
 */
class FanOutPipelineUnitTests {

    static final Instant ACKED = Instant.parse("2026-12-05T01:00:00Z");

    final Deliveries deliveries = mock(Deliveries.class);
    final Leases leases = mock(Leases.class);
    final FanOutPipeline pipeline = new FanOutPipeline("cmp-1:v1", Runnable::run, deliveries, leases,
            new FanOutPhases(new SimpleMeterRegistry()), Duration.ofSeconds(1));

    @Test
    void batchesAreRecordedInOrderEachMovingTheProgressFromItsStart() {
        when(leases.heartbeat(any(), any(), any(), any())).thenReturn(true);
        FanOutPipeline.Batch first = batch(0, 25);
        FanOutPipeline.Batch second = batch(25, 1025);

        assertThat(pipeline.push(first)).isTrue();
        verify(deliveries, never()).recordDispatched(any(), any()); // on the wire while the next batch is planned
        assertThat(pipeline.push(second)).isTrue();
        assertThat(pipeline.drain()).isTrue();

        InOrder order = inOrder(deliveries, leases);
        order.verify(deliveries).recordDispatched(first.planned(), ACKED);
        order.verify(leases).heartbeat(eq("cmp-1:v1"), eq(PublicationState.EXPANDING),
                eq(Criteria.where("expandedTargets").is(0)), any());
        order.verify(deliveries).recordDispatched(second.planned(), ACKED);
        order.verify(leases).heartbeat(eq("cmp-1:v1"), eq(PublicationState.EXPANDING),
                eq(Criteria.where("expandedTargets").is(25)), any());
    }

    @Test
    void aPublicationLostWhileABatchWasRecordedHasEveryBatchAlreadySentRecordedBeforeLettingGo() {
        when(leases.heartbeat(any(), any(), any(), any())).thenReturn(false); // cancelled meanwhile
        FanOutPipeline.Batch first = batch(0, 25);
        FanOutPipeline.Batch second = batch(25, 1025);
        FanOutPipeline.Batch third = batch(1025, 2025);

        assertThat(pipeline.push(first)).isTrue();
        assertThat(pipeline.push(second)).isTrue(); // records the first: the publication is gone
        assertThat(pipeline.push(third)).isFalse();
        pipeline.letGo();

        InOrder order = inOrder(deliveries);
        order.verify(deliveries).recordDispatched(first.planned(), ACKED);
        order.verify(deliveries).recordDispatched(second.planned(), ACKED);
        order.verify(deliveries).recordDispatched(third.planned(), ACKED);
        verify(leases, times(1)).heartbeat(any(), any(), any(), any()); // the progress only moves for the first
    }

    @Test
    void aBatchKafkaDidNotAcknowledgeBeforeLettingGoIsRecordedAnyway() {
        FanOutPipeline.Batch unacknowledged = batch(0, 25);
        doThrow(BulkDispatcher.DispatchFailedException.class).when(unacknowledged.inFlight()).await(any());

        assertThat(pipeline.push(unacknowledged)).isTrue();
        pipeline.letGo(); // shutting down

        verify(deliveries).recordDispatched(eq(unacknowledged.planned()), any()); // it may have reached the broker
        verify(leases, never()).heartbeat(any(), any(), any(), any());
    }

    static FanOutPipeline.Batch batch(int start, int end) {
        BulkDispatcher.InFlight inFlight = mock(BulkDispatcher.InFlight.class);
        when(inFlight.acknowledgedAt()).thenReturn(ACKED);
        List<Deliveries.Planned> planned = List.of(new Deliveries.Planned(new Document("_id", "dlv-" + start)
                .append("channel", "portal"), null));
        return new FanOutPipeline.Batch(start, end, planned, List.of(), inFlight, 0, 0);
    }
}

package vn.govcomm.publishing.publications;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The scheduler's rest: a look that found nothing due is not repeated every tick until the idle interval or a wake. */
class PublicationSchedulerUnitTests {

    final Publications publications = mock(Publications.class);
    final Leases leases = mock(Leases.class);
    final PublicationScheduler scheduler = new PublicationScheduler(publications, leases, mock(FanOut.class),
            mock(Retractions.class), new PublishingProperties(Duration.ofMillis(250), Duration.ofSeconds(30), 25, 1000,
            2000, Duration.ofSeconds(60), Duration.ofSeconds(30), 2, Duration.ofHours(1)));

    @Test
    void aLookThatFoundNothingDueRestsTheSchedulerUntilSomethingWakesIt() {
        when(publications.now()).thenReturn(Instant.now());
        when(leases.claim(any(), any(), any())).thenReturn(null);

        scheduler.publishDue();
        verify(leases, times(3)).claim(any(), any(), any()); // due, lease ran out, window ended: nothing

        scheduler.publishDue();
        scheduler.publishDue();
        verify(leases, times(3)).claim(any(), any(), any()); // resting: the store is not asked again

        scheduler.wake(); // e.g. a campaign scheduled on this instance
        scheduler.publishDue();
        verify(leases, times(6)).claim(any(), any(), any());
    }
}

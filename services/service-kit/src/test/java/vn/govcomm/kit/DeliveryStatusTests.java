package vn.govcomm.kit;

import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.govcomm.kit.delivery.DeliveryStatus.*;

class DeliveryStatusTests {

    @Test
    void onlyMovesForwardWithinAnAttempt() {
        assertThat(DISPATCHED.canMoveTo(ACCEPTED, 1, 1)).isTrue();
        assertThat(PUBLISHED.canMoveTo(ACCEPTED, 1, 1)).isFalse();
        assertThat(PUBLISHED.canMoveTo(PUBLISHED, 1, 1)).isFalse();
        assertThat(FETCHED.canMoveTo(DISPLAYED, 1, 1)).isTrue();
        assertThat(DISPLAYED.canMoveTo(FETCHED, 1, 1)).isFalse();
    }

    @Test
    void expiryNeverOverridesProofButProofOverridesExpiryAndFailure() {
        assertThat(PUBLISHED.canMoveTo(EXPIRED, 1, 1)).isFalse();
        assertThat(ACCEPTED.canMoveTo(EXPIRED, 1, 1)).isTrue();
        assertThat(EXPIRED.canMoveTo(PUBLISHED, 1, 1)).isTrue();
        assertThat(FAILED.canMoveTo(DISPLAYED, 1, 1)).isTrue();
        assertThat(EXPIRED.canMoveTo(ACCEPTED, 1, 1)).isFalse();
        assertThat(FAILED.canMoveTo(RETRYING, 1, 1)).isFalse();
    }

    @Test
    void aNewAttemptStartsOverAndCancellationEndsEverything() {
        assertThat(FAILED.canMoveTo(DISPATCHED, 1, 2)).isTrue();
        assertThat(DISPATCHED.canMoveTo(PUBLISHED, 2, 1)).isFalse();
        assertThat(PUBLISHED.canMoveTo(CANCELLED, 1, 1)).isTrue();
        assertThat(CANCELLED.canMoveTo(PUBLISHED, 1, 2)).isFalse();
    }

    @Test
    void theFinalStateDoesNotDependOnArrivalOrder() {
        List<DeliveryStatus> history = List.of(DISPATCHED, RETRYING, ACCEPTED, EXPIRED, PUBLISHED);
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            List<DeliveryStatus> shuffled = new ArrayList<>(history);
            Collections.shuffle(shuffled, random);
            DeliveryStatus state = PENDING;
            for (DeliveryStatus next : shuffled) {
                if (state.canMoveTo(next, 1, 1)) {
                    state = next;
                }
            }
            assertThat(state).as("order %s", shuffled).isEqualTo(PUBLISHED);
        }
    }

    @Test
    void hasTheNamesOfTheWireStatusesOneForOne() {
        for (DeliveryStatus status : DeliveryStatus.values()) {
            assertThat(DeliveryStatus.of(status.wire())).isEqualTo(status);
            assertThat(status.wire().name()).isEqualTo(status.name());
        }
        assertThat(DeliveryStatus.values()).hasSameSizeAs(DeliveryStatusChanged.Status.values());
    }
}

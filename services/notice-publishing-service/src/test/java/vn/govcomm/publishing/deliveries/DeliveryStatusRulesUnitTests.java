package vn.govcomm.publishing.deliveries;

import org.junit.jupiter.api.Test;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The publisher's status sets, derived from the kit's DeliveryStatus rules, are the ones its README promises. */
class DeliveryStatusRulesUnitTests {

    @Test
    void theWindowEndExpiresWhatWasNotAchievedCancelledOrExpired() {
        assertThat(Deliveries.EXPIRABLE).containsExactly("PENDING", "DISPATCHED", "RETRYING", "ACCEPTED", "FAILED");
    }

    @Test
    void aCancellationTakesOffEverythingNotCancelledOrExpiredYet() {
        assertThat(Deliveries.RETRACTABLE).containsExactly("PENDING", "DISPATCHED", "RETRYING", "ACCEPTED",
                "PUBLISHED", "FETCHED", "DISPLAYED", "FAILED");
        assertThat(Arrays.stream(DeliveryStatus.values()).filter(Deliveries::offTheChannel))
                .containsExactly(DeliveryStatus.EXPIRED, DeliveryStatus.CANCELLED);
    }

    @Test
    void anOfficerResendsFailedExpiredAndRetryingDeliveriesOnly() {
        assertThat(Deliveries.RESENDABLE).containsExactly("RETRYING", "FAILED", "EXPIRED");
    }
}

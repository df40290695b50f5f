package vn.govcomm.manual;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.govcomm.manual.tasks.TaskMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/** govcomm.manual.tasks{state} follows the store; reviews and submissions are counted. */
class MetricsIntegrationTests extends ManualAdapterTestSupport {

    @Autowired MeterRegistry meters;
    @Autowired TaskMetrics metrics;

    @Test
    void tasksByStateAndReviewsAreMeasured() throws Exception {
        metrics.refresh();
        double awaitingReview = gauge("AWAITING_REVIEW");
        double accepted = gauge("ACCEPTED");
        double acceptedReviews = counter("accepted");
        double rejectedReviews = counter("rejected");
        double submitted = meters.get("govcomm.manual.evidence.submitted").counter().count();

        String first = openTask(newId("cmp"));
        String second = openTask(newId("cmp"));
        submitEvidence(first, targetOfficer(), photoEvidence());
        submitEvidence(second, targetOfficer(), photoEvidence());
        review(first, issuingOfficer(), "ACCEPT", null);
        metrics.refresh();

        assertThat(gauge("AWAITING_REVIEW")).isEqualTo(awaitingReview + 1);
        assertThat(gauge("ACCEPTED")).isEqualTo(accepted + 1);
        assertThat(counter("accepted")).isEqualTo(acceptedReviews + 1);
        assertThat(counter("rejected")).isEqualTo(rejectedReviews);
        assertThat(meters.get("govcomm.manual.evidence.submitted").counter().count()).isEqualTo(submitted + 2);
    }

    private double gauge(String state) {
        return meters.get("govcomm.manual.tasks").tag("state", state).gauge().value();
    }

    private double counter(String decision) {
        return meters.get("govcomm.manual.reviews").tag("decision", decision).counter().count();
    }
}

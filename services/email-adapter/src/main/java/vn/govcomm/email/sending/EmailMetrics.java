package vn.govcomm.email.sending;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The {@code govcomm.email.*} meters (README, "Metrics"); every tag value is registered at 0 for dashboards. */
@Component
public class EmailMetrics {

    private final MeterRegistry meters;
    private final AtomicLong inGrace = new AtomicLong();

    EmailMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (String outcome : List.of("relayed", "rejected", "unavailable")) {
            sendTimer(outcome);
        }
        for (String outcome : List.of("matched", "duplicate", "late", "unmatched", "delayed", "not-a-report")) {
            meters.counter("govcomm.email.bounces", "outcome", outcome);
        }
        for (String outcome : List.of("ok", "failed")) {
            meters.counter("govcomm.email.bounce.polls", "outcome", outcome);
        }
        for (String outcome : List.of("withdrawn", "already-sent")) {
            meters.counter("govcomm.email.retractions", "outcome", outcome);
        }
        meters.counter("govcomm.email.resends");
        meters.counter("govcomm.email.invalid.addresses");
        meters.counter("govcomm.email.published");
        Gauge.builder("govcomm.email.grace.waiting", inGrace, AtomicLong::get)
                .description("Mails accepted by the relay whose bounce grace has not ended").register(meters);
    }

    void sent(String outcome, long startedNanos) {
        sendTimer(outcome).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    void resent() {
        meters.counter("govcomm.email.resends").increment();
    }

    void invalidAddress() {
        meters.counter("govcomm.email.invalid.addresses").increment();
    }

    void published() {
        meters.counter("govcomm.email.published").increment();
    }

    void retraction(String outcome) {
        meters.counter("govcomm.email.retractions", "outcome", outcome).increment();
    }

    void inGrace(long count) {
        inGrace.set(count);
    }

    public void bounce(String outcome) {
        meters.counter("govcomm.email.bounces", "outcome", outcome).increment();
    }

    public void bouncePoll(boolean ok) {
        meters.counter("govcomm.email.bounce.polls", "outcome", ok ? "ok" : "failed").increment();
    }

    private Timer sendTimer(String outcome) {
        return Timer.builder("govcomm.email.send").description("SMTP transactions with the relay")
                .tag("outcome", outcome).register(meters);
    }
}

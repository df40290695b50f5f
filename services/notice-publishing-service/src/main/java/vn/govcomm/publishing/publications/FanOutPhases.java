package vn.govcomm.publishing.publications;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * Where a fan-out batch spends its time ({@code govcomm.fanout.batch}, tag {@code phase}: plan = render and
 * serialise, insert = bulk insert, send = produce until acknowledged, mark = bulk DISPATCHED update). Tells
 * which part is the bottleneck on a given store and broker; the benchmark reports it.
 */
final class FanOutPhases {

    private final Timer plan;
    private final Timer insert;
    private final Timer send;
    private final Timer mark;

    FanOutPhases(MeterRegistry meters) {
        this.plan = timer(meters, "plan");
        this.insert = timer(meters, "insert");
        this.send = timer(meters, "send");
        this.mark = timer(meters, "mark");
    }

    private static Timer timer(MeterRegistry meters, String phase) {
        return Timer.builder("govcomm.fanout.batch").tag("phase", phase)
                .description("Time per fan-out batch spent in each phase").register(meters);
    }

    void record(long t0, long planned, long inserted, long sent, long marked) {
        plan.record(planned - t0, TimeUnit.NANOSECONDS);
        insert.record(inserted - planned, TimeUnit.NANOSECONDS);
        send.record(sent - inserted, TimeUnit.NANOSECONDS);
        mark.record(marked - sent, TimeUnit.NANOSECONDS);
    }
}

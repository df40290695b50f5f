package vn.govcomm.publishing.publications;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * Where a fan-out batch spends its time ({@code govcomm.fanout.batch}, tag {@code phase}: lookup = reading the
 * batch's agencies from the directory replica, plan = render and serialise, send = waiting for Kafka's
 * acknowledgements once the next batch is planned (the fan-out is pipelined, so this is the part of the produce
 * time not hidden behind other work), insert = the bulk insert of
 * the acknowledged deliveries as DISPATCHED, progress = the guarded update that moves the publication's
 * cursor and heart-beats its lease). Tells which part is the bottleneck on a given store and broker;
 * the benchmark reports it.
 */
final class FanOutPhases {

    private final Timer lookup;
    private final Timer plan;
    private final Timer send;
    private final Timer insert;
    private final Timer progress;

    FanOutPhases(MeterRegistry meters) {
        this.lookup = timer(meters, "lookup");
        this.plan = timer(meters, "plan");
        this.send = timer(meters, "send");
        this.insert = timer(meters, "insert");
        this.progress = timer(meters, "progress");
    }

    private static Timer timer(MeterRegistry meters, String phase) {
        return Timer.builder("govcomm.fanout.batch").tag("phase", phase)
                .description("Time per fan-out batch spent in each phase").register(meters);
    }

    void record(long lookupNanos, long planNanos, long sendWaitNanos, long insertNanos) {
        lookup.record(lookupNanos, TimeUnit.NANOSECONDS);
        plan.record(planNanos, TimeUnit.NANOSECONDS);
        send.record(sendWaitNanos, TimeUnit.NANOSECONDS);
        insert.record(insertNanos, TimeUnit.NANOSECONDS);
    }

    void progress(long nanos) {
        progress.record(nanos, TimeUnit.NANOSECONDS);
    }
}

package vn.govcomm.publishing.publications;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * Where a fan-out batch spends its time ({@code govcomm.fanout.batch}, tag {@code phase}: plan = render and
 * serialise, send = waiting for Kafka's acknowledgements once the next batch is planned (the fan-out is
 * pipelined, so this is the part of the produce time not hidden behind other work), insert = the bulk insert of
 * the acknowledged deliveries as DISPATCHED). Tells which part is the bottleneck on a given store and broker;
 * the benchmark reports it.
 */
final class FanOutPhases {

    private final Timer plan;
    private final Timer send;
    private final Timer insert;

    FanOutPhases(MeterRegistry meters) {
        this.plan = timer(meters, "plan");
        this.send = timer(meters, "send");
        this.insert = timer(meters, "insert");
    }

    private static Timer timer(MeterRegistry meters, String phase) {
        return Timer.builder("govcomm.fanout.batch").tag("phase", phase)
                .description("Time per fan-out batch spent in each phase").register(meters);
    }

    void record(long planNanos, long sendWaitNanos, long insertNanos) {
        plan.record(planNanos, TimeUnit.NANOSECONDS);
        send.record(sendWaitNanos, TimeUnit.NANOSECONDS);
        insert.record(insertNanos, TimeUnit.NANOSECONDS);
    }
}

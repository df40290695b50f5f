package vn.govcomm.portal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.Channels;

import java.util.concurrent.TimeUnit;

/** {@code govcomm.channel.calls} (channel=portal) for the adapter's outbound calls: WordPress and WebSub pushes. */
@Component
public class ChannelCalls {

    public enum Outcome { SUCCESS, RETRYABLE, PERMANENT }

    private final MeterRegistry meters;

    ChannelCalls(MeterRegistry meters) {
        this.meters = meters;
    }

    public void record(String operation, Outcome outcome, long startedNanos) {
        Timer.builder("govcomm.channel.calls").description("Calls to external channel APIs")
                .tag("channel", Channels.PORTAL).tag("operation", operation)
                .tag("outcome", outcome.name().toLowerCase())
                .register(meters).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}

package vn.govcomm.facebook.graph;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.Channels;

import java.time.Duration;

/**
 * The channel metrics of docs/CONVENTIONS.md, tagged per channel and operation only (never a Page id):
 * {@code govcomm.channel.calls{channel,operation,outcome}} and {@code govcomm.channel.retries{channel}}.
 */
@Component
public class ChannelMetrics {

    public static final String CHANNEL = Channels.FACEBOOK;
    private final MeterRegistry meters;
    private final Counter retries;

    public ChannelMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.retries = Counter.builder("govcomm.channel.retries").tag("channel", CHANNEL)
                .description("Graph calls retried after a retryable error").register(meters);
    }

    /** @param outcome success, retryable or permanent */
    public void call(String operation, String outcome, Duration took) {
        Timer.builder("govcomm.channel.calls").tag("channel", CHANNEL).tag("operation", operation)
                .tag("outcome", outcome).register(meters).record(took);
    }

    public void retried() {
        retries.increment();
    }

    public MeterRegistry registry() {
        return meters;
    }
}

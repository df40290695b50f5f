package vn.govcomm.led.screens;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How screens are expected to behave: they poll every {@code pollInterval} and send a heartbeat as often; a
 * screen that sent none for {@code offlineAfterMissedHeartbeats} × {@code pollInterval} is DEVICE_OFFLINE.
 * {@code defaultLines}/{@code defaultCharsPerLine} apply to screens whose directory entry gives no size.
 */
@ConfigurationProperties("govcomm.led.screens")
public record ScreenProperties(@DefaultValue("30s") Duration pollInterval,
                               @DefaultValue("3") int offlineAfterMissedHeartbeats,
                               @DefaultValue("4") int defaultLines,
                               @DefaultValue("40") int defaultCharsPerLine) {

    public Duration offlineAfter() {
        return pollInterval.multipliedBy(offlineAfterMissedHeartbeats);
    }
}

package vn.govcomm.led.xibo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * The Xibo CMS bridge. Off unless {@code baseUrl} is set. {@code screens} maps a screen id of the directory to
 * the Xibo display group that drives it; only those screens go through Xibo. {@code cmsZone} is the CMS's
 * time zone (Xibo reads and writes dates as local "Y-m-d H:i:s"). {@code staleAfter}: a publication left half-way
 * that long with nobody resuming it (no durable retry waiting) is handed back to the kit's retries by the sweep.
 */
@ConfigurationProperties("govcomm.led.xibo")
public record XiboProperties(String baseUrl,
                             String clientId,
                             String clientSecret,
                             @DefaultValue("Asia/Ho_Chi_Minh") ZoneId cmsZone,
                             @DefaultValue("5s") Duration timeout,
                             @DefaultValue("3") int maxAttempts,
                             @DefaultValue("200ms") Duration retryWait,
                             @DefaultValue("2d") Duration statsLookback,
                             @DefaultValue("5m") Duration staleAfter,
                             Map<String, Screen> screens) {

    public record Screen(int displayGroupId) {
    }

    public XiboProperties {
        screens = screens == null ? Map.of() : Map.copyOf(screens);
    }

    boolean enabled() {
        return baseUrl != null && !baseUrl.isBlank();
    }
}

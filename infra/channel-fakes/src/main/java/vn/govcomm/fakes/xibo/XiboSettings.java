package vn.govcomm.fakes.xibo;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/** Tunables of {@link FakeXibo}. The API prefix is read at start; the rest takes effect immediately. */
public final class XiboSettings {

    private volatile String apiPrefix = "/api";
    private volatile Clock clock = Clock.systemUTC();
    private volatile ZoneId cmsZone = ZoneId.of("Asia/Ho_Chi_Minh");
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile Duration downloadDuration = Duration.ZERO;
    private volatile int defaultLayoutId = 1;

    public String apiPrefix() {
        return apiPrefix;
    }

    public XiboSettings apiPrefix(String value) {
        apiPrefix = value;
        return this;
    }

    public Clock clock() {
        return clock;
    }

    public XiboSettings clock(Clock value) {
        clock = value;
        return this;
    }

    public ZoneId cmsZone() {
        return cmsZone;
    }

    /** The CMS time zone: fromDt/toDt and stat start/end ("Y-m-d H:i:s") are local times in it. */
    public XiboSettings cmsZone(ZoneId value) {
        cmsZone = value;
        return this;
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    public XiboSettings tokenLifetime(Duration value) {
        tokenLifetime = value;
        return this;
    }

    public Duration downloadDuration() {
        return downloadDuration;
    }

    /** How long a display stays "downloading" (mediaInventoryStatus 2) after it collects a new schedule. */
    public XiboSettings downloadDuration(Duration value) {
        downloadDuration = value;
        return this;
    }

    public int defaultLayoutId() {
        return defaultLayoutId;
    }

    /** What a display shows (currentLayoutId) when no scheduled event is active. */
    public XiboSettings defaultLayoutId(int value) {
        defaultLayoutId = value;
        return this;
    }
}

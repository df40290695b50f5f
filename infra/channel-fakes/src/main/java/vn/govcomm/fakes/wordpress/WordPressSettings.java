package vn.govcomm.fakes.wordpress;

import java.time.Clock;
import java.time.ZoneId;

/** Tunables of {@link FakeWordPress}. */
public final class WordPressSettings {

    private volatile Clock clock = Clock.systemUTC();
    private volatile ZoneId siteZone = ZoneId.of("Asia/Ho_Chi_Minh");
    private volatile String siteUrl;

    public Clock clock() {
        return clock;
    }

    public WordPressSettings clock(Clock value) {
        clock = value;
        return this;
    }

    public ZoneId siteZone() {
        return siteZone;
    }

    /** The site's time zone: {@code date} is local to it, {@code date_gmt} is UTC. */
    public WordPressSettings siteZone(ZoneId value) {
        siteZone = value;
        return this;
    }

    /** Base of the permalinks; {@code null} = the fake's own base URL. */
    public String siteUrl() {
        return siteUrl;
    }

    public WordPressSettings siteUrl(String value) {
        siteUrl = value;
        return this;
    }
}

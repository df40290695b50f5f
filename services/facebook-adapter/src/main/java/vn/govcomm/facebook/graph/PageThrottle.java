package vn.govcomm.facebook.graph;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads Facebook's usage headers ({@code X-App-Usage}, {@code X-Page-Usage}, {@code X-Business-Use-Case-Usage};
 * percentages of the budget) and turns the highest value into a number of calls per second for one Page, so the
 * Page slows down well before 100 %: full rate below 50 %, half to 75 %, a quarter to 90 %, one call per second
 * above, and a pause from {@code pauseAtPercent} (or when Facebook announces a time to regain access).
 */
public final class PageThrottle {

    /** What the headers of one answer said. */
    public record Usage(int percent, long regainMinutes) {
        public static final Usage NONE = new Usage(0, 0);
    }

    private PageThrottle() {
    }

    public static Usage read(JsonMapper json, String pageId, String appUsage, String pageUsage, String bucUsage) {
        int percent = 0;
        long regain = 0;
        for (String header : new String[]{appUsage, pageUsage}) {
            if (header != null && !header.isBlank()) {
                percent = Math.max(percent, maxPercent(parse(json, header)));
            }
        }
        if (bucUsage != null && !bucUsage.isBlank()) {
            JsonNode buc = parse(json, bucUsage);
            // Keyed by the business object id (our Page); take every entry, the Page's or another's, to be safe.
            for (JsonNode entries : buc) {
                for (JsonNode entry : entries) {
                    percent = Math.max(percent, maxPercent(entry));
                    regain = Math.max(regain, entry.path("estimated_time_to_regain_access").asLong(0));
                }
            }
        }
        return new Usage(Math.min(100, percent), regain);
    }

    /** Calls per second allowed for a Page at this usage. */
    public static int permitsFor(int basePermits, int percent) {
        if (percent < 50) {
            return basePermits;
        }
        if (percent < 75) {
            return Math.max(1, basePermits / 2);
        }
        if (percent < 90) {
            return Math.max(1, basePermits / 4);
        }
        return 1;
    }

    /** Until when the Page must not be called at all, or null. The regain time is in minutes (UNCONFIRMED). */
    public static Instant pauseUntil(Usage usage, int pauseAtPercent, Duration pauseFor, Clock clock) {
        if (usage.regainMinutes() > 0) {
            return clock.instant().plus(Duration.ofMinutes(usage.regainMinutes()));
        }
        if (usage.percent() >= pauseAtPercent) {
            return clock.instant().plus(pauseFor);
        }
        return null;
    }

    private static int maxPercent(JsonNode usage) {
        return Math.max(usage.path("call_count").asInt(0),
                Math.max(usage.path("total_cputime").asInt(0), usage.path("total_time").asInt(0)));
    }

    private static JsonNode parse(JsonMapper json, String header) {
        try {
            return json.readTree(header);
        } catch (RuntimeException e) {
            return json.createObjectNode();
        }
    }
}

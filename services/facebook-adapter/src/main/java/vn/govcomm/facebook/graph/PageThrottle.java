package vn.govcomm.facebook.graph;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Facebook's usage headers (percentages of a budget) of one answer. {@code X-App-Usage} is the app's budget,
 * shared by every Page; {@code X-Page-Usage} and {@code X-Business-Use-Case-Usage} are the Page's. Each may carry
 * {@code estimated_time_to_regain_access} (how long until a throttled caller may call again; its unit is
 * UNCONFIRMED, see {@code govcomm.facebook.rate-limit.regain-unit}). The highest percentage decides how many calls
 * per second are made: full rate below 50 %, half to 75 %, a quarter to 90 %, one call per second above.
 */
public final class PageThrottle {

    /**
     * What the headers of one answer said.
     *
     * @param pagePercent highest of X-Page-Usage and X-Business-Use-Case-Usage
     * @param appPercent  X-App-Usage
     * @param pageRegain  estimated_time_to_regain_access of the Page's headers (in the configured unit), 0 = none
     * @param appRegain   the same in X-App-Usage
     */
    public record Usage(int pagePercent, int appPercent, long pageRegain, long appRegain) {
        public static final Usage NONE = new Usage(0, 0, 0, 0);

        /** The highest percentage of any budget. */
        public int percent() {
            return Math.max(pagePercent, appPercent);
        }
    }

    private PageThrottle() {
    }

    public static Usage read(JsonMapper json, String pageId, String appUsage, String pageUsage, String bucUsage) {
        int page = 0;
        int app = 0;
        long pageRegain = 0;
        long appRegain = 0;
        if (appUsage != null && !appUsage.isBlank()) {
            JsonNode node = parse(json, appUsage);
            app = maxPercent(node);
            appRegain = node.path("estimated_time_to_regain_access").asLong(0);
        }
        if (pageUsage != null && !pageUsage.isBlank()) {
            JsonNode node = parse(json, pageUsage);
            page = maxPercent(node);
            pageRegain = node.path("estimated_time_to_regain_access").asLong(0);
        }
        if (bucUsage != null && !bucUsage.isBlank()) {
            // Keyed by the business object id (our Page); take every entry, the Page's or another's, to be safe.
            for (JsonNode entries : parse(json, bucUsage)) {
                for (JsonNode entry : entries) {
                    page = Math.max(page, maxPercent(entry));
                    pageRegain = Math.max(pageRegain, entry.path("estimated_time_to_regain_access").asLong(0));
                }
            }
        }
        return new Usage(Math.min(100, page), Math.min(100, app), Math.max(0, pageRegain), Math.max(0, appRegain));
    }

    /** Calls per second allowed at this usage. */
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

package vn.govcomm.gateway.console;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One page of a campaign's deliveries for the board, from the reporting service's report
 * ({@code GET /api/reports/campaigns/{id}}: counts, and deliveries in agency then delivery order, filtered by
 * {@code channel} and {@code status}, {@code size} at most {@value #SCAN_SIZE}, keyset cursor {@code after}).
 * <p>
 * The report has no agency filter: narrowed to some agencies (one chosen, or those whose name matches), the board
 * reads the report's pages from the cursor on and keeps their deliveries. Rows come in agency order, so it stops
 * after the last wanted agency; it reads at most {@value #SCAN_PAGES} × {@value #SCAN_SIZE} rows per console page and
 * then offers to search on from where it stopped. (An {@code agency} parameter on the report, served from its
 * per-agency documents, would make this one read.)
 */
@Component
class DeliveryBoard {

    static final int SCAN_SIZE = 1000;
    static final int SCAN_PAGES = 5;

    private final PlatformApi api;
    private final AgencyNames agencies;

    DeliveryBoard(PlatformApi api, AgencyNames agencies) {
        this.api = api;
        this.agencies = agencies;
    }

    /**
     * A page: the report (counts), its rows, the cursor of the next page (null: none), whether the search by agency
     * stopped before the end ({@code searching}), the agencies searched for (null: all), and how many deliveries
     * match the status and channel (null when narrowed to agencies: not counted by the service).
     */
    record Page(JsonNode report, List<JsonNode> rows, String next, boolean searching, Set<String> agencies, Long matching) {
    }

    Page read(Identity me, String campaignId, BoardFilter filter) {
        if (!filter.byAgency()) {
            JsonNode report = report(me, campaignId, filter, filter.after(), filter.rows());
            List<JsonNode> rows = new ArrayList<>();
            report.path("deliveries").forEach(rows::add);
            return new Page(report, rows, text(report.path("nextCursor")), false, null, matching(report, filter));
        }
        TreeSet<String> wanted = wanted(me, filter);
        if (wanted.isEmpty()) {
            return new Page(report(me, campaignId, filter, null, 1), List.of(), null, false, wanted, null);
        }
        String last = wanted.last();
        JsonNode first = null;
        List<JsonNode> rows = new ArrayList<>();
        String cursor = filter.after();
        for (int read = 0; read < SCAN_PAGES; read++) {
            JsonNode report = report(me, campaignId, filter, cursor, SCAN_SIZE);
            first = first == null ? report : first;
            for (JsonNode delivery : report.path("deliveries")) {
                String agencyId = delivery.path("agencyId").asString("");
                if (agencyId.compareTo(last) > 0) {
                    return done(first, rows, filter, wanted, null);   // past every wanted agency
                }
                if (wanted.contains(agencyId)) {
                    rows.add(delivery);
                    if (rows.size() > filter.rows()) {                  // one more than a page: there is a next one
                        return done(first, rows, filter, wanted, null);
                    }
                }
                cursor = delivery.path("deliveryId").asString(cursor);
            }
            if (text(report.path("nextCursor")) == null) {
                return done(first, rows, filter, wanted, null);
            }
        }
        return done(first, rows, filter, wanted, cursor);
    }

    /** The page's rows (the one past a full page only says there is a next one); {@code stoppedAt}: search on from there. */
    private static Page done(JsonNode report, List<JsonNode> rows, BoardFilter filter, Set<String> wanted, String stoppedAt) {
        if (rows.size() > filter.rows()) {
            List<JsonNode> page = rows.subList(0, filter.rows());
            return new Page(report, page, page.getLast().path("deliveryId").asString(), false, wanted, null);
        }
        return new Page(report, rows, stoppedAt, stoppedAt != null, wanted, null);
    }

    /** The chosen agency and those whose name contains the search, in the report's (id) order. */
    private TreeSet<String> wanted(Identity me, BoardFilter filter) {
        TreeSet<String> wanted = new TreeSet<>();
        if (filter.q() != null) {
            wanted.addAll(agencies.matching(me, filter.q()));
            if (filter.agency() != null) {
                wanted.retainAll(Set.of(filter.agency()));
            }
        } else {
            wanted.add(filter.agency());
        }
        return wanted;
    }

    private JsonNode report(Identity me, String campaignId, BoardFilter filter, String after, int size) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("channel", filter.channel());
        query.put("status", filter.status());
        query.put("after", after);
        query.put("size", String.valueOf(size));
        return api.get(Service.REPORTING, me, "/api/reports/campaigns/{id}", query, campaignId);
    }

    /** How many deliveries match the status and channel, from the report's counts. */
    private static Long matching(JsonNode report, BoardFilter filter) {
        if (filter.channel() != null) {
            JsonNode perStatus = report.path("byChannel").path(filter.channel());
            if (filter.status() != null) {
                return perStatus.path(filter.status()).asLong(0);
            }
            long sum = 0;
            for (JsonNode n : perStatus) {
                sum += n.asLong(0);
            }
            return sum;
        }
        return filter.status() != null ? report.path("byStatus").path(filter.status()).asLong(0)
                : report.path("total").asLong(0);
    }

    private static String text(JsonNode value) {
        return value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }
}

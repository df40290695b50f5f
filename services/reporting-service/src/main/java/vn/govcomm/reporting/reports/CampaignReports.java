package vn.govcomm.reporting.reports;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.reporting.projections.CampaignAgencies;
import vn.govcomm.reporting.projections.Predecessors;
import vn.govcomm.reporting.projections.ReadModels;
import vn.govcomm.reporting.projections.Reminders;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a campaign's report: counters from the summary document (one read), per-agency counts and deliveries one
 * page at a time, all by id (see {@link CampaignAgencies}).
 */
@Component
public class CampaignReports {

    public static final int MAX_PAGE = 1000;

    private final MongoTemplate mongo;

    CampaignReports(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Campaign header and counters; a campaign known from neither campaign nor delivery events is a 404. */
    public Counts counts(String campaignId) {
        // Header fields only: a campaign's targets list can hold thousands of agencies.
        Query header = Query.query(Criteria.where("_id").is(campaignId));
        header.fields().include("title", "code", "status");
        Document campaign = mongo.findOne(header, Document.class, ReadModels.CAMPAIGNS);
        Document counts = mongo.findById(campaignId, Document.class, ReadModels.COUNTS);
        if (campaign == null && counts == null) {
            throw ReportAccess.notFound(campaignId);
        }
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Map<String, Long>> byChannel = new TreeMap<>(ReadModels.CHANNEL_ORDER);
        long total = 0;
        long rev = 0;
        if (counts != null) {
            total = number(counts.get("total"));
            rev = number(counts.get("rev"));
            Document statuses = counts.get("byStatus", Document.class);
            if (statuses != null) {
                statuses.forEach((status, n) -> putIfPositive(byStatus, status, number(n)));
            }
            Document channels = counts.get("byChannel", Document.class);
            if (channels != null) {
                channels.forEach((channel, perStatus) -> {
                    Map<String, Long> map = new TreeMap<>();
                    ((Document) perStatus).forEach((status, n) -> putIfPositive(map, status, number(n)));
                    byChannel.put(channel, map);
                });
            }
        }
        return new Counts(campaignId, campaign == null ? null : campaign.getString("title"),
                campaign == null ? null : campaign.getString("code"), campaign == null ? null : campaign.getString("status"),
                total, byStatus, byChannel, rev);
    }

    /**
     * Deliveries by agency id, then delivery id, after the delivery {@code after} (keyset pagination: stable while
     * rows change). Read by id only: the campaign's agency index, the per-agency documents of the next agencies
     * (their delivery ids and counts, which also skip agencies without a matching delivery), then the rows with
     * {@code _id $in}, so a page costs the same however large the campaign is.
     */
    public Page deliveries(String campaignId, String channel, String status, String after, int size) {
        checkSize(size);
        List<String> agencies = CampaignAgencies.ids(mongo, campaignId);
        int from = 0;
        String afterAgency = null;
        if (after != null) {
            Query cursor = Query.query(Criteria.where("_id").is(after));
            cursor.fields().include("campaignId", "agencyId");
            Document row = mongo.findOne(cursor, Document.class, ReadModels.DELIVERIES);
            if (row == null || !campaignId.equals(row.getString("campaignId"))) {
                throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-cursor",
                        "Con trỏ trang không hợp lệ: " + after + ". / Not a cursor of this report: " + after + ".");
            }
            afterAgency = row.getString("agencyId");
            from = lowerBound(agencies, afterAgency);
        }
        List<Document> rows = new ArrayList<>();
        int chunk = Math.max(8, (size + 1) / 4 + 1);
        while (from < agencies.size() && rows.size() <= size) {
            List<String> slice = agencies.subList(from, Math.min(agencies.size(), from + chunk));
            from += slice.size();
            chunk = Math.min(CampaignAgencies.CHUNK, chunk * 2);
            List<String> candidates = new ArrayList<>();
            for (Document agency : CampaignAgencies.documents(mongo, campaignId, slice, "agencyId", "deliveries", "byChannel")) {
                if (!mayMatch(agency, channel, status)) {
                    continue;
                }
                List<String> ids = new ArrayList<>();
                Document deliveries = agency.get("deliveries", Document.class);
                if (deliveries != null) {
                    deliveries.forEach((key, ch) -> {
                        if (channel == null || channel.equals(ch)) {
                            ids.add(ReadModels.deliveryId(key));
                        }
                    });
                }
                Collections.sort(ids);
                boolean cursorAgency = agency.getString("agencyId").equals(afterAgency);
                ids.stream().filter(id -> !cursorAgency || id.compareTo(after) > 0).forEach(candidates::add);
            }
            if (candidates.isEmpty()) {
                continue;
            }
            Map<String, Document> found = CampaignAgencies.byIds(mongo, ReadModels.DELIVERIES, candidates);
            for (String id : candidates) {
                Document row = found.get(id);
                if (row != null && (status == null || status.equals(row.getString("status"))) && rows.size() <= size) {
                    rows.add(row);
                }
            }
        }
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            next = rows.get(size - 1).getString("_id");
        }
        List<Map<String, Object>> deliveries = rows.stream().map(CampaignReports::delivery).toList();
        return new Page(deliveries, next);
    }

    /**
     * Per-agency counts by channel and status, one page of agencies in id order after agency {@code after}: the
     * campaign's targets and every agency with deliveries, each with its name, required channels, total,
     * byStatus and byChannel. Read by id only (agency index, then {@code _id $in} on the per-agency documents and
     * the directory).
     */
    public AgencyPage agencies(String campaignId, String after, int size) {
        checkSize(size);
        List<String> agencies = CampaignAgencies.ids(mongo, campaignId);
        int from = after == null ? 0 : upperBound(agencies, after);
        List<Document> page = new ArrayList<>();
        while (from < agencies.size() && page.size() <= size) {
            List<String> slice = agencies.subList(from, Math.min(agencies.size(), from + size + 1 - page.size()));
            from += slice.size();
            for (Document agency : CampaignAgencies.documents(mongo, campaignId, slice)) {
                if (listed(agency) && page.size() <= size) {
                    page.add(agency);
                }
            }
        }
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            next = page.get(size - 1).getString("agencyId");
        }
        Map<String, String> names = new HashMap<>();
        CampaignAgencies.byIds(mongo, ReadModels.AGENCIES, page.stream().map(a -> a.getString("agencyId")).toList(), "name")
                .forEach((id, a) -> names.put(id, a.getString("name")));
        Predecessors.Lineage lineage = Predecessors.lineage(mongo);
        List<AgencyCounts> rows = new ArrayList<>();
        for (Document agency : page) {
            Map<String, Long> byStatus = new TreeMap<>();
            Map<String, Map<String, Long>> byChannel = byChannel(agency);
            byChannel.values().forEach(perStatus -> perStatus.forEach((s, n) -> byStatus.merge(s, n, Long::sum)));
            String agencyId = agency.getString("agencyId");
            rows.add(new AgencyCounts(agencyId, names.getOrDefault(agencyId, agencyId), lineage.of(agencyId),
                    agency.getList("required", String.class, List.of()), number(agency.get("total")), byStatus, byChannel,
                    Reminders.of(agency)));
        }
        return new AgencyPage(campaignId, rows, next);
    }

    /** A per-agency document worth listing: the agency is a target of the plan or has deliveries. */
    public static boolean listed(Document agency) {
        return agency.containsKey("required") || number(agency.get("total")) > 0;
    }

    /** A per-agency document's counts by channel and status, zeros left out. */
    public static Map<String, Map<String, Long>> byChannel(Document agency) {
        Map<String, Map<String, Long>> byChannel = new TreeMap<>(ReadModels.CHANNEL_ORDER);
        Document channels = agency.get("byChannel", Document.class);
        if (channels != null) {
            channels.forEach((channel, perStatus) -> {
                Map<String, Long> map = new TreeMap<>();
                ((Document) perStatus).forEach((s, n) -> putIfPositive(map, s, number(n)));
                if (!map.isEmpty()) {
                    byChannel.put(channel, map);
                }
            });
        }
        return byChannel;
    }

    private static boolean mayMatch(Document agency, String channel, String status) {
        if (status == null) {
            return true;
        }
        Map<String, Map<String, Long>> counts = byChannel(agency);
        return counts.entrySet().stream().anyMatch(e -> (channel == null || channel.equals(e.getKey()))
                && e.getValue().getOrDefault(status, 0L) > 0);
    }

    private static void checkSize(int size) {
        if (size < 1 || size > MAX_PAGE) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-page-size",
                    "Kích thước trang phải từ 1 đến " + MAX_PAGE + ". / Page size must be 1 to " + MAX_PAGE + ".");
        }
    }

    /** First index whose id is not below {@code id}. */
    private static int lowerBound(List<String> sorted, String id) {
        int i = Collections.binarySearch(sorted, id);
        return i >= 0 ? i : -i - 1;
    }

    /** First index whose id is above {@code id}. */
    private static int upperBound(List<String> sorted, String id) {
        int i = Collections.binarySearch(sorted, id);
        return i >= 0 ? i + 1 : -i - 1;
    }

    static Map<String, Object> delivery(Document row) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("deliveryId", row.getString("_id"));
        for (String field : List.of("campaignId", "agencyId", "channel", "endpointId", "status", "attempt", "statusAt",
                "reasonCode", "reason", "externalRef", "permalink")) {
            if (row.get(field) != null) {
                d.put(field, row.get(field));
            }
        }
        return d;
    }

    private static void putIfPositive(Map<String, Long> map, String key, long n) {
        if (n > 0) {
            map.put(key, n);
        }
    }

    public static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    public record Counts(String campaignId, String title, String code, String campaignStatus, long total,
                         Map<String, Long> byStatus, Map<String, Map<String, Long>> byChannel, long rev) {
    }

    public record Page(List<Map<String, Object>> deliveries, String nextCursor) {
    }

    /** {@code predecessors}: the merged or renamed agencies whose history the agency's counts include. */
    public record AgencyCounts(String agencyId, String name, Predecessors predecessors, List<String> required, long total, Map<String, Long> byStatus,
                               Map<String, Map<String, Long>> byChannel, Reminders reminders) {
    }

    public record AgencyPage(String campaignId, List<AgencyCounts> agencies, String nextCursor) {
    }
}

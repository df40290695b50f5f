package vn.govcomm.reporting.reports;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.reporting.projections.ReadModels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a campaign's report: counters from the summary document (one read), deliveries one page at a time. */
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
            throw new ApiProblem(HttpStatus.NOT_FOUND, "campaign-not-found",
                    "Chưa có báo cáo cho chiến dịch " + campaignId + ". / No report for campaign " + campaignId + ".");
        }
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Map<String, Long>> byChannel = new TreeMap<>();
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

    /** Deliveries in id order after {@code after} (keyset pagination: stable while rows change). */
    public Page deliveries(String campaignId, String channel, String status, String after, int size) {
        if (size < 1 || size > MAX_PAGE) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-page-size",
                    "Kích thước trang phải từ 1 đến " + MAX_PAGE + ". / Page size must be 1 to " + MAX_PAGE + ".");
        }
        Criteria criteria = Criteria.where("campaignId").is(campaignId);
        if (channel != null) {
            criteria.and("channel").is(channel);
        }
        if (status != null) {
            criteria.and("status").is(status);
        }
        if (after != null) {
            criteria.and("_id").gt(after);
        }
        Query query = Query.query(criteria).with(Sort.by("_id")).limit(size + 1);
        query.fields().exclude("counted");
        List<Document> rows = new ArrayList<>(mongo.find(query, Document.class, ReadModels.DELIVERIES));
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            next = rows.get(size - 1).getString("_id");
        }
        List<Map<String, Object>> deliveries = rows.stream().map(CampaignReports::delivery).toList();
        return new Page(deliveries, next);
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

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    public record Counts(String campaignId, String title, String code, String campaignStatus, long total,
                         Map<String, Long> byStatus, Map<String, Map<String, Long>> byChannel, long rev) {
    }

    public record Page(List<Map<String, Object>> deliveries, String nextCursor) {
    }
}

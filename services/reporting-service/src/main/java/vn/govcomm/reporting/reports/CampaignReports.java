package vn.govcomm.reporting.reports;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.reporting.projections.DeliveryProjection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Per-campaign delivery report: counts by status and by channel, and every delivery with its status. */
@RestController
@RequestMapping("/api/reports/campaigns")
class CampaignReports {

    private final MongoTemplate mongo;

    CampaignReports(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @GetMapping("/{campaignId}")
    Map<String, Object> report(@PathVariable String campaignId) {
        Document campaign = mongo.findById(campaignId, Document.class, DeliveryProjection.CAMPAIGNS);
        List<Document> deliveries = mongo.find(Query.query(Criteria.where("campaignId").is(campaignId)),
                Document.class, DeliveryProjection.DELIVERIES);
        if (campaign == null && deliveries.isEmpty()) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "campaign-not-found",
                    "Chưa có báo cáo cho chiến dịch " + campaignId + ". / No report for campaign " + campaignId + ".");
        }
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Map<String, Long>> byChannel = new TreeMap<>();
        mongo.aggregate(Aggregation.newAggregation(
                        Aggregation.match(Criteria.where("campaignId").is(campaignId)),
                        Aggregation.group("channel", "status").count().as("count")),
                DeliveryProjection.DELIVERIES, Document.class).forEach(row -> {
            Document id = row.get("_id", Document.class);
            long count = ((Number) row.get("count")).longValue();
            byStatus.merge(id.getString("status"), count, Long::sum);
            byChannel.computeIfAbsent(id.getString("channel"), c -> new TreeMap<>()).merge(id.getString("status"), count, Long::sum);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("campaignId", campaignId);
        body.put("title", campaign == null ? null : campaign.getString("title"));
        body.put("total", deliveries.size());
        body.put("byStatus", byStatus);
        body.put("byChannel", byChannel);
        body.put("deliveries", deliveries);
        return body;
    }
}

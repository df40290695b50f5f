package vn.govcomm.publishing.deliveries;

import org.bson.Document;
import vn.govcomm.publishing.publications.Rendering;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the DeliveryRequested payload (contracts/schemas/delivery-requested.v1.json). */
class DeliveryFactory {

    Map<String, Object> requested(Document campaign, String agencyId, String channel, Document endpoint, Instant now) {
        String campaignId = campaign.getString("campaignId");
        int version = campaign.getInteger("version");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deliveryId", Deliveries.deliveryId(campaignId, version, agencyId, endpoint.getString("endpointId")));
        data.put("campaignId", campaignId);
        data.put("noticeVersion", version);
        data.put("agencyId", agencyId);
        data.put("channel", channel);
        data.put("endpointId", endpoint.getString("endpointId"));
        data.put("externalId", endpoint.getString("externalId"));
        data.put("content", Rendering.render(campaign.get("notice", Document.class), channel, endpoint));
        data.put("window", campaign.get("window"));
        data.put("publishAt", campaign.getString("publishAt"));
        data.put("priority", campaign.getString("priority"));
        if ("led".equals(channel) && campaign.get("ledSchedule") != null) {
            data.put("ledSchedule", campaign.get("ledSchedule"));
        }
        data.put("attempt", 1);
        data.put("occurredAt", now.toString());
        return data;
    }
}

package vn.govcomm.publishing.deliveries;

import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.publishing.directory.AgencyReplica;
import vn.govcomm.publishing.publications.Publications;
import vn.govcomm.publishing.publications.Rendering;

import java.util.ArrayList;
import java.util.List;

/**
 * An officer's re-send of failed deliveries: same deliveryId, attempt + 1, a fresh DeliveryRequested rendered
 * from the campaign's notice for the endpoint as the directory describes it now (a renewed page or screen id
 * is picked up). Late status events of the earlier attempt can no longer move the delivery.
 */
@Service
class Resends {

    static final int MAX_BULK = 10_000;

    private final Deliveries deliveries;
    private final Publications publications;
    private final AgencyReplica agencies;

    Resends(Deliveries deliveries, Publications publications, AgencyReplica agencies) {
        this.deliveries = deliveries;
        this.publications = publications;
        this.agencies = agencies;
    }

    record Outcome(int resent, List<String> skipped) {
    }

    Document resendOne(String campaignId, String deliveryId, String actor) {
        Document delivery = deliveries.find(deliveryId);
        if (delivery == null || !campaignId.equals(delivery.getString("campaignId"))) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "delivery-not-found",
                    "Không tìm thấy lượt phát hành " + deliveryId + " của chiến dịch " + campaignId
                            + ". / No delivery " + deliveryId + " in campaign " + campaignId + ".");
        }
        Document publication = activePublication(delivery);
        if (!Deliveries.RESENDABLE.contains(delivery.getString("status"))) {
            throw notResendable(delivery);
        }
        Document endpoint = endpoint(delivery);
        Document campaign = publications.campaign(publication);
        Document updated = deliveries.resend(delivery, campaign, Rendering.forNotice(campaign.get("notice", Document.class)),
                endpoint, actor);
        if (updated == null) {
            throw notResendable(deliveries.find(deliveryId));
        }
        return updated;
    }

    Outcome resendFailed(String campaignId, boolean includeExpired, String actor) {
        Document latest = publications.progress(campaignId);
        if (latest == null) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "publication-not-found",
                    "Chưa có lịch phát hành cho chiến dịch " + campaignId + ". / No publication for campaign " + campaignId + ".");
        }
        List<String> statuses = includeExpired ? Deliveries.RESENDABLE : List.of(DeliveryStatus.FAILED.name());
        int resent = 0;
        List<String> skipped = new ArrayList<>();
        Rendering.Renderer renderer = null;
        Document campaign = null;
        for (Document delivery : deliveries.inStatus(campaignId, statuses, MAX_BULK)) {
            Document publication = activePublication(delivery);
            if (campaign == null || !publication.getInteger("version").equals(campaign.getInteger("version"))) {
                campaign = publications.campaign(publication);
                renderer = Rendering.forNotice(campaign.get("notice", Document.class));
            }
            Document endpoint = agencies.endpoint(delivery.getString("agencyId"), delivery.getString("endpointId"));
            if (endpoint == null || deliveries.resend(delivery, campaign, renderer, endpoint, actor) == null) {
                skipped.add(delivery.getString("_id"));
            } else {
                resent++;
            }
        }
        return new Outcome(resent, skipped);
    }

    private Document activePublication(Document delivery) {
        Document publication = publications.publication(delivery.getString("campaignId"), delivery.getInteger("noticeVersion"));
        if (publication == null || List.of("CANCELLING", "CANCELLED").contains(publication.getString("state"))) {
            throw new ApiProblem(HttpStatus.CONFLICT, "publication-cancelled",
                    "Chiến dịch đã bị hủy, không thể gửi lại. / The campaign was cancelled; deliveries cannot be re-sent.");
        }
        return publication;
    }

    private Document endpoint(Document delivery) {
        Document endpoint = agencies.endpoint(delivery.getString("agencyId"), delivery.getString("endpointId"));
        if (endpoint == null) {
            throw new ApiProblem(HttpStatus.CONFLICT, "endpoint-removed",
                    "Kênh " + delivery.getString("endpointId") + " không còn trong danh bạ cơ quan. / Endpoint "
                            + delivery.getString("endpointId") + " is no longer in the agency directory.");
        }
        return endpoint;
    }

    private static ApiProblem notResendable(Document delivery) {
        String status = delivery == null ? "?" : delivery.getString("status");
        return new ApiProblem(HttpStatus.CONFLICT, "delivery-not-resendable",
                "Chỉ gửi lại được lượt phát hành THẤT BẠI hoặc HẾT HẠN (hiện tại: " + status
                        + "). / Only FAILED or EXPIRED deliveries can be re-sent (current status: " + status + ").");
    }
}

package vn.govcomm.publishing.board;

import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.deliveries.Rendering;
import vn.govcomm.publishing.directory.AgencyReplica;
import vn.govcomm.publishing.publications.PublicationState;
import vn.govcomm.publishing.publications.Publications;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An officer's re-send of failed deliveries: same deliveryId, attempt + 1, a fresh DeliveryRequested rendered
 * from the campaign's notice for the endpoint as the directory describes it now (a renewed page or screen id
 * is picked up). Late status events of the earlier attempt can no longer move the delivery.
 * <p>
 * Only while the campaign still runs: a publication that is cancelled or superseded ({@code campaign-closed}), or
 * whose window has ended, by the scheduler's clock or because it is already closing ({@code window-ended}), re-sends
 * nothing. Every check comes before the one write, so a refused re-send changes nothing. Who may re-send is the
 * controller's business (officers and approvers of the issuing agency).
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
        Document publication = publications.publication(campaignId, delivery.getInteger("noticeVersion"));
        ApiProblem refused = refusal(publication);
        if (refused != null) {
            throw refused;
        }
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

    /**
     * Re-sends every FAILED (and optionally EXPIRED and RETRYING) delivery of the campaign whose {@code latest} publication is
     * given; refused as a whole once that publication is stopped or its window ended. A delivery of an older
     * version that stopped meanwhile, or whose endpoint left the directory, is skipped.
     */
    Outcome resendFailed(Document latest, boolean includeExpired, boolean includeRetrying, String actor) {
        ApiProblem refused = refusal(latest);
        if (refused != null) {
            throw refused;
        }
        String campaignId = latest.getString("campaignId");
        List<String> statuses = new ArrayList<>(List.of(DeliveryStatus.FAILED.name()));
        if (includeExpired) {
            statuses.add(DeliveryStatus.EXPIRED.name());
        }
        if (includeRetrying) {
            statuses.add(DeliveryStatus.RETRYING.name());
        }
        int resent = 0;
        List<String> skipped = new ArrayList<>();
        Map<Integer, Document> publicationsByVersion = new HashMap<>();
        Rendering.Renderer renderer = null;
        Document campaign = null;
        for (Document delivery : deliveries.inStatus(campaignId, statuses, MAX_BULK)) {
            Integer version = delivery.getInteger("noticeVersion");
            Document publication = publicationsByVersion.computeIfAbsent(version,
                    v -> publications.publication(campaignId, v));
            if (refusal(publication) != null) {
                skipped.add(delivery.getString("_id"));
                continue;
            }
            if (campaign == null || !version.equals(campaign.getInteger("version"))) {
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

    /** Why nothing of this publication may be re-sent any more, or null while its campaign runs. */
    private ApiProblem refusal(Document publication) {
        PublicationState state = publication == null ? null : PublicationState.of(publication);
        if (state == null || state.stopped()) {
            return new ApiProblem(HttpStatus.CONFLICT, "campaign-closed",
                    "Chiến dịch đã bị hủy hoặc đã được thay bằng phiên bản mới, không thể gửi lại (" + state
                            + "). / The campaign was cancelled or superseded by a newer version; deliveries can no"
                            + " longer be re-sent (" + state + ").");
        }
        Date windowEndsAt = publication.getDate("windowEndsAt");
        if (state.windowEnded() || windowEndsAt == null || !publications.now().isBefore(windowEndsAt.toInstant())) {
            String end = windowEndsAt == null ? "?" : windowEndsAt.toInstant().toString();
            return new ApiProblem(HttpStatus.CONFLICT, "window-ended",
                    "Thời gian hiệu lực của chiến dịch đã kết thúc lúc " + end + ", không thể gửi lại. / The campaign's"
                            + " window ended at " + end + "; deliveries can no longer be re-sent.");
        }
        return null;
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
                "Chỉ gửi lại được lượt phát hành THẤT BẠI, HẾT HẠN hoặc ĐANG THỬ LẠI (hiện tại: " + status
                        + "). / Only FAILED, EXPIRED or RETRYING deliveries can be re-sent (current status: " + status
                        + ").");
    }
}

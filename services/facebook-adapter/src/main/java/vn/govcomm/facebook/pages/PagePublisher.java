package vn.govcomm.facebook.pages;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.ChannelAdapter;
import vn.govcomm.kit.delivery.DeliveryRequest;
import vn.govcomm.kit.delivery.DeliveryRequestDispatcher;
import vn.govcomm.kit.delivery.DeliveryRetraction;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

/**
 * Walking-skeleton Page publisher: {@code POST /{page}/feed} → ACCEPTED with the post id →
 * {@code GET /{post}?fields=is_published,permalink_url} → PUBLISHED. Errors are classified by the body's
 * {@code error.code}, never by HTTP status. Retries, rate limits, look-up-before-repost and credentials per
 * Page are the "Push channels" issue.
 */
@Component
class PagePublisher implements ChannelAdapter {

    private final RestClient graph;
    private final String version;
    private final PageTokens pageTokens;
    private final AdapterDeliveries deliveries;
    private final DeliveryRequestDispatcher dispatcher;
    private final JsonMapper json;

    PagePublisher(RestClient.Builder http, @Value("${govcomm.facebook.graph-base-url}") String baseUrl,
                  @Value("${govcomm.facebook.api-version}") String version,
                  PageTokens pageTokens,
                  AdapterDeliveries deliveries, DeliveryRequestDispatcher dispatcher, JsonMapper json) {
        this.graph = http.baseUrl(baseUrl).build();
        this.version = version;
        this.pageTokens = pageTokens;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.json = json;
    }

    @KafkaListener(topics = "delivery.requests.facebook", groupId = "facebook-adapter")
    void on(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(record, this);
    }

    @Override
    public void publish(DeliveryRequest request) {
        DeliveryRef ref = DeliveryRef.of(request);
        var form = new LinkedMultiValueMap<String, String>();
        // The marker lets a later look-up find this post after a timeout instead of posting twice.
        form.add("message", request.content().text() + "\n\n#" + request.deliveryId());
        String pageToken = pageTokens.tokenFor(request.externalId());
        form.add("access_token", pageToken);
        JsonNode created;
        try {
            created = json.readTree(graph.post().uri("/{v}/{page}/feed", version, request.externalId())
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form).retrieve().body(String.class));
        } catch (RestClientResponseException e) {
            fail(ref, e);
            return;
        }
        String postId = created.path("id").asString();
        deliveries.report(ref, DeliveryStatus.ACCEPTED, null, null, postId, null);
        JsonNode post = json.readTree(graph.get().uri("/{v}/{post}?fields=is_published,permalink_url&access_token={t}",
                version, postId, pageToken).retrieve().body(String.class));
        if (post.path("is_published").asBoolean(false)) {
            deliveries.report(ref, DeliveryStatus.PUBLISHED, null, null, postId, post.path("permalink_url").asString(null));
        }
    }

    private void fail(DeliveryRef ref, RestClientResponseException e) {
        JsonNode error = json.readTree(e.getResponseBodyAsString()).path("error");
        int code = error.path("code").asInt(-1);
        String reason = switch (code) {
            case 190 -> "Mã truy cập Trang đã hết hạn: kết nối lại Trang. / Page token expired: reconnect the Page.";
            case 10, 200 -> "Thiếu quyền đăng bài trên Trang. / Missing permission to post on the Page.";
            case 506 -> "Bài đăng trùng lặp. / Duplicate post.";
            default -> "Facebook từ chối: " + error.path("message").asString("?") + " / Facebook refused the post.";
        };
        deliveries.report(ref, DeliveryStatus.FAILED, "FB_" + code, reason, null, null);
    }

    @Override
    public void retract(DeliveryRetraction retraction) {
        String pageToken = pageTokens.tokenFor(retraction.externalId());
        deliveries.find(retraction.deliveryId()).ifPresent(stored -> {
            if (stored.externalRef() != null) {
                graph.delete().uri("/{v}/{post}?access_token={t}", version, stored.externalRef(), pageToken)
                        .retrieve().toBodilessEntity();
            }
            deliveries.report(new DeliveryRef(retraction.deliveryId(), retraction.campaignId(), retraction.agencyId(),
                    retraction.endpointId(), stored.attempt()), DeliveryStatus.CANCELLED, retraction.reason(),
                    "Đã xoá bài trên Trang / Post deleted", stored.externalRef(), null);
        });
    }
}

package vn.govcomm.zalo.articles;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.ChannelAdapter;
import vn.govcomm.kit.delivery.DeliveryRequest;
import vn.govcomm.kit.delivery.DeliveryRequestDispatcher;
import vn.govcomm.kit.delivery.DeliveryRetraction;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walking-skeleton OA article publisher: {@code article/create} → ACCEPTED (token) → {@code article/verify}
 * until the article id → PUBLISHED. Zalo answers HTTP 200 with a negative {@code error} on failure, so the body
 * decides. Token refresh, broadcast, backoff and credentials per OA are the "Push channels" issue.
 */
@Component
class ArticlePublisher implements ChannelAdapter {

    static final int NOT_READY = -214;
    private final RestClient zalo;
    private final String accessToken;
    private final int verifyAttempts;
    private final AdapterDeliveries deliveries;
    private final DeliveryRequestDispatcher dispatcher;
    private final JsonMapper json;

    ArticlePublisher(RestClient.Builder http, @Value("${govcomm.zalo.openapi-base-url}") String baseUrl,
                     @Value("${govcomm.zalo.access-token}") String accessToken,
                     @Value("${govcomm.zalo.verify-attempts}") int verifyAttempts,
                     AdapterDeliveries deliveries, DeliveryRequestDispatcher dispatcher, JsonMapper json) {
        this.zalo = http.baseUrl(baseUrl).build();
        this.accessToken = accessToken;
        this.verifyAttempts = verifyAttempts;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.json = json;
    }

    @KafkaListener(topics = "delivery.requests.zalo", groupId = "zalo-adapter")
    void on(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(record, this);
    }

    @Override
    public void publish(DeliveryRequest request) {
        DeliveryRef ref = DeliveryRef.of(request);
        DeliveryRequest.ZaloArticle article = request.content().zaloArticle();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "normal");
        body.put("title", truncate(article != null && article.title() != null ? article.title() : request.content().title(), 150));
        body.put("author", truncate(article != null && article.author() != null ? article.author() : "Cơ quan nhà nước", 50));
        body.put("description", truncate(article != null && article.description() != null ? article.description()
                : request.content().text(), 300));
        body.put("cover", Map.of("cover_type", "photo", "photo_url", article != null && article.coverUrl() != null
                ? article.coverUrl() : "https://govcomm.vn/static/cover.png", "status", "show"));
        body.put("body", List.of(Map.of("type", "text", "content", request.content().text())));
        body.put("status", "show");
        body.put("comment", "hide");
        JsonNode created = call("/v2.0/article/create", body);
        if (created.path("error").asInt() != 0) {
            fail(ref, created);
            return;
        }
        String token = created.path("data").path("token").asString();
        deliveries.report(ref, DeliveryStatus.ACCEPTED, null, null, token, null);
        for (int i = 0; i < verifyAttempts; i++) {
            JsonNode verified = call("/v2.0/article/verify", Map.of("token", token));
            int error = verified.path("error").asInt();
            if (error == 0) {
                JsonNode data = verified.path("data");
                String id = data.hasNonNull("id") ? data.path("id").asString() : data.path("article_id").asString();
                deliveries.report(ref, DeliveryStatus.PUBLISHED, null, null, id, null);
                return;
            }
            if (error != NOT_READY) {
                fail(ref, verified);
                return;
            }
        }
        deliveries.report(ref, DeliveryStatus.RETRYING, "ZALO_VERIFY_PENDING",
                "Zalo chưa xác nhận bài viết. / Zalo has not verified the article yet.", token, null);
    }

    private JsonNode call(String path, Object body) {
        return json.readTree(zalo.post().uri(path).header("access_token", accessToken)
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(String.class));
    }

    private void fail(DeliveryRef ref, JsonNode answer) {
        int error = answer.path("error").asInt();
        String reason = error == -216
                ? "Mã truy cập OA không hợp lệ: kết nối lại OA. / OA access token invalid: reconnect the OA."
                : "Zalo từ chối: " + answer.path("message").asString("?") + " / Zalo refused the article.";
        deliveries.report(ref, DeliveryStatus.FAILED, "ZALO_" + error, reason, null, null);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    @Override
    public void retract(DeliveryRetraction retraction) {
        deliveries.find(retraction.deliveryId()).ifPresent(stored -> {
            if (stored.externalRef() != null && stored.status() == DeliveryStatus.PUBLISHED) {
                call("/v2.0/article/remove", Map.of("id", stored.externalRef()));
            }
            deliveries.report(new DeliveryRef(retraction.deliveryId(), retraction.campaignId(), retraction.agencyId(),
                    retraction.endpointId(), stored.attempt()), DeliveryStatus.CANCELLED, retraction.reason(),
                    "Đã gỡ bài viết OA / Article removed", stored.externalRef(), null);
        });
    }
}

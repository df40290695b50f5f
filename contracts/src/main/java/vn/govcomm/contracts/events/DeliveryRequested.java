package vn.govcomm.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One delivery: a notice version rendered for one channel endpoint of one agency
 * ({@code vn.govcomm.delivery.requested.v1}, {@code schemas/delivery-requested.v1.json}; topic
 * {@code delivery.requests.<channel>}, key = endpointId). {@code deliveryId} (campaign, version, agency, endpoint) and
 * {@code attempt} (1, then one more per officer's re-send) identify it downstream: an adapter recognises a redelivery
 * by the two. The publisher builds it, the channel adapters and reporting decode it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryRequested(
        String deliveryId,
        String campaignId,
        String campaignCode,
        String issuingAgencyId,
        Integer noticeVersion,
        String agencyId,
        String channel,
        String endpointId,
        String externalId,
        String endpointName,
        Content content,
        Window window,
        String deadline,
        String publishAt,
        Priority priority,
        LedSchedule ledSchedule,
        Integer attempt,
        String occurredAt) {

    /**
     * The notice rendered for the channel: {@code text} is plain (LED: fitted to the screen, {@code lines} its screen
     * lines by {@link vn.govcomm.contracts.led.LedText}), {@code html} the sanitised HTML where the channel takes it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Content(String title, String text, String html, String summary, List<String> lines,
                          ZaloArticle zaloArticle, List<Attachment> attachments) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ZaloArticle(String title, String author, String description, String coverUrl) {
    }
}

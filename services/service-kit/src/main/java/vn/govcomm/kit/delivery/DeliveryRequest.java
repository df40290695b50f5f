package vn.govcomm.kit.delivery;

import java.util.List;

/**
 * Consumer-side view of DeliveryRequested (contracts/schemas/delivery-requested.v1.json), shared by the four
 * channel adapters. Unknown fields are ignored (tolerant reader); contract tests feed it the contract example.
 */
public record DeliveryRequest(
        String deliveryId,
        String campaignId,
        int noticeVersion,
        String agencyId,
        String channel,
        String endpointId,
        String externalId,
        Content content,
        Window window,
        String publishAt,
        String priority,
        LedSchedule ledSchedule,
        int attempt,
        String occurredAt,
        String campaignCode,
        String issuingAgencyId,
        String endpointName,
        String deadline) {

    public record Content(String title, String text, String html, String summary, List<String> lines,
                          ZaloArticle zaloArticle, List<Attachment> attachments) {
    }

    public record ZaloArticle(String title, String author, String description, String coverUrl) {
    }

    public record Attachment(String name, String mediaType, String url, Long sizeBytes) {
    }

    public record Window(String startsAt, String endsAt, String timeZone) {
    }

    public record LedSchedule(Integer repeatEveryMinutes, Integer durationSec, List<OpeningHours> openingHours) {
    }

    public record OpeningHours(List<String> days, String from, String to) {
    }
}

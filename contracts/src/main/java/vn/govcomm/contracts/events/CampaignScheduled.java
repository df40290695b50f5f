package vn.govcomm.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An approved campaign is scheduled: everything the publisher needs to fan it out
 * ({@code vn.govcomm.campaign.scheduled.v1}, {@code schemas/campaign-scheduled.v1.json}). Targets are agency ids
 * (resolved at approval) with their required channels; {@code deadline}, {@code publishAt} and the window are RFC 3339
 * date-times with the issuer's offset.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CampaignScheduled(
        String campaignId,
        String code,
        Integer version,
        String issuingAgencyId,
        List<String> legalReferences,
        Notice notice,
        List<Target> targets,
        Window window,
        String deadline,
        String publishAt,
        Priority priority,
        LedSchedule ledSchedule,
        List<String> observers,
        Reminders reminders,
        String occurredAt) {

    /** The notice as approved, with its per-channel texts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Notice(String title, String summary, String bodyHtml, String ledText, String facebookText,
                         ZaloArticle zaloArticle, List<Attachment> attachments) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ZaloArticle(String title, String author, String description, String coverUrl) {
    }

    /** One agency of the plan and the channels required of it ({@link vn.govcomm.contracts.Channels} names). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Target(String agencyId, List<String> channels) {
    }

    /** Days relative to the deadline on which agencies that have not complied are reminded (negative = before). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reminders(List<Integer> offsetsDays) {
    }
}

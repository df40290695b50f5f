package vn.govcomm.campaign.campaigns;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What an officer sends to create a draft. Dates of the window are calendar dates in Asia/Ho_Chi_Minh
 * (the window runs from the start of {@code startDate} to the end of {@code endDate}).
 */
public record CampaignRequest(
        @NotBlank @Size(max = 80) String code,
        @NotBlank String issuingAgencyId,
        List<@Size(max = 300) String> legalReferences,
        @NotNull @Valid NoticeRequest notice,
        @NotEmpty List<@Valid TargetRequest> targets,
        @NotNull @Valid WindowRequest window,
        OffsetDateTime publishAt,
        String priority,
        Campaign.LedSchedule ledSchedule,
        List<String> observers) {

    public record NoticeRequest(
            @NotBlank @Size(max = 300) String title,
            @Size(max = 1000) String summary,
            @NotBlank String bodyHtml,
            @Size(max = 1000) String ledText,
            String facebookText,
            Campaign.ZaloArticle zaloArticle,
            List<Campaign.Attachment> attachments) {
    }

    public record TargetRequest(@NotBlank String agencyId, @NotEmpty List<@NotBlank String> channels) {
    }

    public record WindowRequest(@NotNull LocalDate startDate, @NotNull LocalDate endDate) {
    }
}

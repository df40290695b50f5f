package vn.govcomm.campaign.campaigns;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import vn.govcomm.campaign.attachments.FileLinks;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What an officer sends to create or edit a campaign. Dates of the window are calendar dates in
 * Asia/Ho_Chi_Minh (the window runs from the start of {@code startDate} to the end of {@code endDate}).
 * Every rule is checked by {@link CampaignValidation}, which answers with field-level problems in Vietnamese
 * and English (bean validation would give one language only).
 */
public record CampaignRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 80, example = "SNV-CCHC-2023-09") String code,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "so-noi-vu") String issuingAgencyId,
        @Schema(example = "[\"Quyết định số 1118/QĐ-UBND ngày 19/5/2023\"]") List<String> legalReferences,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) NoticeRequest notice,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) List<TargetRequest> targets,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) WindowRequest window,
        @Schema(description = "When to publish; defaults to the window start (or now if that has passed)") OffsetDateTime publishAt,
        @Schema(allowableValues = {"NORMAL", "URGENT"}) String priority,
        Campaign.LedSchedule ledSchedule,
        @Schema(description = "CC observers (Nơi nhận)") List<String> observers,
        @Schema(type = "string", format = "date", example = "2030-11-15", description = "When target agencies must have "
                + "published (hạn hoàn thành): a calendar date in Asia/Ho_Chi_Minh within the window, meaning the end of "
                + "that day; defaults to the window's end date") LocalDate deadline,
        @Schema(description = "When agencies that have not complied are reminded; absent = {\"offsetsDays\": [-3, 0, 2]}")
        RemindersRequest reminders,
        @Schema(example = "kh-tuyen-truyen-cchc-2025-t13", description = "The plan task this campaign carries out "
                + "(GET /api/plans/{id}); the issuing agency must be the plan's issuing agency or the task's lead agency")
        // absent from the idempotency hash when not sent, so keys stored before plans existed still replay
        @JsonInclude(JsonInclude.Include.NON_NULL) String planTaskId) {

    /** The notice as an officer would send it again: stored text, the ids of its files ({@code keep} decides which). */
    public static NoticeRequest notice(Campaign.Notice n, java.util.function.Predicate<String> keep) {
        List<String> files = n.attachments() == null ? List.of() : n.attachments().stream()
                .map(Campaign.Attachment::attachmentId).filter(keep).toList();
        // The body's pictures are files too: all of them stay, or none (they are one agency's uploads).
        String body = FileLinks.pictureIds(n.bodyHtml()).stream().allMatch(keep) ? n.bodyHtml()
                : FileLinks.withoutPictures(n.bodyHtml());
        return new NoticeRequest(n.title(), n.summary(), body, n.ledText(), n.facebookText(), n.zaloArticle(), files);
    }

    /** The targets as written (groups and hierarchies unresolved), to be resolved again against today's directory. */
    public static List<TargetRequest> targets(List<Campaign.Target> targets) {
        return targets.stream().map(t -> new TargetRequest(t.agencyId(), t.group(), t.descendantsOf(), t.channels(),
                t.province())).toList();
    }

    public record NoticeRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 300) String title,
            @Schema(maxLength = 1000) String summary,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Rich text; sanitised, no script") String bodyHtml,
            @Schema(maxLength = 1000, description = "Short text for LED screens; must fit the smallest targeted screen") String ledText,
            @Schema(maxLength = 63206) String facebookText,
            Campaign.ZaloArticle zaloArticle,
            @Schema(description = "Ids returned by POST /api/campaigns/attachments") List<String> attachmentIds) {
    }

    /**
     * Exactly one of agencyId, group or descendantsOf; or {@code province} alone (every agency of that province).
     * {@code province} next to a group or descendantsOf keeps their members of that province only; a provincial
     * issuer's groups and hierarchies are always kept to its province (stored with it), see README "Provinces".
     */
    public record TargetRequest(String agencyId, String group, String descendantsOf,
                                @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> channels,
                                @Schema(example = "khanh-hoa", description = "A province code: alone, every agency of "
                                        + "the province (national issuers, or a province's own); with group or "
                                        + "descendantsOf, their members in that province only")
                                // absent from the idempotency hash when not sent, so keys stored before provinces replay
                                @JsonInclude(JsonInclude.Include.NON_NULL) String province) {

        /** A target without a province (as written before provinces existed). */
        public TargetRequest(String agencyId, String group, String descendantsOf, List<String> channels) {
            this(agencyId, group, descendantsOf, channels, null);
        }
    }

    /** Days relative to the deadline on which the notification service reminds agencies that have not complied. */
    public record RemindersRequest(
            @ArraySchema(maxItems = 10, uniqueItems = true, arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    example = "[-3, 0, 2]", description = "At most 10 different whole numbers of days, relative to the "
                    + "deadline (negative = before it, 0 = on the day); [] = no reminders"),
                    schema = @Schema(type = "integer", minimum = "-60", maximum = "60"))
            List<Integer> offsetsDays) {
    }

    public record WindowRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) LocalDate startDate,
                                @Schema(requiredMode = Schema.RequiredMode.REQUIRED) LocalDate endDate) {
    }
}

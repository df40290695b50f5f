package vn.govcomm.campaign.templates;

import io.swagger.v3.oas.annotations.media.Schema;
import vn.govcomm.campaign.campaigns.Campaign;
import vn.govcomm.campaign.campaigns.CampaignRequest;

import java.util.List;

/**
 * A template as an officer writes it (create and replace). The notice, targets, LED schedule, priority, observers and
 * reminders follow the campaign body's rules ({@code POST /api/campaigns}); the agency is the caller's.
 * {@code {year}} in the notice's texts becomes the year of the draft's start.
 */
public record TemplateRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200, example = "Khảo sát mức độ hài lòng hằng năm") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 60, example = "SNV-KSHL",
                description = "The drafts' code starts with it (then the occurrence: -2027, -2027-Q3, -2027-03; or the start date)")
        String code,
        List<String> legalReferences,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) CampaignRequest.NoticeRequest notice,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) List<CampaignRequest.TargetRequest> targets,
        @Schema(allowableValues = {"NORMAL", "URGENT"}) String priority,
        Campaign.LedSchedule ledSchedule,
        List<String> observers,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Template.Schedule schedule,
        CampaignRequest.RemindersRequest reminders,
        Recurrence recurrence) {
}

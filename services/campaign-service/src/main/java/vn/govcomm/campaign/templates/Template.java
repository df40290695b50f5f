package vn.govcomm.campaign.templates;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import vn.govcomm.campaign.campaigns.Campaign;
import vn.govcomm.campaign.campaigns.CampaignRequest;

import java.time.Instant;
import java.util.List;

/**
 * A campaign template of an agency: the notice per channel, targets with their channels, the schedule's shape (window
 * length, deadline offset, LED schedule), priority, reminders; optionally a {@link Recurrence}. One document;
 * {@code version} is the ETag. {@code owner} (who created it) is the author of the drafts its recurrence creates.
 * {@code nextOccurrence}, {@code skippedOccurrences} and {@code recurrenceProblem} are the recurrence scheduler's
 * (written with a compare-and-set on {@code nextOccurrence}, not on {@code version}).
 */
@Document(TemplateManagement.COLLECTION)
public record Template(@Id String id, long version, String name, String agencyId, String owner, boolean shared,
                       String code, List<String> legalReferences, CampaignRequest.NoticeRequest notice,
                       List<CampaignRequest.TargetRequest> targets, String priority, Campaign.LedSchedule ledSchedule,
                       List<String> observers, Schedule schedule, CampaignRequest.RemindersRequest reminders,
                       Recurrence recurrence,
                       @Schema(description = "ISO date of the next occurrence whose draft is still to be created")
                       String nextOccurrence,
                       @Schema(description = "Occurrences whose whole window passed before a draft could be created "
                               + "(the service was down)") List<String> skippedOccurrences,
                       RecurrenceProblem recurrenceProblem, String sourceCampaignId, String createdBy,
                       Instant createdAt, String updatedBy, Instant updatedAt) {

    /**
     * The shape of the window: {@code windowDays} long (1–366), the deadline {@code deadlineOffsetDays} after its first
     * day (0 = the first day; absent = the window's last day).
     */
    public record Schedule(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "366") Integer windowDays,
                           @Schema(minimum = "0") Integer deadlineOffsetDays) {
    }

    /** Why the draft of {@code occurrence} could not be created (the campaign rules' field problems); retried each run. */
    public record RecurrenceProblem(String occurrence, Instant at, List<vn.govcomm.kit.web.ApiProblem.FieldProblem> errors) {
    }

    boolean readableBy(vn.govcomm.identity.Caller caller) {
        return TemplateAccess.canRead(caller, this);
    }
}

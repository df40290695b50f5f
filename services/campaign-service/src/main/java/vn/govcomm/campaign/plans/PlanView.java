package vn.govcomm.campaign.plans;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A plan as the API shows it to one caller: the stored plan, each task with its timing today, its linked campaigns and
 * what the caller may do with it ({@code allowedActions}: {@code create-campaign}, see {@link TaskActions}).
 */
public record PlanView(String id, long version, int year, String issuingAgencyId, String title,
                       Plan.LegalBasis legalBasis, LocalDate today, int dueTasks, int lateTasks, List<TaskView> tasks,
                       String updatedBy, Instant updatedAt) {

    public record TaskView(String id, int number, String title, List<String> expectedProducts, Plan.Schedule schedule,
                           String leadAgencyId, String leadAgencyName, List<String> coordinatingAgencyIds,
                           List<String> coordinatingAgencyNames, String assignment, List<String> channels,
                           String funding, LocalDate dueFrom, LocalDate dueBy, boolean due, boolean late,
                           List<LinkedCampaigns.LinkedCampaign> campaigns, List<String> allowedActions) {
    }

    /** One line of the list: the plan without its tasks, with how many are due and late today. */
    public record Summary(String id, long version, int year, String issuingAgencyId, String title,
                          Plan.LegalBasis legalBasis, int tasks, int dueTasks, int lateTasks) {
    }
}

package vn.govcomm.campaign.plans;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/** What an officer sends to create or replace a plan ({@code PUT /api/plans/{id}}); checked by {@link PlanValidation}. */
public record PlanRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2025") Integer year,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ubnd-tinh") String issuingAgencyId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 300) String title,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) LegalBasisRequest legalBasis,
        @ArraySchema(minItems = 1, maxItems = PlanValidation.MAX_TASKS,
                arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED)) List<TaskRequest> tasks) {

    public record LegalBasisRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "244/QĐ-UBND", maxLength = 80) String number,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2025-01-24") LocalDate date,
            @Schema(example = "Ủy ban nhân dân tỉnh Khánh Hòa", maxLength = 300) String issuer,
            @Schema(maxLength = 500) String title) {
    }

    /** One row of the plan's appendix; the task id is {@code <planId>-t<number, two digits>}. */
    public record TaskRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "999") Integer number,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 2000) String title,
            List<String> expectedProducts,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ScheduleRequest schedule,
            @Schema(description = "A directory id; or leadAgencyName when the directory has no such agency") String leadAgencyId,
            @Schema(maxLength = 300) String leadAgencyName,
            List<String> coordinatingAgencyIds,
            List<String> coordinatingAgencyNames,
            @Schema(maxLength = 4000) String assignment,
            @Schema(description = "Channels the task's products call for (vn.govcomm.contracts.Channels.ALL); may be empty")
            List<String> channels,
            @Schema(maxLength = 2000) String funding) {
    }

    public record ScheduleRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    allowableValues = {"MONTH", "QUARTER", "YEAR_ROUND", "DATE_RANGE", "OTHER"}) String kind,
            @Schema(description = "Months of the plan's year (1–12): MONTH one or more, QUARTER whole quarters; "
                    + "YEAR_ROUND and OTHER: the whole year; DATE_RANGE: derived from from/to") List<Integer> months,
            @Schema(description = "DATE_RANGE only") LocalDate from,
            @Schema(description = "DATE_RANGE only") LocalDate to,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Quý I/2025", maxLength = 500) String words) {
    }
}

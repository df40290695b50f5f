package vn.govcomm.campaign.templates;

import io.swagger.v3.oas.annotations.media.Schema;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;

/**
 * When a template's campaign comes back: YEARLY on a month and day, QUARTERLY on a day of each quarter's first month
 * (January, April, July, October), MONTHLY on a day. A day past the end of a month means its last day (31 in February
 * is the 28th or 29th). The draft for an occurrence is created {@code leadTimeDays} before it.
 */
@Schema(description = "YEARLY on month/day, QUARTERLY on a day of the quarter's first month, MONTHLY on a day")
public record Recurrence(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"YEARLY", "QUARTERLY", "MONTHLY"}) String frequency,
        @Schema(minimum = "1", maximum = "12", description = "YEARLY only") Integer month,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "31") Integer day,
        @Schema(minimum = "0", maximum = "180", description = "Days before the occurrence the draft is created; default 14")
        Integer leadTimeDays) {

    static final Set<String> FREQUENCIES = Set.of("YEARLY", "QUARTERLY", "MONTHLY");
    static final int DEFAULT_LEAD_TIME_DAYS = 14;
    static final int MAX_LEAD_TIME_DAYS = 180;

    int leadTime() {
        return leadTimeDays == null ? DEFAULT_LEAD_TIME_DAYS : leadTimeDays;
    }

    /** The first occurrence on or after {@code from}. */
    LocalDate firstOnOrAfter(LocalDate from) {
        YearMonth month = YearMonth.from(from);
        for (int i = 0; i < 24; i++) {
            YearMonth candidate = month.plusMonths(i);
            if (occursIn(candidate)) {
                LocalDate date = candidate.atDay(Math.min(day, candidate.lengthOfMonth()));
                if (!date.isBefore(from)) {
                    return date;
                }
            }
        }
        throw new IllegalStateException("no occurrence within two years: " + this);
    }

    /** The occurrence after {@code occurrence}. */
    LocalDate after(LocalDate occurrence) {
        return firstOnOrAfter(occurrence.plusDays(1));
    }

    private boolean occursIn(YearMonth month) {
        return switch (frequency) {
            case "YEARLY" -> month.getMonthValue() == this.month;
            case "QUARTERLY" -> (month.getMonthValue() - 1) % 3 == 0;
            default -> true;
        };
    }

    /** What the draft's code gets appended for this occurrence: {@code 2027}, {@code 2027-Q3}, {@code 2027-03}. */
    String label(LocalDate occurrence) {
        return switch (frequency) {
            case "YEARLY" -> String.valueOf(occurrence.getYear());
            case "QUARTERLY" -> occurrence.getYear() + "-Q" + ((occurrence.getMonthValue() - 1) / 3 + 1);
            default -> YearMonth.from(occurrence).toString();
        };
    }

    /** The problems of this recurrence, field paths under {@code recurrence}. */
    List<FieldProblem> problems() {
        List<FieldProblem> out = new java.util.ArrayList<>();
        if (frequency == null) {
            out.add(TemplateValidation.required("recurrence.frequency"));
        } else if (!FREQUENCIES.contains(frequency)) {
            out.add(new FieldProblem("recurrence.frequency", "unknown-frequency",
                    "Chu kỳ phải là YEARLY, QUARTERLY hoặc MONTHLY", "Frequency must be YEARLY, QUARTERLY or MONTHLY"));
        }
        if ("YEARLY".equals(frequency) && month == null) {
            out.add(TemplateValidation.required("recurrence.month"));
        } else if (month != null && !"YEARLY".equals(frequency)) {
            out.add(new FieldProblem("recurrence.month", "not-applicable", "Chỉ chu kỳ hằng năm (YEARLY) có tháng",
                    "Only a YEARLY recurrence has a month"));
        } else if (month != null && (month < 1 || month > 12)) {
            out.add(TemplateValidation.outOfRange("recurrence.month", 1, 12));
        }
        if (day == null) {
            out.add(TemplateValidation.required("recurrence.day"));
        } else if (day < 1 || day > 31) {
            out.add(TemplateValidation.outOfRange("recurrence.day", 1, 31));
        }
        if (leadTimeDays != null && (leadTimeDays < 0 || leadTimeDays > MAX_LEAD_TIME_DAYS)) {
            out.add(TemplateValidation.outOfRange("recurrence.leadTimeDays", 0, MAX_LEAD_TIME_DAYS));
        }
        return out;
    }
}

package vn.govcomm.campaign.templates;

import org.junit.jupiter.api.Test;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class RecurrenceUnitTests {

    @Test
    void yearlyOccursOnItsMonthAndDayOnOrAfterTheGivenDate() {
        Recurrence survey = new Recurrence("YEARLY", 9, 1, 14);
        assertThat(survey.firstOnOrAfter(LocalDate.of(2026, 12, 5))).isEqualTo(LocalDate.of(2027, 9, 1));
        assertThat(survey.firstOnOrAfter(LocalDate.of(2027, 9, 1))).isEqualTo(LocalDate.of(2027, 9, 1));
        assertThat(survey.after(LocalDate.of(2027, 9, 1))).isEqualTo(LocalDate.of(2028, 9, 1));
        assertThat(survey.label(LocalDate.of(2027, 9, 1))).isEqualTo("2027");
    }

    @Test
    void quarterlyOccursInTheFirstMonthOfEachQuarter() {
        Recurrence r = new Recurrence("QUARTERLY", null, 10, 7);
        assertThat(r.firstOnOrAfter(LocalDate.of(2027, 1, 11))).isEqualTo(LocalDate.of(2027, 4, 10));
        assertThat(r.after(LocalDate.of(2027, 10, 10))).isEqualTo(LocalDate.of(2028, 1, 10));
        assertThat(r.label(LocalDate.of(2027, 7, 10))).isEqualTo("2027-Q3");
    }

    @Test
    void aDayPastTheEndOfTheMonthMeansItsLastDay() {
        Recurrence r = new Recurrence("MONTHLY", null, 31, null);
        assertThat(r.firstOnOrAfter(LocalDate.of(2028, 2, 1))).isEqualTo(LocalDate.of(2028, 2, 29));
        assertThat(r.after(LocalDate.of(2027, 1, 31))).isEqualTo(LocalDate.of(2027, 2, 28));
        assertThat(r.after(LocalDate.of(2027, 2, 28))).isEqualTo(LocalDate.of(2027, 3, 31));
        assertThat(r.label(LocalDate.of(2027, 3, 31))).isEqualTo("2027-03");
        assertThat(r.leadTime()).as("default lead time").isEqualTo(14);
    }

    @Test
    void refusesAMalformedRecurrenceWithEveryProblem() {
        assertThat(new Recurrence("WEEKLY", null, 0, 181).problems()).extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("recurrence.frequency", "unknown-frequency"),
                        org.assertj.core.groups.Tuple.tuple("recurrence.day", "out-of-range"),
                        org.assertj.core.groups.Tuple.tuple("recurrence.leadTimeDays", "out-of-range"));
        assertThat(new Recurrence("YEARLY", null, 1, 14).problems()).extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("recurrence.month", "required"));
        assertThat(new Recurrence("MONTHLY", 3, 1, 14).problems()).extracting(FieldProblem::code)
                .containsExactly("not-applicable");
        assertThat(new Recurrence("YEARLY", 13, 1, 14).problems()).extracting(FieldProblem::code)
                .containsExactly("out-of-range");
        assertThat(new Recurrence("YEARLY", 9, 1, 0).problems()).isEmpty();
    }
}

package vn.govcomm.reporting.followup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The follow-up report of a period: every campaign due between {@code from} and {@code to} (inclusive, dates in
 * Asia/Ho_Chi_Minh; due = deadline, else window end), of one issuing agency or of all those the caller reads, not
 * cancelled, ordered by due date; each with its own {@link FollowUp}.
 *
 * @param issuer the issuing agency the report is limited to, null for all of them
 */
public record PeriodFollowUp(LocalDate from, LocalDate to, String issuer, String issuerName, Instant asOf,
                             int campaigns, int nonCompliantAgencies, List<FollowUp> followUps) {
}

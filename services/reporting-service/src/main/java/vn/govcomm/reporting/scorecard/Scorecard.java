package vn.govcomm.reporting.scorecard;

import vn.govcomm.reporting.projections.Predecessors;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The periodic scorecard a department sends to the province: per agency, over every campaign due in the period
 * (not cancelled), how its required deliveries went per channel; worst first; and the province's totals per channel.
 *
 * @param period    what was asked: {@code 2025-Q1}, {@code 2025}, or {@code 2025-01-01..2025-03-31}
 * @param issuer    the issuing agency the campaigns are limited to, null for every issuer the caller reads
 * @param agency    the one agency asked for ({@code agency=}), null for all of them
 * @param campaigns campaigns due in the period that asked something of the agencies listed (with {@code agency}:
 *                  those that targeted it)
 * @param agencies  one row per agency that was required to publish, worst on-time rate first
 * @param totals    per channel, the sum of every agency's row
 * @param overall   every channel together
 */
public record Scorecard(String period, LocalDate from, LocalDate to, String issuer, String issuerName, String agency,
                        Instant asOf, int campaigns, List<AgencyScore> agencies, List<ChannelScore> totals,
                        Score overall) {

    /**
     * One agency: campaigns that required something of it, per channel and overall, and the reminders (before the
     * due time) and escalations (after it) it was sent about those campaigns; {@code predecessors}: the merged or
     * renamed agencies whose history the row includes.
     */
    public record AgencyScore(String agencyId, String name, Predecessors predecessors, int campaigns, List<ChannelScore> channels, Score overall,
                              int reminders, int escalations) {
    }

    /** A channel's {@link Score}, with its Vietnamese name. */
    public record ChannelScore(String channel, String channelName, int required, int onTime, int late, int missing,
                               int notYetDue, Double onTimeRate) {
    }

    /**
     * @param required   deliveries required (campaign × agency × channel, retracted ones left out)
     * @param onTime     proven published no later than the campaign's due time
     * @param late       proven published after it
     * @param missing    not published, the due time passed
     * @param notYetDue  not published, the due time still ahead (not counted in the rate)
     * @param onTimeRate onTime / (required − notYetDue), 0..1; null when nothing was due yet
     */
    public record Score(int required, int onTime, int late, int missing, int notYetDue, Double onTimeRate) {
    }
}

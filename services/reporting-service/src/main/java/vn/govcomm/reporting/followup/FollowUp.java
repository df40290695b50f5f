package vn.govcomm.reporting.followup;

import vn.govcomm.reporting.projections.Predecessors;
import vn.govcomm.reporting.projections.Reminders;

import java.time.Instant;
import java.util.List;

/**
 * The follow-up report of one campaign (seed 003: "list the agencies that did not comply and report them"): the
 * target agencies that have not complied, in plan order, each with the required channels it has not complied on,
 * why (the latest status and reason of its deliveries there, in words), and the reminders it was sent.
 *
 * <p>A required channel is complied with when at least one of the agency's deliveries on it is achieved
 * (the kit's {@code DeliveryStatus.isAchieved}: PUBLISHED, FETCHED, DISPLAYED); a channel whose deliveries were
 * all retracted (CANCELLED) is no longer asked for; a cancelled campaign asks nothing. Everything else is listed,
 * before the deadline as well (then {@code deadlinePassed} is false: "not yet"); a manual delivery whose evidence was
 * rejected (FAILED, EVIDENCE_REJECTED) is listed with the reviewer's reason.
 *
 * @param deadline     when the agencies had to publish: the campaign's deadline, else its window end
 * @param targetAgencies agencies the latest plan requires anything of
 */
public record FollowUp(String campaignId, String code, String title, String campaignStatus, String issuingAgencyId,
                       String issuingAgencyName, List<String> legalReferences, Instant deadline, boolean deadlinePassed,
                       Instant asOf, int targetAgencies, int nonCompliantAgencies, List<Agency> agencies) {

    /**
     * One agency that has not complied; {@code predecessors}: the merged or renamed agencies whose history its row
     * includes ({@link Predecessors}).
     */
    public record Agency(String agencyId, String name, Predecessors predecessors, List<Gap> channels, Reminders reminders) {
    }

    /**
     * One required channel not complied with. {@code status}: the most advanced status of its deliveries there
     * (null when nothing was ever dispatched); {@code code}/{@code reason}: the reason codes and words of each of
     * them (several endpoints, e.g. LED screens, may give several, joined); {@code endpointIds} and
     * {@code endpointNames}: their endpoints, and the display names of those whose request carried one (for a manual
     * task, what the agency had to do, e.g. "Bảng tin Bộ phận Một cửa").
     */
    public record Gap(String channel, String channelName, List<String> endpointIds, List<String> endpointNames,
                      String status, String statusName, String code, String reason, String reasonEn) {

        /** The names where known, else the ids (the XLSX column "Điểm phát hành"). */
        public List<String> endpoints() {
            return endpointNames.isEmpty() ? endpointIds : endpointNames;
        }
    }
}

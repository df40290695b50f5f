package vn.govcomm.reporting.compliance;

import vn.govcomm.reporting.projections.Predecessors;
import vn.govcomm.reporting.projections.Reminders;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A campaign's compliance as of a moment: the agency × channel grid and who has not complied, with reasons.
 * {@code channels}: the channels the campaign requires of any agency, in {@code Channels.ALL} order.
 * {@code dueAt}: when an unpublished automated channel becomes overdue (publishAt + grace, at most the window
 * end); {@code deadline}: the campaign's deadline (else the window end), when a manual channel becomes overdue
 * (the agency publishes by hand and has until then).
 * An agency has complied when every channel required of it is published (PUBLISHED, FETCHED or DISPLAYED on at
 * least one of its endpoints for that channel); it is non-compliant when a required channel has failed or is
 * overdue; otherwise it is still in progress.
 */
public record Compliance(String campaignId, String code, String title, String campaignStatus, Instant asOf,
                         Instant dueAt, Instant windowEndsAt, Instant deadline, List<String> channels, Totals totals,
                         List<AgencyRow> agencies, List<AgencyRow> nonCompliant) {

    public record Totals(int agencies, int complied, int nonCompliant, int inProgress, int requiredCells,
                         int publishedCells, int overdueCells, int failedCells) {
    }

    /**
     * {@code predecessors}: the merged or renamed agencies whose history the row includes; {@code reminders}: the
     * reminders and escalations the agency was sent about this campaign.
     */
    public record AgencyRow(String agencyId, String name, Predecessors predecessors, String type, List<String> groups, State state,
                            Map<String, Cell> cells, List<Reason> reasons, Reminders reminders) {
    }

    /** One agency's one channel. {@code byStatus} counts its deliveries (several LED screens make several). */
    public record Cell(boolean required, boolean published, boolean overdue, boolean failed, CellState state,
                       Map<String, Long> byStatus) {
    }

    public record Reason(String channel, String code, String message, String messageEn, String endpointId) {
    }

    public enum State { COMPLIED, NON_COMPLIANT, IN_PROGRESS, NOT_REQUIRED }

    public enum CellState {
        PUBLISHED("Đã đăng"), FAILED("Thất bại"), OVERDUE("Quá hạn"), PENDING("Đang thực hiện"),
        CANCELLED("Đã hủy"), NOT_REQUIRED("Không yêu cầu");

        private final String vietnamese;

        CellState(String vietnamese) {
            this.vietnamese = vietnamese;
        }

        public String vietnamese() {
            return vietnamese;
        }
    }
}

package vn.govcomm.fakes.xibo;

import java.time.Instant;
import java.util.List;

/** A schedule event: a campaign on display groups between two instants. */
public record XiboEvent(int eventId, int eventTypeId, int campaignId, int layoutId, List<Integer> displayGroupIds,
                        int displayOrder, int isPriority, Instant fromDt, Instant toDt) {

    boolean activeAt(Instant instant) {
        return !instant.isBefore(fromDt) && instant.isBefore(toDt);
    }
}

package vn.govcomm.notification.campaigns;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the service keeps of a campaign: the latest scheduled version's plan (targets, deadline, rounds,
 * observers) and what the news needs (code, title, issuing agency). {@code version} 0: known from news only.
 *
 * @param targets    agency → required channels, in plan order
 * @param addressees every agency any version targeted (who may read what was sent to it)
 */
public record Plan(String campaignId, int version, String code, String title, String issuingAgencyId, boolean cancelled,
                   Map<String, List<String>> targets, Instant deadline, List<String> observers,
                   List<Schedule.PlannedRound> rounds, List<String> addressees) {

    public boolean scheduled() {
        return version > 0;
    }
}

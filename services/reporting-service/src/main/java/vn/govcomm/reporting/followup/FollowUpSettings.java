package vn.govcomm.reporting.followup;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxCampaigns the most campaigns one period report covers (beyond: 400, ask for a shorter period)
 * @param maxDays      the longest period, in days
 */
@ConfigurationProperties("govcomm.reporting.follow-up")
public record FollowUpSettings(Integer maxCampaigns, Integer maxDays) {

    public FollowUpSettings {
        if (maxCampaigns == null) {
            maxCampaigns = 200;
        }
        if (maxDays == null) {
            maxDays = 366;
        }
    }
}

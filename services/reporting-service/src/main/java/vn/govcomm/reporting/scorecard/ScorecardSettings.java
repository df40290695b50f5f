package vn.govcomm.reporting.scorecard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxCampaigns the most campaigns one scorecard covers (beyond: 400 {@code period-too-large}); a year of a
 *                     province is a few hundred
 */
@ConfigurationProperties("govcomm.reporting.scorecards")
public record ScorecardSettings(Integer maxCampaigns) {

    public ScorecardSettings {
        if (maxCampaigns == null) {
            maxCampaigns = 1000;
        }
    }
}

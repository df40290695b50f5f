package vn.govcomm.reporting.compliance;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param grace how long after publishAt (or the window start when there is none) a required channel may stay
 *              unpublished before it counts as overdue; the end of the window makes it overdue in any case
 */
@ConfigurationProperties("govcomm.reporting.compliance")
public record ComplianceSettings(Duration grace) {

    public ComplianceSettings {
        if (grace == null) {
            grace = Duration.ofHours(24);
        }
    }
}

package vn.govcomm.manual.tasks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code govcomm.manual.*}.
 *
 * @param consoleBaseUrl      the console's public address: the permalink of evidence accepted without a URL is
 *                            {@code <consoleBaseUrl>/console/manual/tasks/<deliveryId>}
 * @param reportGrace         how old a status left unreported (a crash between the task write and the report) must be
 *                            before the sweep sends it
 * @param maxPageSize         the most tasks one list answer holds
 */
@ConfigurationProperties("govcomm.manual")
record TaskProperties(@DefaultValue("http://localhost:8080") String consoleBaseUrl,
                             @DefaultValue("30s") Duration reportSweepInterval,
                             @DefaultValue("10s") Duration reportGrace,
                             @DefaultValue("30s") Duration metricsInterval,
                             @DefaultValue("500") int maxPageSize) {

    public TaskProperties {
        consoleBaseUrl = consoleBaseUrl.replaceAll("/+$", "");
    }

    String consolePage(String deliveryId) {
        return consoleBaseUrl + "/console/manual/tasks/" + deliveryId;
    }
}

package vn.govcomm.gateway.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Map;

/**
 * {@code govcomm.console.*}: where the console finds the services (the same variables as the routes) and the
 * reporting endpoints that other teams add (exports, compliance), which it degrades around when absent.
 */
@ConfigurationProperties("govcomm.console")
record ConsoleProperties(@DefaultValue Map<String, String> exports,
                         @DefaultValue("/api/reports/campaigns/{id}/compliance") String compliancePath,
                         @DefaultValue("3") int boardRefreshSeconds) {
}

package vn.govcomm.kit.deadletters;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * {@code govcomm.dead-letters.*}: the dead-letter tooling every service serves ({@code /api/dead-letters}).
 *
 * @param enabled         the admin API, the index and its gauges; on by default
 * @param topics          the consumed topics whose {@code <topic>.DLT} this service looks after; empty (the default) =
 *                        the topics of this service's Kafka listeners
 * @param refreshInterval how often the index reads what was added to the DLTs (the pending gauges' freshness)
 * @param readTimeout     the longest one read of the broker may take before the API answers 503
 * @param previewSize     the value shown in a list of records
 * @param inspectSize     the value shown when one record is inspected
 * @param maxBulk         records one bulk replay may replay (the rest are reported as remaining)
 * @param indexLimit      records of one DLT the index remembers; beyond, newer ones are only counted as pending
 * @param replayTimeout   how long one replay call waits for the listener(s): a single replay still running then is
 *                        answered 202 (it ends on its own); a bulk replay starts no record after it. Below the
 *                        gateway's 15 s route timeout and the console's 20 s read timeout
 * @param replayLease     how long an unconfirmed replay (the service stopped while the listener ran) blocks the
 *                        record before another replay may take it over
 */
@ConfigurationProperties("govcomm.dead-letters")
public record DeadLetterProperties(@DefaultValue("true") boolean enabled,
                                   @DefaultValue List<String> topics,
                                   @DefaultValue("30s") Duration refreshInterval,
                                   @DefaultValue("10s") Duration readTimeout,
                                   @DefaultValue("512B") DataSize previewSize,
                                   @DefaultValue("256KB") DataSize inspectSize,
                                   @DefaultValue("500") int maxBulk,
                                   @DefaultValue("100000") int indexLimit,
                                   @DefaultValue("10s") Duration replayTimeout,
                                   @DefaultValue("2m") Duration replayLease) {
}

package vn.govcomm.publishing.publications;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Tuning of the scheduler and fan-out ({@code govcomm.publishing.*}).
 *
 * @param schedulerInterval how often every instance looks for due work
 * @param lease             how long a claimed publication stays with its instance without a heartbeat
 * @param firstBatch        targets in the first batch (small: the first deliveries leave quickly)
 * @param targetBatch       targets per later batch (× channels × endpoints = deliveries per bulk write and send)
 * @param retractionPage    deliveries per page when retracting (cancel, window end)
 * @param directoryGrace    how long after publishAt to wait for agencies missing from the directory replica
 * @param ackTimeout        how long to wait for Kafka to acknowledge a batch
 * @param workers           publications one instance works on at the same time
 * @param idleInterval      after a look that found nothing due, how long the scheduler waits before the next one
 *                          (campaign events wake it at once: a campaign approved for now still goes out at once)
 */
@ConfigurationProperties("govcomm.publishing")
public record PublishingProperties(
        @DefaultValue("250ms") Duration schedulerInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("25") int firstBatch,
        @DefaultValue("1000") int targetBatch,
        @DefaultValue("2000") int retractionPage,
        @DefaultValue("60s") Duration directoryGrace,
        @DefaultValue("30s") Duration ackTimeout,
        @DefaultValue("2") int workers,
        @DefaultValue("1s") Duration idleInterval) {

    /** Batch boundaries are a function of the start only, so a resumed expansion redoes exactly a whole batch. */
    int batchEnd(int start, int targets) {
        int end = start < firstBatch ? firstBatch : start + targetBatch;
        return Math.min(end, targets);
    }
}

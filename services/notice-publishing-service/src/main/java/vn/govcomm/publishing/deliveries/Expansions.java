package vn.govcomm.publishing.deliveries;

/**
 * Whether a campaign is being expanded into deliveries right now. Its deliveries are recorded only once Kafka
 * acknowledged their batch, so a fast adapter's status can arrive before the record: for such a campaign an unknown
 * delivery is early (retried), not poison. The publications feature, which owns the expansion, answers; deliveries
 * does not read its store.
 */
public interface Expansions {

    boolean running(String campaignId);
}

package vn.govcomm.publishing.reconciliation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The reconciliation of deliveries that get no answer from their channel ({@code govcomm.publishing.reconcile.*}).
 *
 * @param enabled       whether this instance runs rounds on its own (the progress API's {@code unanswered} and
 *                      {@code noAnswerSince} are computed either way)
 * @param interval      time between the end of one round and the start of the next
 * @param noAnswerAfter a delivery still DISPATCHED this long after its request was sent (or re-sent) is re-requested
 * @param maxResends    re-requests per delivery attempt; after that it stays DISPATCHED and counted as unanswered
 * @param page          deliveries read per page of a round
 */
@ConfigurationProperties("govcomm.publishing.reconcile")
public record ReconcileProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1m") Duration interval,
        @DefaultValue("10m") Duration noAnswerAfter,
        @DefaultValue("3") int maxResends,
        @DefaultValue("500") int page) {
}

package vn.govcomm.portal.wordpress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * WordPress push ({@code govcomm.portal.wordpress.*}).
 *
 * @param unconfirmedHorizon after a create whose outcome is unknown (timeout after sending, lost answer, gateway
 *                           error, crash mid-call), how long a post the look-up does not find may still be in the
 *                           making (a slow save finishing after the proxy gave up): the delivery keeps waiting and
 *                           looking instead of posting again until this much time has passed since that call
 * @param trashRetryInterval how often trashing the posts of retracted deliveries is tried again after a failure
 */
@ConfigurationProperties("govcomm.portal.wordpress")
public record WordPressProperties(@DefaultValue("2m") Duration unconfirmedHorizon,
                                  @DefaultValue("60s") Duration trashRetryInterval) {
}

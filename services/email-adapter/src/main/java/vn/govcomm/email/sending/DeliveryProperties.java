package vn.govcomm.email.sending;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the adapter waits ({@code govcomm.email.*}).
 *
 * @param bounceGrace        how long after the relay accepted a mail a bounce is still expected; then PUBLISHED
 * @param sendLease          how long a send in progress keeps others from sending the same mail: longer than the
 *                           SMTP timeouts together; after it, a send that never recorded its outcome (a crash) is
 *                           repeated, with the same Message-ID
 * @param graceSweepInterval how often mails whose grace ended are looked for
 */
@ConfigurationProperties("govcomm.email")
public record DeliveryProperties(@DefaultValue("10m") Duration bounceGrace,
                                 @DefaultValue("5m") Duration sendLease,
                                 @DefaultValue("5s") Duration graceSweepInterval) {
}

package vn.govcomm.notification.notifications;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code govcomm.notifications.*}.
 *
 * @param from            the From of every mail (an address, optionally with a display name)
 * @param consoleBaseUrl  where the console is, for the links in the mails
 * @param messageIdDomain the right-hand side of the deterministic Message-ID {@code <notificationId@domain>}
 * @param groupPrefix     consumer group prefix; a new prefix + an empty database = full replay
 */
@ConfigurationProperties("govcomm.notifications")
public record NotificationProperties(@DefaultValue("GovComm <thongbao@govcomm.local>") String from,
                                     @DefaultValue("http://localhost:8080") String consoleBaseUrl,
                                     @DefaultValue("govcomm.local") String messageIdDomain,
                                     @DefaultValue("notification-service") String groupPrefix,
                                     @DefaultValue Scheduler scheduler,
                                     @DefaultValue Retry retry) {

    /**
     * @param interval     how often due rounds and waiting notifications are looked for
     * @param enabled      false: no background loop (ticks only when called)
     * @param roundLease   how long a claimed round is an instance's before another may take it over
     * @param sendLease    the same for one notification being sent (longer than the SMTP timeouts together)
     * @param maxLateness  a round found later than this after its due time is recorded as skipped, not sent
     * @param sendsPerTick at most this many notifications are sent per tick (the rest at the next one)
     */
    public record Scheduler(@DefaultValue("30s") Duration interval,
                            @DefaultValue("true") boolean enabled,
                            @DefaultValue("5m") Duration roundLease,
                            @DefaultValue("2m") Duration sendLease,
                            @DefaultValue("7d") Duration maxLateness,
                            @DefaultValue("500") int sendsPerTick) {
    }

    /** Backoff of a notification whose SMTP relay could not take it: initial, doubled each time, at most max. */
    public record Retry(@DefaultValue("30s") Duration initial, @DefaultValue("30m") Duration max) {

        public Duration after(int failedAttempts) {
            Duration delay = initial;
            for (int i = 1; i < failedAttempts && delay.compareTo(max) < 0; i++) {
                delay = delay.multipliedBy(2);
            }
            return delay.compareTo(max) > 0 ? max : delay;
        }
    }
}

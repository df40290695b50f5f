package vn.govcomm.notification.notifications;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryUnitTests {

    @Test
    void theBackoffDoublesFromTheInitialDelayUpToTheMaximum() {
        NotificationProperties.Retry retry = new NotificationProperties.Retry(Duration.ofSeconds(30), Duration.ofMinutes(30));

        assertThat(retry.after(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(retry.after(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(retry.after(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(retry.after(7)).isEqualTo(Duration.ofMinutes(30));
        assertThat(retry.after(1000)).isEqualTo(Duration.ofMinutes(30));
    }
}

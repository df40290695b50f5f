package vn.govcomm.kit.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaHealthIndicatorUnitTests {

    final AtomicLong now = new AtomicLong();
    final AtomicInteger checks = new AtomicInteger();

    @Test
    void reusesAnAnswerForTheCacheTimeThenAsksTheBrokerAgain() {
        Queue<Health> answers = new ArrayDeque<>(List.of(Health.up().build(), Health.down().build()));
        KafkaHealthIndicator indicator = new KafkaHealthIndicator(() -> {
            checks.incrementAndGet();
            return answers.remove();
        }, Duration.ofSeconds(5), now::get, () -> { });

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        now.addAndGet(Duration.ofMillis(4_999).toNanos());
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(checks).hasValue(1);

        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(checks).hasValue(2);
    }

    @Test
    void countsTheCacheTimeFromTheAnswerNotFromTheQuestion() {
        // A broker that does not answer makes the check last its whole timeout (2 s here, on the fake clock).
        KafkaHealthIndicator indicator = new KafkaHealthIndicator(() -> {
            checks.incrementAndGet();
            now.addAndGet(Duration.ofSeconds(2).toNanos());
            return Health.down().build();
        }, Duration.ofSeconds(5), now::get, () -> { });

        indicator.health();
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        indicator.health();

        assertThat(checks).hasValue(1);
    }

    @Test
    void closingTheIndicatorClosesItsAdminClient() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        new KafkaHealthIndicator(() -> Health.up().build(), Duration.ofSeconds(5), now::get, closed::incrementAndGet)
                .close();
        assertThat(closed).hasValue(1);
    }
}

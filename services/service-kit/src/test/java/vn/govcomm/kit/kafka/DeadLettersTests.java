package vn.govcomm.kit.kafka;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.FixedBackOff;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTests {

    @Test
    void anUnreachableStoreOrBrokerIsAnOutageWaitedForNotAReasonToDeadLetter() {
        assertThat(DeadLetters.isInfrastructureOutage(new ListenerExecutionFailedException("listener failed",
                new DataAccessResourceFailureException("down", new MongoSocketOpenException("refused",
                        new ServerAddress()))))).isTrue();
        assertThat(DeadLetters.isInfrastructureOutage(new ListenerExecutionFailedException("listener failed",
                new NotEnoughReplicasException("isr")))).isTrue();
    }

    @Test
    void aDocumentThatKeptChangingIsContentionWaitedForAndAnyOtherIllegalStateIsNot() {
        assertThat(DeadLetters.isConcurrentChange(new ListenerExecutionFailedException("listener failed",
                new ConcurrentChange("Delivery dlv-1 kept changing; will be retried")))).isTrue();
        assertThat(DeadLetters.isConcurrentChange(new IllegalStateException("bug"))).isFalse();
        assertThat(DeadLetters.isInfrastructureOutage(new ConcurrentChange("kept changing"))).isFalse();
    }

    @Test
    void poisonAndBugsAreNotOutages() {
        assertThat(DeadLetters.isInfrastructureOutage(new ListenerExecutionFailedException("listener failed",
                new PoisonEventException("no type")))).isFalse();
        assertThat(DeadLetters.isInfrastructureOutage(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void aRecordThatArrivedEarlyIsWaitedForLongerThanARestartAndTheOrdinaryRetriesAreNot() {
        BackOff untilBack = new FixedBackOff(1, FixedBackOff.UNLIMITED_ATTEMPTS);
        BackOff contention = new FixedBackOff(2, 3);
        BackOff early = DeadLetters.backOffFor(new ListenerExecutionFailedException("listener failed",
                new ArrivedEarly("Delivery dlv-1 is not recorded yet")), untilBack, contention);
        assertThat(early).isNotNull().isNotSameAs(untilBack).isNotSameAs(contention);

        BackOffExecution execution = early.start();
        long waited = 0;
        int attempts = 0;
        for (long next = execution.nextBackOff(); next != BackOffExecution.STOP; next = execution.nextBackOff()) {
            assertThat(next).as("one wait").isBetween(200L, 5_000L);
            waited += next;
            attempts++;
        }
        // the ordinary policy gives up after about 11 s; a restart plus a 30 s lease takes longer than that
        assertThat(Duration.ofMillis(waited)).isGreaterThanOrEqualTo(DeadLetters.EARLY_WAIT.minusSeconds(5))
                .isGreaterThan(Duration.ofMinutes(2));
        assertThat(attempts).isGreaterThan(50);

        assertThat(DeadLetters.backOffFor(new IllegalStateException("bug"), untilBack, contention))
                .as("a bug keeps the default few retries").isNull();
        assertThat(DeadLetters.backOffFor(new ConcurrentChange("kept changing"), untilBack, contention)).isSameAs(contention);
        assertThat(DeadLetters.backOffFor(new DataAccessResourceFailureException("down"), untilBack, contention))
                .isSameAs(untilBack);
        assertThat(DeadLetters.arrivedEarly(new PoisonEventException("no type"))).isFalse();
    }
}

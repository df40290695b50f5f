package vn.govcomm.kit.kafka;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import vn.govcomm.kit.events.PoisonEventException;

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
}

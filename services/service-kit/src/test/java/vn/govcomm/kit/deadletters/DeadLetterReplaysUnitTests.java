package vn.govcomm.kit.deadletters;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaUtils;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.kit.web.ApiProblem;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-process replay without Spring or a broker: the record rebuilt, the listener found and called, failures. */
class DeadLetterReplaysUnitTests {

    static final DeadLetterTopics.Watched ORDERS = new DeadLetterTopics.Watched("orders.DLT", "orders", Set.of());

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static DeadLetter letter(String topic, String group, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", bytes("e-1"));
        headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, bytes("x.Boom"));
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes(topic));
        headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(2).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(41).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(1_000).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, bytes("LogAppendTime"));
        if (group != null) {
            headers.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, bytes(group));
        }
        return new DeadLetter(topic + ".DLT", new RecordId(0, 5), Instant.EPOCH, bytes("key-1"), bytes(value), headers);
    }

    static MessageListenerContainer container(String name, String group, Object listener, ContainerProperties properties) {
        properties.setGroupId(group);
        properties.setMessageListener(listener);
        ConcurrentMessageListenerContainer<Object, Object> container =
                new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(Map.of()), properties);
        container.setBeanName(name);
        return container;
    }

    static DeadLetterReplays replays(List<MessageListenerContainer> containers) {
        return new DeadLetterReplays(() -> containers, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Test
    void rebuildsTheRecordTheListenerGotTheFirstTime() {
        ConsumerRecord<Object, Object> record = replays(List.of()).record("orders", letter("orders", "g", "{}"));

        assertThat(record.topic()).isEqualTo("orders");
        assertThat(record.partition()).isEqualTo(2);
        assertThat(record.offset()).isEqualTo(41);
        assertThat(record.timestamp()).isEqualTo(1_000);
        assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(record.key()).as("deserialized as the consumers do").isEqualTo("key-1");
        assertThat((byte[]) record.value()).isEqualTo(bytes("{}"));
        assertThat(record.serializedKeySize()).isEqualTo(5);
        assertThat(record.headers()).extracting(Header::key).containsExactly("ce_id",
                DeadLetterManagement.REPLAY_OF_HEADER);
        assertThat(new String(record.headers().lastHeader(DeadLetterManagement.REPLAY_OF_HEADER).value(),
                StandardCharsets.UTF_8)).isEqualTo("orders.DLT/0/5");

        DeadLetter bare = new DeadLetter("orders.DLT", new RecordId(1, 9), Instant.EPOCH, null, null, new RecordHeaders());
        ConsumerRecord<Object, Object> unknown = replays(List.of()).record("orders", bare);
        assertThat(unknown.partition()).isEqualTo(-1);
        assertThat(unknown.offset()).isEqualTo(-1);
        assertThat(unknown.timestampType()).isEqualTo(TimestampType.NO_TIMESTAMP_TYPE);
        assertThat(unknown.key()).isNull();
        assertThat(unknown.value()).as("a tombstone stays one").isNull();
    }

    @Test
    void findsTheOneContainerOfTheOriginalTopicAndConsumerGroup() {
        MessageListener<Object, Object> a = r -> { };
        MessageListener<Object, Object> b = r -> { };
        MessageListener<Object, Object> c = r -> { };
        MessageListener<Object, Object> d = r -> { };
        DeadLetterReplays replays = replays(List.of(
                container("a", "svc.orders", a, new ContainerProperties("orders", "returns")),
                container("b", "svc.audit", b, new ContainerProperties("orders")),
                container("c", "svc.returns", c, new ContainerProperties("returns-only")),
                container("d", "svc.pattern", d, new ContainerProperties(Pattern.compile("delivery\\..*")))));

        assertThat(replays.target(ORDERS, letter("orders", "svc.audit", "{}")).listener()).isSameAs(b);
        assertThat(replays.target(ORDERS, letter("orders", "svc.orders", "{}")).group()).isEqualTo("svc.orders");
        assertThat(replays.target(ORDERS, letter("returns-only", null, "{}")).listener())
                .as("no group: the one listener of the topic").isSameAs(c);
        assertThat(replays.target(ORDERS, letter("delivery.zalo", "svc.pattern", "{}")).listener()).isSameAs(d);
        assertThatThrownBy(() -> replays.target(ORDERS, letter("orders", null, "{}")))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("replay-listener-ambiguous"));
        assertThatThrownBy(() -> replays.target(ORDERS, letter("orders", "svc.removed", "{}")))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.code()).isEqualTo("replay-no-listener");
                    assertThat(p.status().value()).isEqualTo(409);
                });
    }

    @Test
    void callsRecordAndBatchListenersAsTheirContainersDoWithTheGroupOfTheConsumerThread() throws Exception {
        List<Object> got = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        MessageListener<Object, Object> simple = r -> {
            got.add(r.key());
            groups.add(KafkaUtils.getConsumerGroupId());
        };
        AcknowledgingMessageListener<Object, Object> manual = (r, ack) -> got.add(ack);
        BatchMessageListener<Object, Object> batch = records -> got.add(records.size());
        ContainerProperties manualAck = new ContainerProperties("manual");
        manualAck.setAckMode(ContainerProperties.AckMode.MANUAL);
        DeadLetterReplays replays = replays(List.of(
                container("simple", "svc.simple", simple, new ContainerProperties("simple")),
                container("manual", "svc.manual", manual, manualAck),
                container("batch", "svc.batch", batch, new ContainerProperties("batch"))));

        for (String topic : List.of("simple", "manual", "batch")) {
            DeadLetter letter = letter(topic, "svc." + topic, "{}");
            DeadLetterReplays.Target target = replays.target(ORDERS, letter);
            replays.submit(() -> {
                replays.handOver(target, letter);
                return null;
            }).get(30, TimeUnit.SECONDS);
        }
        replays.close();

        assertThat(got).hasSize(3);
        assertThat(got.get(0)).isEqualTo("key-1");
        assertThat(got.get(1)).as("a manual-ack listener gets an acknowledgment").isInstanceOf(Acknowledgment.class);
        assertThat(got.get(2)).as("a batch of one").isEqualTo(1);
        assertThat(groups).containsExactly("svc.simple");
    }

    @Test
    void aListenerFailureIsUnwrappedAndClassifiedAsTheConsumersErrorHandlerClassifiesIt() throws Exception {
        DeadLetterReplays.Failure poison = DeadLetterReplays.Failure.of(new ListenerExecutionFailedException(
                "Listener method threw", new PoisonEventException("no ce_type", new IllegalArgumentException("why"))));
        DeadLetterReplays.Failure outage = DeadLetterReplays.Failure.of(new ListenerExecutionFailedException("failed",
                new DataAccessResourceFailureException("down", new MongoSocketOpenException("refused", new ServerAddress()))));

        assertThat(poison.exceptionClass()).isEqualTo(PoisonEventException.class.getName());
        assertThat(poison.causeClass()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(poison.describe()).isEqualTo("PoisonEventException: no ce_type");
        assertThat(poison.outage()).isFalse();
        assertThat(outage.exceptionClass()).isEqualTo(DataAccessResourceFailureException.class.getName());
        assertThat(outage.outage()).isTrue();
    }
}

package vn.govcomm.notification.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;
import vn.govcomm.kit.events.PoisonEventException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Per-record error isolation for batch listeners. Every record is parsed first; at the first poison record the
 * records before it are applied (one bulk write) and a {@link BatchListenerFailedException} names it, so the
 * kit's error handler commits those, sends the poison one straight to {@code <topic>.DLT} and redelivers the rest.
 * A failure of the write itself (store away, a bug) is blamed on the batch's first record: the handler retries from
 * there, for as long as the store is away (DeadLetters' outage backoff), instead of giving the whole batch up.
 */
public final class Batches {

    private Batches() {
    }

    /**
     * @param parse what a record says (null: nothing to do, e.g. a compaction tombstone); throws
     *              {@link PoisonEventException} for a record that can never be processed
     * @param apply writes the parsed records of the batch, in order
     */
    public static <T> void apply(List<ConsumerRecord<String, byte[]>> records, Function<ConsumerRecord<String, byte[]>, T> parse,
                                 Consumer<List<T>> apply) {
        List<T> parsed = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            T item;
            try {
                item = parse.apply(records.get(i));
            } catch (PoisonEventException | IllegalArgumentException poison) {
                write(parsed, apply);
                throw new BatchListenerFailedException(poison.getMessage(), poison, i);
            }
            if (item != null) {
                parsed.add(item);
            }
        }
        write(parsed, apply);
    }

    private static <T> void write(List<T> parsed, Consumer<List<T>> apply) {
        if (parsed.isEmpty()) {
            return;
        }
        try {
            apply.accept(parsed);
        } catch (RuntimeException failure) {
            throw new BatchListenerFailedException("Batch write failed: " + failure.getMessage(), failure, 0);
        }
    }
}

package vn.govcomm.kit.testing;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts a service's store commands that belong to a test run, for the "store commands per delivery" tests: a
 * driver {@link CommandListener} on the service's own client ({@link #customizer()}, registered as a bean before the
 * context starts). Counted: the data commands (find, insert, update, delete, findAndModify, aggregate, count) on one
 * of the given collections whose command text names one of the run's markers (delivery ids, screen or portal ids).
 * The kit's outbox relay (its read with the outbox projection, its {@code $pull}) is counted apart, so a test can
 * bound a service's own work with and without it.
 */
public final class StoreCommandCounter implements CommandListener {

    private static final Set<String> DATA_COMMANDS = Set.of("find", "insert", "update", "delete", "findAndModify",
            "aggregate", "count");

    private final Set<String> collections;
    private final Set<String> markers;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public StoreCommandCounter(Set<String> collections, Set<String> markers) {
        this.collections = Set.copyOf(collections);
        this.markers = Set.copyOf(markers);
    }

    /** Adds this listener to the service's MongoDB client. */
    public MongoClientSettingsBuilderCustomizer customizer() {
        return settings -> settings.addCommandListener(this);
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String name = event.getCommandName();
        if (!DATA_COMMANDS.contains(name)) {
            return;
        }
        String collection = event.getCommand().get(name).isString() ? event.getCommand().getString(name).getValue() : "";
        if (!collections.contains(collection)) {
            return;
        }
        String command = event.getCommand().toJson();
        if (markers.stream().anyMatch(command::contains)) {
            counts.computeIfAbsent(collection + " " + name + (isRelay(command) ? " (relay)" : ""),
                    k -> new LongAdder()).increment();
        }
    }

    private static boolean isRelay(String command) {
        return command.contains("\"$pull\"") || command.contains("\"projection\": {\"outbox\"");
    }

    public void reset() {
        counts.clear();
    }

    /** Every counted command, or only the service's own (without the outbox relay's). */
    public long total(boolean withRelay) {
        return counts.entrySet().stream().filter(e -> withRelay || !e.getKey().endsWith("(relay)"))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** "collection command [(relay)]" → count, sorted. */
    public Map<String, Long> breakdown() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }
}

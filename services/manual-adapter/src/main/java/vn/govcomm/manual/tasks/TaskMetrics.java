package vn.govcomm.manual.tasks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code govcomm.manual.tasks{state}} (gauge, counted in the shared database every metrics-interval: every replica
 * reports the same numbers, so take {@code max}), {@code govcomm.manual.reviews{decision=accepted|rejected}},
 * {@code govcomm.manual.evidence.submitted} and {@code govcomm.manual.tasks.opened} (counters).
 */
@Component
public class TaskMetrics {

    private final MongoTemplate mongo;
    private final Map<TaskState, AtomicLong> byState = new EnumMap<>(TaskState.class);
    private final Counter accepted;
    private final Counter rejected;
    private final Counter submitted;
    private final Counter opened;

    TaskMetrics(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        for (TaskState state : TaskState.values()) {
            AtomicLong value = new AtomicLong();
            byState.put(state, value);
            Gauge.builder("govcomm.manual.tasks", value, AtomicLong::get).tag("state", state.name())
                    .description("Manual tasks by state").register(meters);
        }
        accepted = Counter.builder("govcomm.manual.reviews").tag("decision", "accepted")
                .description("Evidence reviews").register(meters);
        rejected = Counter.builder("govcomm.manual.reviews").tag("decision", "rejected")
                .description("Evidence reviews").register(meters);
        submitted = Counter.builder("govcomm.manual.evidence.submitted").description("Evidence submissions")
                .register(meters);
        opened = Counter.builder("govcomm.manual.tasks.opened").description("Tasks opened or restarted by a new attempt")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${govcomm.manual.metrics-interval:30s}")
    public void refresh() {
        for (TaskState state : TaskState.values()) {
            byState.get(state).set(mongo.count(Query.query(Criteria.where("state").is(state.name())),
                    ManualTasks.COLLECTION));
        }
    }

    void reviewed(Decision decision) {
        (decision == Decision.ACCEPT ? accepted : rejected).increment();
    }

    void evidenceSubmitted() {
        submitted.increment();
    }

    void opened() {
        opened.increment();
    }
}

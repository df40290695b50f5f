package vn.govcomm.zalo.oa;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import vn.govcomm.contracts.Channels;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** {@code govcomm.endpoints.attention{channel=zalo, reason}}: how many OA connections need an operator, per reason. */
public class OaAttention {

    private final MongoTemplate mongo;
    private final Map<Attention, AtomicLong> counts = new EnumMap<>(Attention.class);

    OaAttention(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        for (Attention reason : Attention.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(reason, count);
            Gauge.builder("govcomm.endpoints.attention", count, AtomicLong::get)
                    .tags("channel", Channels.ZALO, "reason", reason.tag())
                    .description("Zalo OA connections that need an operator").register(meters);
        }
    }

    /** Recounts from the store (called after every change and at start-up; a handful of documents). */
    public void refresh() {
        counts.forEach((reason, count) -> count.set(mongo.count(
                Query.query(Criteria.where("attention.reason").is(reason.tag())), OaConnections.COLLECTION)));
    }

    public long count(Attention reason) {
        return counts.get(reason).get();
    }
}

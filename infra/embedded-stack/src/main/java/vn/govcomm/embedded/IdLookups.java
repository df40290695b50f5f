package vn.govcomm.embedded;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place where the embedded store's query planning is taught what a MongoDB server does by itself: a filter
 * that pins {@code _id} to one value is a look-up of that document, whatever else it compares.
 *
 * <p>mongo-java-server uses an index only when a query's fields are <em>exactly</em> the index's fields, so a
 * compare-and-set such as {@code {_id: x, status: "DISPATCHED", attempt: 2}}, or any {@code Filters.and(eq("_id", x),
 * ...)} (which the driver sends as {@code $and}), scanned the whole collection. The services used to work around
 * that by creating extra unique indexes on the embedded store only; now the embedded collections find the document
 * through the {@code _id} index and then apply the whole filter to it, so the services write their queries for
 * MongoDB alone.
 */
final class IdLookups {

    static final String ID = "_id";
    static final String ID_INDEX = "_id_";

    /** How many queries were answered through a pinned {@code _id} (for tests: proof that the path is taken). */
    static final AtomicLong ANCHORED_QUERIES = new AtomicLong();

    private IdLookups() {
    }

    /**
     * The {@code _id} value the filter pins, or null: {@code {_id: v, ...}}, {@code {_id: {$eq: v}, ...}}, or one of
     * those inside a top-level {@code $and}. Operators other than {@code $eq} on {@code _id} pin nothing.
     */
    static Object pinnedId(Document query) {
        if (query == null) {
            return null;
        }
        if (query.containsKey(ID)) {
            return plainValue(query.get(ID));
        }
        if (query.get("$and") instanceof List<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof Document condition) {
                    Object id = pinnedId(condition);
                    if (id != null) {
                        return id;
                    }
                }
            }
        }
        return null;
    }

    private static Object plainValue(Object value) {
        if (value instanceof Document expression && !expression.isEmpty()
                && expression.keySet().iterator().next().startsWith("$")) {
            return expression.size() == 1 && expression.containsKey("$eq") ? plainValue(expression.get("$eq")) : null;
        }
        return value;
    }

    /**
     * How a collection answers {@code query}: through the {@code _id} index when the query pins {@code _id} (then
     * {@code lookUp} applies the whole query to those positions), otherwise as mongo-java-server plans it.
     */
    static <P> QueryResult answer(Document query, List<Index<P>> indexes, Function<Iterable<P>, QueryResult> lookUp,
                                  Supplier<QueryResult> stockPlan) {
        Object id = pinnedId(query);
        Iterable<P> positions = id == null ? null : positions(indexes, id);
        return positions == null ? stockPlan.get() : lookUp.apply(positions);
    }

    /** The positions of the document with that {@code _id} (zero or one), or null when the collection has no _id index. */
    static <P> Iterable<P> positions(List<Index<P>> indexes, Object id) {
        List<Index<P>> current;
        try {
            current = List.copyOf(indexes);
        } catch (ConcurrentModificationException indexBeingCreated) {
            return null; // the stock plan (a scan) answers this one query
        }
        for (Index<P> index : current) {
            if (ID_INDEX.equals(index.getName())) {
                ANCHORED_QUERIES.incrementAndGet();
                return index.getPositions(new Document(ID, id));
            }
        }
        return null;
    }
}

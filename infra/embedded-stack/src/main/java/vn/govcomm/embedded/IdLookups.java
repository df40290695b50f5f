package vn.govcomm.embedded;

import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The one place where the embedded store's query planning is taught what a MongoDB server does by itself: a filter
 * that pins {@code _id} to one value or a list of values ({@code $in}) is a look-up of those documents, whatever else
 * it compares.
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
     * The {@code _id} values the filter pins, or null: {@code {_id: v, ...}}, {@code {_id: {$eq: v}, ...}},
     * {@code {_id: {$in: [v, w]}, ...}}, or one of those inside a top-level {@code $and}. Other operators on
     * {@code _id} pin nothing, and neither does an {@code $in} that lists an expression (a regular expression).
     */
    static List<Object> pinnedIds(Document query) {
        if (query == null) {
            return null;
        }
        if (query.containsKey(ID)) {
            return plainValues(query.get(ID));
        }
        if (query.get("$and") instanceof List<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof Document condition) {
                    List<Object> ids = pinnedIds(condition);
                    if (ids != null) {
                        return ids;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Whether a value in a filter is an expression rather than a value to compare with: a regular expression or an
     * operator document ({@code {$gt: ...}}). The one rule both {@link IdLookups} and {@link SecondaryIndex} use.
     */
    static boolean isExpression(Object value) {
        return value instanceof Pattern || value instanceof BsonRegularExpression
                || value instanceof Document document && !document.isEmpty()
                && document.keySet().iterator().next().startsWith("$");
    }

    private static List<Object> plainValues(Object value) {
        if (value instanceof Document expression && !expression.isEmpty()
                && expression.keySet().iterator().next().startsWith("$")) {
            if (expression.size() != 1) {
                return null;
            }
            if (expression.containsKey("$eq")) {
                return plainValues(expression.get("$eq"));
            }
            if (expression.get("$in") instanceof Collection<?> values) {
                List<Object> ids = new ArrayList<>(values.size());
                for (Object id : values) {
                    if (isExpression(id)) {
                        return null;
                    }
                    ids.add(id);
                }
                return ids;
            }
            return null;
        }
        return isExpression(value) ? null : List.of(value);
    }

    /**
     * How {@code collection} answers {@code query}: through the {@code _id} index when the query pins {@code _id}
     * (then {@code lookUp} applies the rest of the query to those positions), otherwise as mongo-java-server plans it
     * when one of its indexes handles the whole query, otherwise through the narrowest {@link SecondaryIndex} that
     * narrows it (then {@code lookUp} applies the whole query to those positions), otherwise by reading the whole
     * collection.
     *
     * <p>A top-level {@code _id} condition is settled by the look-up itself and is not applied again: the matcher
     * checks {@code $in} by walking its list, so a renewal of the leases of n runs ({@code {_id: {$in: [n ids]},
     * owner: me}}) cost n × n comparisons under the collection's lock (10,000 runs: 10⁸, every renewal). MongoDB
     * answers such a filter from the index bounds.
     */
    static <P> QueryResult answer(AbstractMongoCollection<P> collection, Document query,
                                  BiFunction<Document, Iterable<P>, QueryResult> lookUp,
                                  Supplier<QueryResult> stockPlan) {
        List<Index<P>> indexes = indexes(collection);
        if (indexes == null) {
            return stockPlan.get();
        }
        List<Object> ids = pinnedIds(query);
        Iterable<P> byId = ids == null ? null : positions(indexes, ids);
        if (byId != null) {
            return lookUp.apply(withoutTopLevelId(query), byId);
        }
        if (indexes.stream().anyMatch(index -> index.canHandle(query))) {
            return stockPlan.get();
        }
        Iterable<P> candidates = SecondaryIndex.candidates(indexes, query);
        if (candidates != null) {
            return lookUp.apply(query, candidates);
        }
        if (StoreScans.enabled()) {
            StoreScans.record(collection.getFullName(), query, collection.count());
        }
        return stockPlan.get();
    }

    /**
     * A multi-document update whose filter pins top-level {@code _id} to a list ({@code {_id: {$in: [ids]}, ...}}),
     * run as one update per id under the collection's lock ({@code lock}, the monitor its synchronised methods hold,
     * so no other command runs in between): mongo-java-server matches every updated document against the filter once
     * more to find a positional {@code $} element, walking the {@code $in} list again (n × n comparisons for n ids).
     * Only for ids whose Java equality is MongoDB's (strings, ObjectIds), so no document is updated twice; an upsert,
     * a single-document update or any other filter goes to {@code update} as it is. Answers as mongo-java-server's
     * update does: {@code n} matched, {@code nModified} changed.
     */
    static Document updateEachPinned(Object lock, Document selector, boolean multi, boolean upsert,
                                     UnaryOperator<Document> update) {
        List<Object> ids = multi && !upsert && selector.get(ID) instanceof Document condition
                && condition.size() == 1 && condition.containsKey("$in") ? plainValues(condition) : null;
        if (ids == null || ids.size() < 2
                || !ids.stream().allMatch(id -> id instanceof String || id instanceof ObjectId)) {
            return update.apply(selector);
        }
        synchronized (lock) {
            int matched = 0;
            int modified = 0;
            for (Object id : new LinkedHashSet<>(ids)) {
                Document one = new Document(selector);
                one.put(ID, id);
                Document answer = update.apply(one);
                matched += ((Number) answer.get("n")).intValue();
                modified += ((Number) answer.get("nModified")).intValue();
            }
            return new Document("n", matched).append("nModified", modified);
        }
    }

    /** The query without its top-level {@code _id} condition (the same query when {@code _id} is pinned in {@code $and}). */
    static Document withoutTopLevelId(Document query) {
        if (!query.containsKey(ID)) {
            return query;
        }
        Document rest = new Document(query);
        rest.remove(ID);
        return rest;
    }

    /**
     * The positions of the documents that may match {@code query} (a superset: the caller applies the query), found
     * through a pinned {@code _id} or the narrowest {@link SecondaryIndex}; null when no index narrows it.
     */
    static <P> Iterable<P> narrowed(AbstractMongoCollection<P> collection, Document query) {
        List<Index<P>> indexes = indexes(collection);
        return indexes == null ? null : narrowed(indexes, query);
    }

    private static <P> Iterable<P> narrowed(List<Index<P>> indexes, Document query) {
        List<Object> ids = pinnedIds(query);
        Iterable<P> positions = ids == null ? null : positions(indexes, ids);
        return positions != null ? positions : SecondaryIndex.candidates(indexes, query);
    }

    private static <P> List<Index<P>> indexes(AbstractMongoCollection<P> collection) {
        try {
            return List.copyOf(collection.getIndexes());
        } catch (ConcurrentModificationException indexBeingCreated) {
            return null; // the stock plan answers this one query
        }
    }

    /** The positions of the documents with those {@code _id}s, or null without an _id index. */
    static <P> Iterable<P> positions(List<Index<P>> indexes, List<Object> ids) {
        for (Index<P> index : indexes) {
            if (ID_INDEX.equals(index.getName())) {
                ANCHORED_QUERIES.incrementAndGet();
                if (ids.size() == 1) {
                    return index.getPositions(new Document(ID, ids.getFirst()));
                }
                Set<P> positions = new LinkedHashSet<>();
                for (Object id : ids) {
                    index.getPositions(new Document(ID, id)).forEach(positions::add);
                }
                return SecondaryIndex.inNaturalOrder(positions); // as the whole-collection read returned them
            }
        }
        return null;
    }
}

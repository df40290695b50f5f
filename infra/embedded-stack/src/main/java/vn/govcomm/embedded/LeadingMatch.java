package vn.govcomm.embedded;

import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lets an aggregation that starts with {@code $match} read only the documents an index finds, as MongoDB does.
 * mongo-java-server feeds every aggregation the whole collection ({@code queryAllAsStream}) and filters in its
 * {@code $match} stage; the driver's {@code countDocuments} (and so Spring Data's {@code count} and {@code exists})
 * is such an aggregation, so {@code exists(_id = x)} read every document of the collection, e.g. once per directory
 * event in the publisher, whose cost grew with the directory. While an {@code aggregate} command runs, this holds
 * its collection and leading filter; the collection's first {@code queryAllAsStream} of that command takes it and
 * returns the documents at the positions {@link IdLookups#narrowed} finds (a superset: the {@code $match} stage
 * still applies the whole filter), or every document when no index narrows it.
 */
final class LeadingMatch {

    private static final ThreadLocal<LeadingMatch> CURRENT = new ThreadLocal<>();

    /** How many aggregations an index fed (for tests: proof that the path is taken). */
    static final AtomicLong NARROWED = new AtomicLong();

    private final String namespace;
    private final Document filter;

    private LeadingMatch(String namespace, Document filter) {
        this.namespace = namespace;
        this.filter = filter;
    }

    /** Runs {@code command} on {@code database}, holding its leading $match if it is an aggregation with one. */
    static Document during(String database, String command, Document query, Supplier<Document> handle) {
        if (!"aggregate".equals(command) || !(query.get("aggregate") instanceof String collection)
                || !(query.get("pipeline") instanceof List<?> pipeline) || pipeline.isEmpty()
                || !(pipeline.getFirst() instanceof Document first) || first.size() != 1
                || !(first.get("$match") instanceof Document filter)) {
            return handle.get();
        }
        CURRENT.set(new LeadingMatch(database + "." + collection, filter));
        try {
            return handle.get();
        } finally {
            CURRENT.remove();
        }
    }

    /**
     * What {@code collection}'s {@code queryAllAsStream} returns: the documents {@code read} returns for the positions
     * the command's leading $match narrows to, otherwise every document.
     */
    static <P> Stream<Document> source(AbstractMongoCollection<P> collection,
                                       Function<Iterable<P>, QueryResult> read) {
        synchronized (collection) {
            Iterable<P> positions = positionsFor(collection);
            if (positions != null) {
                return StreamSupport.stream(read.apply(positions).spliterator(), false);
            }
        }
        return StreamSupport.stream(collection.queryAll().spliterator(), false);
    }

    /**
     * The positions to feed {@code collection}'s aggregation from, or null for all of them: taken once, by the
     * aggregation's source, so that a later read of the same collection in that command (a self-{@code $lookup})
     * sees every document.
     */
    private static <P> Iterable<P> positionsFor(AbstractMongoCollection<P> collection) {
        LeadingMatch match = CURRENT.get();
        if (match == null || !match.namespace.equals(collection.getFullName())) {
            return null;
        }
        CURRENT.remove();
        Iterable<P> positions = IdLookups.narrowed(collection, match.filter);
        if (positions != null) {
            NARROWED.incrementAndGet();
        }
        return positions;
    }
}

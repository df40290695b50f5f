package vn.govcomm.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A non-unique index for the embedded store, which has none: mongo-java-server accepts {@code createIndex} for a
 * non-unique index but keeps an empty one, so every filter that pins no {@code _id} read the whole collection under
 * the collection's lock (the outbox relays' sweep every 2 s, the sweepers' due-time queries), and that cost grew with
 * the campaign. This index keeps, for the index's <em>first</em> field, which documents hold which value, and which
 * hold the field at all. {@link #candidates} narrows a filter on that field ({@code v}, {@code {$eq: v}},
 * {@code {$in: [...]}}) to the documents with those values, and {@code {$exists: true}} or a comparison with a value
 * ({@code $lt}, {@code $lte}, {@code $gt}, {@code $gte}) to the documents that hold the field; the whole filter is then applied to them as
 * before, so a candidate too many costs time, never a wrong answer. Anything it cannot narrow safely (a {@code null},
 * a regular expression, a sub-document, an array compared whole, a numeric path) is left to the stock plan, and
 * documents whose field is an array or a sub-document are always candidates.
 *
 * <p>The index's other fields are not used (MongoDB would use them to narrow further and to sort). It never takes
 * part in mongo-java-server's own planning ({@link #canHandle} is false) and, like the empty index it replaces, it
 * is sparse, so the collection's own bookkeeping treats it as before. Every method runs under the collection's lock.
 */
final class SecondaryIndex<P> extends Index<P> {

    private static final Object ARRAY_OR_DOCUMENT = new Object();

    /** How many queries a secondary index narrowed (for tests: proof that the path is taken). */
    static final AtomicLong NARROWED = new AtomicLong();

    private final String[] path;
    private final Map<Object, Set<P>> byValue = new HashMap<>();
    /** Documents whose field is an array or a sub-document: a value comparison may match them whole. */
    private final Set<P> always = new HashSet<>();
    /** Documents that hold the field (with any value, {@code null} included). */
    private final Set<P> present = new HashSet<>();
    private final Map<P, Set<Object>> valuesOf = new HashMap<>();
    private final Map<Object, P> positionOfId = new HashMap<>();

    private SecondaryIndex(String name, List<IndexKey> keys) {
        super(name, keys, true);
        this.path = keys.getFirst().getKey().split("\\.");
    }

    /** The index to keep for {@code index}: this one in place of mongo-java-server's empty non-unique index. */
    static <P> Index<P> replacing(Index<P> index) {
        return index instanceof EmptyIndex<P> && !index.getKeys().isEmpty()
                ? new SecondaryIndex<>(index.getName(), index.getKeys())
                : index;
    }

    /**
     * The positions (in the collection's natural order when they are comparable) of the documents that may match
     * {@code query}, narrowed by the narrowest of {@code indexes}; null when none of them narrows it.
     */
    static <P> List<P> candidates(List<Index<P>> indexes, Document query) {
        Set<P> narrowest = null;
        for (Index<P> index : indexes) {
            if (index instanceof SecondaryIndex<P> secondary) {
                Set<P> candidates = secondary.candidates(query);
                if (candidates != null && (narrowest == null || candidates.size() < narrowest.size())) {
                    narrowest = candidates;
                }
            }
        }
        if (narrowest == null) {
            return null;
        }
        NARROWED.incrementAndGet();
        return inNaturalOrder(narrowest);
    }

    /** The positions sorted, which is the collection's natural order for both backends' positions. */
    @SuppressWarnings("unchecked")
    static <P> List<P> inNaturalOrder(Set<P> positions) {
        List<P> ordered = new ArrayList<>(positions);
        if (!ordered.isEmpty() && ordered.stream().allMatch(position -> position instanceof Comparable<?>
                && position.getClass() == ordered.getFirst().getClass())) {
            ordered.sort((Comparator<P>) Comparator.naturalOrder());
        }
        return ordered;
    }

    /** The documents that may match {@code query} by this index's first field, or null if it cannot narrow it. */
    Set<P> candidates(Document query) {
        Set<P> narrowest = null;
        for (Object condition : conditionsOnField(query, new ArrayList<>())) {
            Set<P> candidates = candidatesFor(condition);
            if (candidates != null && (narrowest == null || candidates.size() < narrowest.size())) {
                narrowest = candidates;
            }
        }
        return narrowest;
    }

    /** The conditions {@code query} puts on this index's first field, at its top level or in a top-level $and. */
    private List<Object> conditionsOnField(Document query, List<Object> conditions) {
        String field = keys().getFirst();
        if (query.containsKey(field)) {
            conditions.add(query.get(field));
        }
        if (query.get("$and") instanceof List<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof Document condition) {
                    conditionsOnField(condition, conditions);
                }
            }
        }
        return conditions;
    }

    private Set<P> candidatesFor(Object condition) {
        if (!(condition instanceof Document expression) || expression.isEmpty()
                || !expression.keySet().iterator().next().startsWith("$")) {
            return withValues(Collections.singletonList(condition));
        }
        Set<P> narrowest = null;
        for (Map.Entry<String, Object> operator : expression.entrySet()) {
            Set<P> candidates = switch (operator.getKey()) {
                case "$eq" -> withValues(Collections.singletonList(operator.getValue()));
                case "$in" -> operator.getValue() instanceof Collection<?> values ? withValues(values) : null;
                case "$exists" -> isTrue(operator.getValue()) ? present : null;
                // A comparison with a value never matches a document without the field: a sparse field's sweep
                // ("retry.nextAt <= now") reads only the documents that hold it.
                case "$lt", "$lte", "$gt", "$gte" -> isScalar(operator.getValue()) ? present : null;
                default -> null;
            };
            if (candidates != null && (narrowest == null || candidates.size() < narrowest.size())) {
                narrowest = candidates;
            }
        }
        return narrowest;
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || value instanceof Number number && number.doubleValue() != 0;
    }

    private Set<P> withValues(Collection<?> values) {
        Set<P> candidates = new LinkedHashSet<>(always);
        for (Object value : values) {
            if (!isScalar(value)) {
                return null;
            }
            candidates.addAll(byValue.getOrDefault(key(value), Set.of()));
        }
        return candidates;
    }

    private static boolean isScalar(Object value) {
        return value != null && !(value instanceof Document) && !(value instanceof Collection<?>)
                && !IdLookups.isExpression(value)
                && !(value instanceof de.bwaldvogel.mongo.backend.Missing) && !value.getClass().isArray();
    }

    /** The value as the index compares it: numbers of any type by value (as MongoDB does), strings as they are. */
    private static Object key(Object value) {
        if (value instanceof String || value instanceof Boolean) {
            return value; // the common case, without KeyValue's list and normalised copy (both sides use this key)
        }
        return new KeyValue(value).normalized();
    }

    /** What the document holds at the path: scalar values, {@link #ARRAY_OR_DOCUMENT}, or nothing if it is missing. */
    private Set<Object> valuesIn(Document document) {
        Set<Object> values = new HashSet<>();
        collect(document, 0, values);
        // Most documents hold one value: keep it without a hash table (a few dozen bytes per document and index).
        return switch (values.size()) {
            case 0 -> Collections.emptySet();
            case 1 -> Collections.singleton(values.iterator().next());
            default -> values;
        };
    }

    private void collect(Object node, int depth, Set<Object> values) {
        if (depth == path.length) {
            if (node instanceof Collection<?> elements) {
                values.add(ARRAY_OR_DOCUMENT);
                elements.forEach(element -> values.add(isScalar(element) ? key(element) : ARRAY_OR_DOCUMENT));
            } else if (node instanceof Document) {
                values.add(ARRAY_OR_DOCUMENT);
            } else {
                values.add(node == null ? null : key(node));
            }
            return;
        }
        if (node instanceof Document document) {
            if (document.containsKey(path[depth])) {
                collect(document.get(path[depth]), depth + 1, values);
            }
        } else if (node instanceof Collection<?> elements) {
            if (path[depth].chars().allMatch(Character::isDigit)) {
                values.add(ARRAY_OR_DOCUMENT); // a position in an array: leave it to the matcher
            }
            for (Object element : elements) {
                if (element instanceof Document || element instanceof Collection<?>) {
                    collect(element, depth, values);
                }
            }
        }
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        add(document, position, valuesIn(document));
    }

    private void add(Document document, P position, Set<Object> values) {
        valuesOf.put(position, values);
        positionOfId.put(key(document.get("_id")), position);
        if (!values.isEmpty()) {
            present.add(position);
        }
        for (Object value : values) {
            if (value == ARRAY_OR_DOCUMENT) {
                always.add(position);
            } else {
                byValue.computeIfAbsent(value, v -> new HashSet<>()).add(position);
            }
        }
    }

    @Override
    public P remove(Document document) {
        P position = positionOfId.remove(key(document.get("_id")));
        if (position != null) {
            forget(position);
        }
        return position;
    }

    private void forget(P position) {
        Set<Object> values = valuesOf.remove(position);
        present.remove(position);
        always.remove(position);
        if (values != null) {
            for (Object value : values) {
                Set<P> positions = byValue.get(value);
                if (positions != null) {
                    positions.remove(position);
                    if (positions.isEmpty()) {
                        byValue.remove(value);
                    }
                }
            }
        }
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
        Set<Object> values = valuesIn(newDocument); // once per update and index: this runs on every write
        if (values.equals(valuesOf.get(position))) {
            return;
        }
        forget(position);
        positionOfId.remove(key(oldDocument.get("_id")));
        add(newDocument, position, values);
    }

    @Override
    public P getPosition(Document document) {
        return positionOfId.get(key(document.get("_id")));
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // not unique: nothing to check
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // not unique: nothing to check
    }

    @Override
    public boolean canHandle(Document query) {
        return false; // never in mongo-java-server's own planning; see candidates(...)
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        Set<P> candidates = candidates(query);
        return candidates == null ? List.of() : candidates;
    }

    @Override
    public long getCount() {
        return valuesOf.size();
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public void drop() {
        byValue.clear();
        always.clear();
        present.clear();
        valuesOf.clear();
        positionOfId.clear();
    }
}

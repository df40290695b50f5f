package vn.govcomm.embedded;

import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.NumericUtils;
import de.bwaldvogel.mongo.backend.QueryMatcher;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The updates the services send most, applied to a stored document without mongo-java-server's two deep copies of
 * it: the library copies the whole document twice per update (once to keep the old version, once to modify), splits
 * every path with a stream, compiles a regular expression per path to look for array filters and validates every
 * field name of the result. On the in-memory store that was most of an update's cost and most of the store's garbage
 * (a delivery document carries its whole request). Here only the documents on an updated path are copied (shallow);
 * every other value is shared between the old and the new version, which is safe because no update changes a stored
 * value in place (the library's updates modify a deep copy; these ones copy what they change).
 *
 * <p>Handled: {@code $set}, {@code $unset}, {@code $inc} (numbers), {@code $min}/{@code $max} (values of one kind),
 * {@code $push} (a value or {@code $each}), {@code $pull} and {@code $setOnInsert} (nothing to do on an existing
 * document), on plain dotted paths through sub-documents. Anything else — another operator, a path with a positional
 * or numeric part, a path through an array or a scalar, array filters, conflicting paths, a value of another kind —
 * answers null and the library applies the update as before (also for its error messages).
 */
final class CopyOnWriteUpdate {

    private static final QueryMatcher MATCHER = new DefaultQueryMatcher();
    private static final Set<String> OPERATORS = Set.of("$set", "$unset", "$inc", "$min", "$max", "$push", "$pull",
            "$setOnInsert");

    private record Change(String operator, String[] path, Object value) {
    }

    /** How many update commands this path answered (for tests: proof that it is taken). */
    static final AtomicLong APPLIED = new AtomicLong();

    private final List<Change> changes;
    /** Every path the update names ({@code $setOnInsert}'s too). */
    private final List<String> paths;

    private CopyOnWriteUpdate(List<Change> changes, List<String> paths) {
        this.changes = changes;
        this.paths = paths;
    }

    /** The update as changes this class can apply, or null when the library must apply it. */
    static CopyOnWriteUpdate of(Document update, ArrayFilters arrayFilters) {
        if (update.isEmpty() || arrayFilters != null && !arrayFilters.isEmpty()) {
            return null;
        }
        List<Change> changes = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, Object> operation : update.entrySet()) {
            if (!OPERATORS.contains(operation.getKey()) || !(operation.getValue() instanceof Document fields)) {
                return null;
            }
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                String[] path = plainPath(field.getKey());
                if (path == null || conflicts(paths, field.getKey())) {
                    return null;
                }
                paths.add(field.getKey());
                if (!operation.getKey().equals("$setOnInsert")) {
                    changes.add(new Change(operation.getKey(), path, field.getValue()));
                }
            }
        }
        return new CopyOnWriteUpdate(changes, paths);
    }

    /** The parts of a path of sub-document field names, or null (empty part, operator, array index, {@code _id}). */
    private static String[] plainPath(String path) {
        String[] parts = path.split("\\.", -1);
        if (parts[0].equals("_id")) {
            return null;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.startsWith("$") || Character.isDigit(part.charAt(0))) {
                return null;
            }
        }
        return parts;
    }

    /** The same path twice, or one inside another: MongoDB refuses it (the library says so). */
    private static boolean conflicts(List<String> paths, String path) {
        for (String other : paths) {
            if (overlap(other, path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the two dotted paths are the same or one lies inside the other. */
    private static boolean overlap(String a, String b) {
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        return longer.startsWith(shorter)
                && (longer.length() == shorter.length() || longer.charAt(shorter.length()) == '.');
    }

    /**
     * Whether the update may change the index's key values: it writes a path that is one of the index's fields, or
     * inside or around one. An index whose fields it does not write keeps its entry (the values are shared).
     */
    boolean mayChange(Index<?> index) {
        for (IndexKey key : index.getKeys()) {
            for (String path : paths) {
                if (overlap(path, key.getKey())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The stored document with the update applied, sharing every value the update does not change; the stored
     * document is left as it is. Null when the library must apply the update to this document.
     */
    Document applyTo(Document stored) {
        Document root = new Document(stored);
        Map<String, Document> copied = new HashMap<>();
        for (Change change : changes) {
            boolean creates = !change.operator().equals("$unset") && !change.operator().equals("$pull");
            Document parent = parentOf(root, change.path(), creates, copied);
            if (parent == FALL_BACK) {
                return null;
            }
            if (parent != null && !apply(change, parent, change.path()[change.path().length - 1])) {
                return null;
            }
        }
        return root;
    }

    private static final Document FALL_BACK = new Document();

    /**
     * The (copied) sub-document that holds the path's last part; null when it does not exist and the change needs
     * none ({@code $unset}, {@code $pull}); {@link #FALL_BACK} when a part is not a sub-document.
     */
    private static Document parentOf(Document root, String[] path, boolean creates, Map<String, Document> copied) {
        Document current = root;
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < path.length - 1; i++) {
            prefix.append(path[i]).append('.');
            Document copy = copied.get(prefix.toString());
            if (copy == null) {
                if (!current.containsKey(path[i])) {
                    if (!creates) {
                        return null;
                    }
                    copy = new Document();
                } else if (current.get(path[i]) instanceof Document child) {
                    copy = new Document(child);
                } else {
                    return FALL_BACK;
                }
                current.put(path[i], copy);
                copied.put(prefix.toString(), copy);
            }
            current = copy;
        }
        return current;
    }

    /** Applies one change to the field {@code name} of {@code parent} (a copy); false when the library must. */
    private static boolean apply(Change change, Document parent, String name) {
        boolean present = parent.containsKey(name);
        Object current = parent.get(name);
        Object value = change.value();
        switch (change.operator()) {
            case "$set" -> {
                if (!validFieldNames(value)) {
                    return false;
                }
                // As the library: a value equal to the stored one once numbers are normalised is not written.
                if (!present || !sameOnceNormalized(current, value)) {
                    parent.put(name, copyOf(value));
                }
            }
            case "$unset" -> parent.remove(name);
            case "$inc" -> {
                if (!(value instanceof Number increment) || present && !(current instanceof Number)) {
                    return false;
                }
                parent.put(name, present ? NumericUtils.addNumbers((Number) current, increment) : increment);
            }
            case "$min", "$max" -> {
                if (!present) {
                    parent.put(name, copyOf(value));
                    return true;
                }
                if (!comparable(current, value)) {
                    return false;
                }
                int compared = ValueComparator.asc().compare(value, current);
                if (change.operator().equals("$min") ? compared < 0 : compared > 0) {
                    parent.put(name, value);
                }
            }
            case "$push" -> {
                List<?> items = pushed(value);
                if (items == null || present && !(current instanceof List) || !validFieldNames(items)) {
                    return false;
                }
                List<Object> list = present ? new ArrayList<>((List<?>) current) : new ArrayList<>();
                for (Object item : items) {
                    list.add(copyOf(item));
                }
                parent.put(name, list);
            }
            case "$pull" -> {
                if (current == null) {
                    return true;
                }
                if (!(current instanceof List<?> list)) {
                    return false;
                }
                List<Object> kept = new ArrayList<>(list.size());
                for (Object element : list) {
                    if (!MATCHER.matchesValue(value, element)) {
                        kept.add(element);
                    }
                }
                if (kept.size() != list.size()) {
                    parent.put(name, kept);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The values {@code $push} appends: one value, or the list of {@code {$each: [...]}}; null for other modifiers. */
    private static List<?> pushed(Object value) {
        if (value instanceof Document modifiers && !modifiers.isEmpty()
                && modifiers.keySet().iterator().next().startsWith("$")) {
            return modifiers.size() == 1 && modifiers.get("$each") instanceof List<?> each ? each : null;
        }
        return List.of(value);
    }

    /** Values {@code $min}/{@code $max} compare as the library does without its type order: numbers, or one class. */
    private static boolean comparable(Object current, Object value) {
        if (current instanceof Number && value instanceof Number) {
            return true;
        }
        return current != null && value != null && current.getClass() == value.getClass()
                && !(current instanceof Document) && !(current instanceof List);
    }

    /** The library's check of field names ({@code $}-prefixed or dotted names refused) on a value being written. */
    private static boolean validFieldNames(Object value) {
        try {
            Utils.validateFieldNames(new Document("value", value));
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    /** A value written into a stored document is its own (a document or list of the update is not shared). */
    private static Object copyOf(Object value) {
        if (value instanceof Document || value instanceof List) {
            return new Document("value", value).cloneDeeply().get("value");
        }
        return value;
    }

    /**
     * Whether the library would count an update from {@code before} to {@code after} as a modification: it compares
     * with numbers normalised (an int 1 replaced by a long 1 is written but not counted) and null equal to missing.
     * Only the top-level values that are not the same object are compared (the others are shared).
     */
    static boolean countsAsModified(Document before, Document after) {
        Set<String> keys = new java.util.LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            Object old = before.get(key);
            Object now = after.get(key);
            if (!sameOnceNormalized(old, now)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The library's equality for updates ({@code Utils.nullAwareEquals}, package-private there): null equals missing,
     * numbers are compared once normalised (an int 1 equals a long 1 and a double 1.0), documents key by key in order,
     * lists element by element. Compares in place: it runs for each changed value of every update, and the library's
     * way (a normalised copy of both values) copied whole sub-documents.
     */
    static boolean sameOnceNormalized(Object a, Object b) {
        if (a == b) {
            return true;
        }
        boolean aNull = a == null || a instanceof Missing;
        boolean bNull = b == null || b instanceof Missing;
        if (aNull || bNull) {
            return aNull && bNull;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return normalized(x).equals(normalized(y));
        }
        if (a instanceof Document x && b instanceof Document y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<Map.Entry<String, Object>> xs = x.entrySet().iterator();
            Iterator<Map.Entry<String, Object>> ys = y.entrySet().iterator();
            while (xs.hasNext()) {
                Map.Entry<String, Object> xe = xs.next();
                Map.Entry<String, Object> ye = ys.next();
                if (!xe.getKey().equals(ye.getKey()) || !sameOnceNormalized(xe.getValue(), ye.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Collection<?> x && b instanceof Collection<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> ys = y.iterator();
            for (Object element : x) {
                if (!sameOnceNormalized(element, ys.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return a.equals(b);
    }

    /** The library's normalised number: an int, a long or a double, whichever holds the value exactly. */
    private static Number normalized(Number number) {
        double asDouble = number.doubleValue();
        if (Double.isNaN(asDouble) || Double.isInfinite(asDouble)) {
            return asDouble;
        }
        if (number.intValue() == asDouble) {
            return number.intValue();
        }
        if (number.longValue() == asDouble) {
            return number.longValue();
        }
        return asDouble;
    }
}

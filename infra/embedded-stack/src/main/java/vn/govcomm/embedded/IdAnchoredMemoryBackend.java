package vn.govcomm.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * mongo-java-server's in-memory backend whose collections use their indexes as MongoDB would: a pinned {@code _id} is
 * looked up (see {@link IdLookups}), non-unique indexes are kept ({@link SecondaryIndex}), and an aggregation's
 * leading {@code $match} reads only what they find ({@link LeadingMatch}).
 */
final class IdAnchoredMemoryBackend extends MemoryBackend {

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return LeadingMatch.during(database, command, query,
                () -> super.handleCommand(channel, database, command, query));
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new Collection(this, collectionName, options, cursorRegistry);
            }
        };
    }

    private static final class Collection extends MemoryCollection {

        Collection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        /**
         * No data size: mongo-java-server BSON-encodes the document before and after every write to keep the
         * collection's data size (reported by collStats and dbStats, which no service reads), two encodings of the
         * whole document per update. Those statistics now say 0 bytes.
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        public Stream<Document> queryAllAsStream() {
            return LeadingMatch.source(this, positions -> matchDocuments(new Document(), positions, null, 0, 0, 0, null));
        }

        @Override
        public void addIndex(Index<Integer> index) {
            super.addIndex(SecondaryIndex.replacing(index));
        }

        @Override
        public Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters, boolean multi,
                                        boolean upsert, Oplog oplog) {
            CopyOnWriteUpdate copyOnWrite = CopyOnWriteUpdate.of(update, arrayFilters);
            return IdLookups.updateEachPinned(this, selector, multi, upsert, one -> {
                Document answer = copyOnWrite == null ? null : update(one, update, copyOnWrite, multi, upsert, oplog);
                return answer != null ? answer : super.updateDocuments(one, update, arrayFilters, multi, upsert, oplog);
            });
        }

        /**
         * mongo-java-server's update of the matching documents (the same checks and index maintenance, the same
         * answer), each changed by {@link CopyOnWriteUpdate}; null, with nothing changed, when the library must apply
         * it (an upsert that inserts, or a document the update cannot be applied to here).
         */
        private synchronized Document update(Document selector, Document update, CopyOnWriteUpdate copyOnWrite,
                                             boolean multi, boolean upsert, Oplog oplog) {
            List<Document> matched = matching(selector, multi);
            if (matched.isEmpty() && upsert) {
                return null;
            }
            List<Document> updated = new ArrayList<>(matched.size());
            for (Document document : matched) {
                Document next = copyOnWrite.applyTo(document);
                if (next == null) {
                    return null;
                }
                updated.add(next);
            }
            List<Object> modifiedIds = new ArrayList<>();
            for (int i = 0; i < matched.size(); i++) {
                Document stored = matched.get(i);
                Document next = updated.get(i);
                if (next.equals(stored)) {
                    continue;
                }
                List<Index<Integer>> changing = new ArrayList<>();
                for (Index<Integer> index : getIndexes()) {
                    if (copyOnWrite.mayChange(index)) {
                        index.checkUpdate(stored, next, this);
                        changing.add(index);
                    }
                }
                Integer position = positionOf(stored);
                for (Index<Integer> index : changing) {
                    index.updateInPlace(stored, next, position, this);
                }
                Document old = new Document(stored);
                stored.keySet().retainAll(next.keySet());
                stored.putAll(next);
                handleUpdate(position, old, stored);
                if (CopyOnWriteUpdate.countsAsModified(old, stored)) {
                    modifiedIds.add(stored.get(getIdField()));
                }
            }
            oplog.handleUpdate(getFullName(), selector, update, modifiedIds);
            CopyOnWriteUpdate.APPLIED.incrementAndGet();
            Document answer = new Document("n", matched.size());
            answer.put("nModified", modifiedIds.size());
            return answer;
        }

        /**
         * The stored documents the selector matches (only the first unless {@code multi}): those of its pinned
         * {@code _id}s read straight through the {@code _id} index, the rest of the filter applied to each (what
         * {@link #queryDocuments} answers, without its sorting and paging pipeline), otherwise as queried.
         */
        private List<Document> matching(Document selector, boolean multi) {
            List<Document> matched = new ArrayList<>();
            List<Object> ids = IdLookups.pinnedIds(selector);
            Iterable<Integer> positions = ids == null ? null : IdLookups.positions(getIndexes(), ids);
            Iterable<Document> candidates = positions == null ? queryDocuments(selector, null, 0, 0, 0, null) : null;
            Document rest = positions == null ? null : IdLookups.withoutTopLevelId(selector);
            for (Document document : candidates != null ? candidates : documentsAt(positions)) {
                if (rest == null || documentMatchesQuery(document, rest)) {
                    matched.add(document);
                    if (!multi) {
                        break;
                    }
                }
            }
            return matched;
        }

        private List<Document> documentsAt(Iterable<Integer> positions) {
            List<Document> documents = new ArrayList<>();
            for (Integer position : positions) {
                Document document = getDocument(position);
                if (document != null) {
                    documents.add(document);
                }
            }
            return documents;
        }

        private Integer positionOf(Document document) {
            for (Index<Integer> index : getIndexes()) {
                Integer position = index.getPosition(document);
                if (position != null) {
                    return position;
                }
            }
            return findDocumentPosition(document);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fieldSelector) {
            return IdLookups.answer(this, query,
                    (filter, positions) -> matchDocuments(filter, positions, orderBy, skip, limit, batchSize, fieldSelector),
                    () -> super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector));
        }
    }
}

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
            return IdLookups.updateEachPinned(this, selector, multi, upsert,
                    one -> super.updateDocuments(one, update, arrayFilters, multi, upsert, oplog));
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

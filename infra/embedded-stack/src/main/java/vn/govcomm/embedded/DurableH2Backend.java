package vn.govcomm.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.nio.file.Path;

/**
 * mongo-java-server's H2 backend, made to keep what it acknowledges. The stock backend opens its MVStore with
 * auto-commit: writes stay in the JVM's heap until a background thread stores them about once a second, so a
 * {@code kill -9} loses the last second of writes that clients were told had succeeded — the publisher forgets a
 * delivery's new status whose event it already consumed, and the delivery stays DISPATCHED for ever. Here every
 * command that changed something is committed to the file before its answer goes back to the client (a commit with
 * nothing to store costs nothing; concurrent writers share commits). The file then holds every acknowledged write
 * in the operating system's page cache, which survives the death of the process; with {@code syncEveryWrite} it is
 * also fsynced, which survives a power loss too.
 *
 * <p>What this does not give: atomicity across the maps of one write. mongo-java-server keeps a collection's
 * documents and each index in separate MVStore maps without transactions; a commit taken by a concurrent writer in
 * the middle of another write, followed by a crash before that write's own commit, can leave a document without its
 * index entry (the client of that write got no answer). MVStore itself recovers the file to its last complete
 * commit after any crash.
 *
 * <p>Its collections also look a pinned {@code _id} up instead of scanning (see {@link IdLookups}).
 */
final class DurableH2Backend extends H2Backend {

    private final MVStore store;
    private final boolean syncEveryWrite;

    private DurableH2Backend(MVStore store, boolean syncEveryWrite) {
        super(store);
        this.store = store;
        this.syncEveryWrite = syncEveryWrite;
    }

    static DurableH2Backend open(Path file, boolean syncEveryWrite) {
        // Auto-commit stays on as a safety net for anything written outside a command (e.g. cursor clean-up).
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        return new DurableH2Backend(store, syncEveryWrite);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // Called by H2Backend's constructor for the databases already in the file, before this class's fields are
        // set: use the store H2Backend holds.
        MVStore file = getMvStore();
        return new H2Database(databaseName, file, getCursorRegistry()) {
            @Override
            protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
                // The map names are H2Database's own ("databases."/"meta." + namespace), so files written by the
                // stock backend open unchanged.
                String namespace = getFullCollectionNamespace(collectionName);
                MVMap<Object, Document> documents = file.openMap("databases." + namespace);
                MVMap<String, Object> meta = file.openMap("meta." + namespace);
                return new Collection(this, collectionName, options, documents, meta, cursorRegistry);
            }
        };
    }

    private static final class Collection extends H2Collection {

        Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> documents,
                   MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, documents, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fieldSelector) {
            return IdLookups.answer(query, getIndexes(),
                    positions -> matchDocuments(query, positions, orderBy, skip, limit, batchSize, fieldSelector),
                    () -> super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector));
        }
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document answer;
        try {
            answer = super.handleCommand(channel, database, command, query);
        } catch (RuntimeException e) {
            // A failed command may still have written part of its work (an ordered insert of many documents).
            commitIfChanged();
            throw e;
        }
        commitIfChanged();
        return answer;
    }

    private void commitIfChanged() {
        if (store.isClosed() || !store.hasUnsavedChanges()) {
            return;
        }
        store.commit();
        if (syncEveryWrite) {
            store.sync();
        }
    }
}

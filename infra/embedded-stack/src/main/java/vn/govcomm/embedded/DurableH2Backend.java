package vn.govcomm.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

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
 * <p>Each command is also all or nothing across a crash. mongo-java-server keeps a collection's documents and each
 * index in separate MVStore maps without transactions, and MVStore recovers a file to its last complete commit. A
 * commit taken in the middle of another command's write (by a concurrent command's commit, or by MVStore's
 * background auto-commit) followed by a {@code kill -9} left a document without its {@code _id} index entry: a
 * pinned {@code _id} no longer found it, and every upsert of it failed for the whole command with "Document with
 * key ... already existed" (error -1, not MongoDB's per-write E11000). After {@code LauncherCrashTests}' kill the
 * reporting service dead-lettered 35–38 events that way. So commands run under a shared lock, a commit takes it
 * exclusively (it waits for the commands in flight, which then commit together), and auto-commit is off. A file
 * written before that is healed when it is opened: a document missing from a unique index is put back in it.
 *
 * <p>Its collections also use their indexes as MongoDB would, as the in-memory backend's do (see
 * {@link IdLookups}, {@link SecondaryIndex}, {@link LeadingMatch}); the non-unique indexes are rebuilt in memory when
 * the file is opened.
 */
final class DurableH2Backend extends H2Backend {

    private static final Logger LOG = LoggerFactory.getLogger(DurableH2Backend.class);

    private final MVStore store;
    private final boolean syncEveryWrite;
    /** Shared by commands, exclusive for a commit: a commit never holds half of a command. */
    private final ReentrantReadWriteLock commits = new ReentrantReadWriteLock();

    private DurableH2Backend(MVStore store, boolean syncEveryWrite) {
        super(store);
        this.store = store;
        this.syncEveryWrite = syncEveryWrite;
    }

    static DurableH2Backend open(Path file, boolean syncEveryWrite) {
        // No auto-commit: it could commit half of a command (above). Whatever is written outside a command is
        // committed with the next command's commit or at close.
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        DurableH2Backend backend = new DurableH2Backend(store, syncEveryWrite);
        backend.healUniqueIndexes();
        return backend;
    }

    /** Puts back in their unique indexes the documents a crash of an earlier version left out of them. */
    private void healUniqueIndexes() {
        String prefix = "databases.";
        int healed = 0;
        for (String mapName : store.getMapNames()) {
            if (!mapName.startsWith(prefix)) {
                continue;
            }
            String namespace = mapName.substring(prefix.length());
            int dot = namespace.indexOf('.');
            if (dot < 0) {
                continue;
            }
            MongoDatabase database = resolveDatabase(namespace.substring(0, dot));
            if (database.resolveCollection(namespace.substring(dot + 1), false) instanceof Collection collection) {
                healed += collection.healUniqueIndexes();
            }
        }
        if (healed > 0) {
            commitIfChanged();
            LOG.warn("Put {} documents back in their unique indexes (left out by a crash of an earlier version)", healed);
        }
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

        private final MVMap<Object, Document> documents;

        Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> documents,
                   MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, documents, meta, cursors);
            this.documents = documents;
        }

        /** Adds to each unique index the documents it does not hold (a document's map key is its position). */
        synchronized int healUniqueIndexes() {
            int healed = 0;
            for (Index<Object> index : getIndexes()) {
                if (!index.isUnique()) {
                    continue;
                }
                for (Map.Entry<Object, Document> entry : documents.entrySet()) {
                    if (index.getPosition(entry.getValue()) == null) {
                        index.add(entry.getValue(), entry.getKey(), this);
                        healed++;
                    }
                }
            }
            return healed;
        }

        @Override
        public Stream<Document> queryAllAsStream() {
            return LeadingMatch.source(this, positions -> matchDocuments(new Document(), positions, null, 0, 0, 0, null));
        }

        @Override
        public void addIndex(Index<Object> index) {
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

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document answer;
        commits.readLock().lock();
        try {
            answer = LeadingMatch.during(database, command, query,
                    () -> super.handleCommand(channel, database, command, query));
        } catch (RuntimeException e) {
            // A failed command may still have written part of its work (an ordered insert of many documents).
            commits.readLock().unlock();
            commitIfChanged();
            throw e;
        }
        commits.readLock().unlock();
        commitIfChanged();
        return answer;
    }

    private void commitIfChanged() {
        commits.writeLock().lock();
        try {
            if (store.isClosed() || !store.hasUnsavedChanges()) {
                return;
            }
            store.commit();
            if (syncEveryWrite) {
                store.sync();
            }
        } finally {
            commits.writeLock().unlock();
        }
    }
}

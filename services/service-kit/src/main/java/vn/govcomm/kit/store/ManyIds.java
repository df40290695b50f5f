package vn.govcomm.kit.store;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.Collection;
import java.util.List;

/**
 * Writes that name many documents by id ({@code _id $in}), in commands of at most {@value #PER_COMMAND} ids: the one
 * home of that rule. A lease renewal names every piece of work an instance has in progress — thousands during a
 * nationwide campaign — and one command with all of them keeps the collection busy for as long as it lasts (its lock
 * on the embedded store, one long write on a MongoDB replica set) while every other write of the service waits.
 * Bounded commands let the others in between (docs/benchmarks.md, session 24: a renewal of every Zalo run in progress
 * in one command was most of the store's work at 10,000 × 4).
 */
public final class ManyIds {

    /** Ids per command. */
    public static final int PER_COMMAND = 500;

    private ManyIds() {
    }

    /**
     * {@code updateMany({_id: {$in: ids}, ...also}, update)} in commands of at most {@link #PER_COMMAND} ids; nothing
     * is sent when {@code ids} is empty. Returns the number of documents modified.
     *
     * @param also further conditions every document must meet (e.g. "still held by this instance"), or null
     */
    public static long updateMulti(MongoTemplate mongo, String collection, Collection<String> ids, Criteria also,
                                   Update update) {
        List<String> all = List.copyOf(ids);
        long modified = 0;
        for (int from = 0; from < all.size(); from += PER_COMMAND) {
            Query query = Query.query(Criteria.where("_id").in(all.subList(from, Math.min(all.size(), from + PER_COMMAND))));
            if (also != null) {
                query.addCriteria(also);
            }
            modified += mongo.updateMulti(query, update, collection).getModifiedCount();
        }
        return modified;
    }
}

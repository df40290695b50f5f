package vn.govcomm.kit.inbox;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.Date;

/**
 * Idempotent consumer: remembers (consumer, ce_id) pairs. Insert-first; a duplicate key means the event was
 * already handled. The {@code _id} is unique by construction, so this needs no extra index.
 */
public class Inbox {

    public static final String COLLECTION = "inbox";
    private final MongoTemplate mongo;

    public Inbox(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** @return true the first time this consumer sees this event id, false for every redelivery. */
    public boolean firstDelivery(String consumer, String eventId) {
        try {
            mongo.insert(new Document("_id", consumer + ":" + eventId).append("at", new Date()), COLLECTION);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }
}

package vn.govcomm.facebook.pages;

import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.Date;

/**
 * Graph calls that create a post, recorded under the delivery id BEFORE the call (collection {@value #COLLECTION}).
 * A record left in state CALLING means a POST may have reached Facebook without us hearing the answer (timeout,
 * dropped connection, crash): the post must then be looked up before posting again. Single-document updates only.
 */
@Component
class PostAttempts {

    static final String COLLECTION = "post_attempts";

    enum State { CALLING, POSTED, REJECTED }

    private final MongoTemplate mongo;

    PostAttempts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** True when a create call for this delivery was sent and never confirmed or refused. */
    boolean unconfirmed(String deliveryId) {
        Document doc = mongo.findById(deliveryId, Document.class, COLLECTION);
        return doc != null && State.CALLING.name().equals(doc.getString("state"));
    }

    /** Recorded before each POST; counts the calls made for the delivery. */
    void calling(String deliveryId, int attempt, String pageId) {
        mongo.findAndModify(Query.query(Criteria.where("_id").is(deliveryId)), new Update()
                        .set("state", State.CALLING.name()).set("attempt", attempt).set("pageId", pageId)
                        .inc("calls", 1).set("lastCallAt", new Date()),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION);
    }

    void posted(String deliveryId, String postId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId)), new Update()
                .set("state", State.POSTED.name()).set("postId", postId).set("confirmedAt", new Date()), COLLECTION);
    }

    /** Graph answered with an error: nothing was created, so no look-up is needed next time. */
    void rejected(String deliveryId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId).and("state").is(State.CALLING.name())),
                new Update().set("state", State.REJECTED.name()), COLLECTION);
    }

    int calls(String deliveryId) {
        Document doc = mongo.findById(deliveryId, Document.class, COLLECTION);
        return doc == null ? 0 : doc.getInteger("calls", 0);
    }
}

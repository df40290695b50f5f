package vn.govcomm.kit.directory;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.identity.Caller;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which agency lists each endpoint of one channel (a Facebook Page id, a Zalo OA id: the endpoints' {@code externalId}),
 * for an adapter whose endpoints belong to the platform rather than to an agency: a small directory replica (one
 * document per agency from the {@code directory.agencies} snapshots, {@link AgencyChanged}: the channel's external ids
 * as {@value #FIELD}, and {@code provinceId} / {@code national}; a newer snapshot wins, so an endpoint an agency stops
 * listing stops being its). Read through {@link ProvinceScope}: a caller sees the endpoints of its own agency and of the
 * agencies the scope opens to it. The adapter's listener (its own consumer group) hands each snapshot to
 * {@link #record}.
 */
public final class EndpointOwners {

    /** The field of each agency's document holding its external ids on the channel. */
    public static final String FIELD = "externalIds";

    private final MongoOperations mongo;
    private final String collection;
    private final String channel;
    private final ProvinceScope provinces;

    public EndpointOwners(MongoOperations mongo, String collection, String channel, String homeProvince) {
        this.mongo = mongo;
        this.collection = collection;
        this.channel = channel;
        this.provinces = new ProvinceScope(mongo, collection, homeProvince);
    }

    /** Keeps the agency's endpoints on the channel and its tenant, unless a newer snapshot of it is held already. */
    public void record(AgencyChanged agency, Instant snapshotTime) {
        List<String> ids = (agency.endpoints() == null ? List.<AgencyChanged.Endpoint>of() : agency.endpoints())
                .stream().filter(Objects::nonNull).filter(e -> channel.equals(e.channel()))
                .map(AgencyChanged.Endpoint::externalId).filter(Objects::nonNull).distinct().toList();
        Date at = Date.from(snapshotTime);
        Update update = new Update().set(FIELD, ids).set("snapshotAt", at);
        if (agency.provinceId() == null) {
            update.unset("provinceId");
        } else {
            update.set("provinceId", agency.provinceId());
        }
        if (agency.national() == null) {
            update.unset("national");
        } else {
            update.set("national", agency.national());
        }
        Query olderOrNever = Query.query(Criteria.where("_id").is(agency.agencyId())
                .orOperator(Criteria.where("snapshotAt").exists(false), Criteria.where("snapshotAt").lt(at)));
        try {
            mongo.upsert(olderOrNever, update, collection);
        } catch (DuplicateKeyException newerAlreadyStored) {
            // a newer snapshot of this agency is held: nothing to do
        }
    }

    /**
     * The external ids {@code caller} may see: null for an admin (every endpoint, those of no agency too); otherwise the
     * endpoints of the agencies it reads (one read of the replica), empty for a caller who reads none.
     */
    public Set<String> readableBy(Caller caller) {
        if (caller.isAdmin()) {
            return null;
        }
        Criteria across = provinces.scope(caller).on("_id");
        Criteria agencies = caller.agencyId() == null ? across
                : new Criteria().orOperator(Criteria.where("_id").is(caller.agencyId()), across);
        Query query = Query.query(agencies);
        query.fields().include(FIELD);
        Set<String> ids = new LinkedHashSet<>();
        for (Document agency : mongo.find(query, Document.class, collection)) {
            List<?> held = agency.get(FIELD, List.class);
            if (held != null) {
                held.forEach(id -> ids.add(String.valueOf(id)));
            }
        }
        return ids;
    }
}

package vn.govcomm.led.screens;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.directory.ProvinceScope;

import java.time.Instant;
import java.util.Date;

/**
 * The small directory replica the screen list is authorised with ({@value #COLLECTION}: {@code _id} = agencyId, the
 * {@link AgencyChanged} snapshot's {@code provinceId} / {@code national}, newer snapshot wins), read through the kit's
 * {@link ProvinceScope}: which agencies' screens a caller reads beyond its own agency (admins every agency, a viewer of
 * a province-wide agency its province's, nobody else any). Filled by {@link ScreenRegistry}'s directory listener.
 */
@Component
class AgencyTenancy {

    static final String COLLECTION = "agencies";

    private final MongoTemplate mongo;
    private final ProvinceScope provinces;

    AgencyTenancy(MongoTemplate mongo, @Value(ProvinceScope.HOME_PROVINCE) String homeProvince) {
        this.mongo = mongo;
        this.provinces = new ProvinceScope(mongo, COLLECTION, homeProvince);
    }

    /** Keeps the snapshot's tenancy unless a newer snapshot of the agency is already held. */
    void record(AgencyChanged agency, Instant snapshotAt) {
        Date at = Date.from(snapshotAt);
        Update update = new Update().set("snapshotAt", at);
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
            mongo.upsert(olderOrNever, update, COLLECTION);
        } catch (DuplicateKeyException newerAlreadyStored) {
            // a newer snapshot of this agency is held: nothing to do
        }
    }

    /**
     * The filter on a screen's {@code agencyId} for what {@code caller} may read: everything for an admin; otherwise
     * screens that have an agency and are of the caller's own agency (any platform role) or of the agencies the kit's
     * {@link ProvinceScope} opens to the caller (a province-wide viewer: its province). A screen without an agency
     * (known only from heartbeats) is for admins only.
     */
    Criteria readable(Caller caller) {
        if (caller.isAdmin()) {
            return new Criteria();
        }
        Criteria across = provinces.scope(caller).on("agencyId");
        Criteria any = caller.agencyId() == null ? across
                : new Criteria().orOperator(Criteria.where("agencyId").is(caller.agencyId()), across);
        return new Criteria().andOperator(Criteria.where("agencyId").ne(null), any);
    }
}

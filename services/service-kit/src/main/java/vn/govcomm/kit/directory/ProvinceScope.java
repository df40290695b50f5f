package vn.govcomm.kit.directory;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import vn.govcomm.identity.Caller;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reading across agencies, province by province, for a service that keeps a replica of the directory (documents with
 * {@code _id} = agencyId and {@code AgencyChanged}'s {@code provinceId} / {@code national}): the one home of the rule
 * the campaign service applies with its {@code Tenancy} (docs/tenants.md). Admins read every agency; a viewer of a
 * province-wide agency ({@link Caller#readsAllAgencies()}) reads the agencies of its own agency's tenant (its
 * province, or the national tier for a national agency); an agency's own users read their agency; nobody else reads.
 * An agency the replica does not hold (not received yet), or holds without either field (snapshots from before
 * provinces), is of the home province ({@value #HOME_PROVINCE_PROPERTY}, same property as the campaign service).
 */
public final class ProvinceScope {

    public static final String HOME_PROVINCE_PROPERTY = "govcomm.directory.home-province";
    /** For {@code @Value}: the home province, default {@code khanh-hoa}. */
    public static final String HOME_PROVINCE = "${" + HOME_PROVINCE_PROPERTY + ":khanh-hoa}";
    private static final String NATIONAL = "national";

    private final MongoOperations mongo;
    private final String collection;
    private final String home;

    /** Reads the replica {@code collection}; {@code homeProvince}: where agencies without a province belong. */
    public ProvinceScope(MongoOperations mongo, String collection, String homeProvince) {
        if (homeProvince == null || homeProvince.isBlank() || homeProvince.equals(NATIONAL)) {
            throw new IllegalStateException(HOME_PROVINCE_PROPERTY + " must be a province code, not " + homeProvince);
        }
        this.mongo = mongo;
        this.collection = collection;
        this.home = homeProvince;
    }

    /**
     * Which agencies' things a caller reads beyond its own agency: {@code all}, or the agencies {@code only} (a
     * province other than the home one, the national tier), or every agency {@code except} those (the home province,
     * which also holds the agencies the replica does not know). Nothing for a caller who reads no other agency.
     */
    public record Scope(boolean all, Set<String> only, Set<String> except) {

        public static final Scope ALL = new Scope(true, null, null);
        public static final Scope NONE = new Scope(false, Set.of(), null);

        public boolean includes(String agencyId) {
            return all || (only != null ? only.contains(agencyId) : !except.contains(agencyId));
        }

        /** The filter of {@code field} (an agency id) for this scope, for MongoDB: none, {@code $in} or {@code $nin}. */
        public Criteria on(String field) {
            return all ? new Criteria() : only != null ? Criteria.where(field).in(only) : Criteria.where(field).nin(except);
        }
    }

    /** Whether {@code caller} reads what belongs to {@code agencyId}: the province-aware {@link Caller#reads}. */
    public boolean reads(Caller caller, String agencyId) {
        return (caller.belongsTo(agencyId) && !caller.roles().isEmpty()) || readsAcross(caller, agencyId);
    }

    /**
     * Whether {@code caller} reads {@code agencyId}'s things as an admin or a province-wide viewer of its tenant. A null
     * {@code agencyId} (an owner not known yet, e.g. a campaign seen only through its deliveries) is of the home
     * province, like an agency the replica does not hold.
     */
    public boolean readsAcross(Caller caller, String agencyId) {
        if (caller.isAdmin()) {
            return true;
        }
        if (!caller.readsAllAgencies() || caller.agencyId() == null) {
            return false;
        }
        return tenantOf(caller.agencyId()).equals(agencyId == null ? home : tenantOf(agencyId));
    }

    /** The agencies whose things {@code caller} reads as an admin (all) or a province-wide viewer (its tenant's). */
    public Scope scope(Caller caller) {
        if (caller.isAdmin()) {
            return Scope.ALL;
        }
        if (!caller.readsAllAgencies() || caller.agencyId() == null) {
            return Scope.NONE;
        }
        String tenant = tenantOf(caller.agencyId());
        if (tenant.equals(home)) {
            // the home province: every agency but those the replica places elsewhere (national, another province)
            return new Scope(false, null, ids(new Criteria().orOperator(Criteria.where(NATIONAL).is(true),
                    Criteria.where("provinceId").nin(null, home)))); // $nin null: neither absent nor null
        }
        return new Scope(false, ids(tenant.equals(NATIONAL) ? Criteria.where(NATIONAL).is(true)
                : Criteria.where("provinceId").is(tenant).and(NATIONAL).ne(true)), null);
    }

    /** "national", or the agency's province code; the home province for an agency not held or held without either. */
    String tenantOf(String agencyId) {
        Query query = Query.query(Criteria.where("_id").is(agencyId));
        query.fields().include("provinceId", NATIONAL);
        Document agency = mongo.findOne(query, Document.class, collection);
        return agency == null ? home : tenant(agency);
    }

    private String tenant(Document agency) {
        if (Boolean.TRUE.equals(agency.getBoolean(NATIONAL))) {
            return NATIONAL;
        }
        String province = agency.getString("provinceId");
        return province == null ? home : province;
    }

    private Set<String> ids(Criteria criteria) {
        Query query = Query.query(criteria);
        query.fields().include("_id");
        Collection<Document> found = mongo.find(query, Document.class, collection);
        return found.stream().map(d -> d.getString("_id")).collect(Collectors.toUnmodifiableSet());
    }
}

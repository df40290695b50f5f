package vn.govcomm.reporting.reports;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.directory.ProvinceScope;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.reporting.projections.ReadModels;

/**
 * Who may see a campaign's reports, decided from the read model alone (deny by default):
 * <ul>
 *   <li>read (report, counts, agencies, compliance, exports, stream): callers that read the campaign's issuing agency,
 *       which the campaign projection keeps from campaign.events: the agency's own users, admins, and viewers of a
 *       province-wide agency of the issuer's province (of the national tier, for a national one), by the directory
 *       replica's {@code provinceId} / {@code national} (kit {@link ProvinceScope}, the campaign service's rule; an
 *       agency the replica does not hold is of the home province, {@code govcomm.directory.home-province});</li>
 *   <li>recount: admins only (403 for any other role, before anything is read or rebuilt);</li>
 *   <li>period reports (follow-up of a period): the campaigns of the issuing agencies the caller reads, by the same
 *       rule ({@link #requirePeriodRead}): a province-wide viewer's list holds its province's issuers only;</li>
 *   <li>scorecards: the same, and an agency's own row across every issuer that targeted it
 *       ({@link #requireScorecardRead}).</li>
 * </ul>
 * Anybody else gets exactly the answer of a campaign the model does not know ({@link #notFound}: 404
 * {@code campaign-not-found}, same body), so other agencies cannot probe for campaign ids. An agency that is only
 * a <em>target</em> of the campaign sees nothing here (404 too): the addressee's view of its own deliveries is a
 * separate issue. A campaign known only from delivery events (its issuing agency not received yet) is read as one of
 * the home province: admins, and the home province's province-wide viewers.
 */
@Component
public class ReportAccess {

    private final MongoTemplate mongo;
    private final ProvinceScope provinces;

    ReportAccess(MongoTemplate mongo, @Value(ProvinceScope.HOME_PROVINCE) String homeProvince) {
        this.mongo = mongo;
        this.provinces = new ProvinceScope(mongo, ReadModels.AGENCIES, homeProvince);
    }

    /**
     * Whose campaigns a period report or scorecard covers: one issuing agency ({@code issuer}, also named in the
     * report), or, without one, those of {@code scope} (every issuer for an admin, a province's for a province-wide
     * viewer).
     */
    public record Coverage(String issuer, ProvinceScope.Scope scope) {

        static Coverage of(String issuer) {
            return new Coverage(issuer, null);
        }

        /** The filter of the campaigns ({@value ReadModels#CAMPAIGNS}: {@code issuingAgencyId}). */
        public Criteria criteria() {
            return issuer != null ? Criteria.where("issuingAgencyId").is(issuer) : scope.on("issuingAgencyId");
        }
    }

    /** 404, the unknown campaign's answer, unless the caller may read this campaign's reports. */
    public void requireRead(Caller caller, String campaignId) {
        Query header = Query.query(Criteria.where("_id").is(campaignId));
        header.fields().include("issuingAgencyId");
        Document campaign = mongo.findOne(header, Document.class, ReadModels.CAMPAIGNS);
        if (campaign != null) {
            if (!provinces.reads(caller, campaign.getString("issuingAgencyId"))) {
                throw notFound(campaignId);
            }
            return;
        }
        // Known from its deliveries only: nobody's campaign yet, so only for those who read the home province's.
        if (!provinces.readsAcross(caller, null)
                || !mongo.exists(Query.query(Criteria.where("_id").is(campaignId)), ReadModels.COUNTS)) {
            throw notFound(campaignId);
        }
    }

    /**
     * Whose campaigns a period report (follow-up of a period) may cover, by the same rule as one campaign's reports:
     * {@code issuer} when the caller reads it; without one, every issuing agency the caller reads across agencies
     * (admins: all; a province-wide viewer: its province's) and the caller's own agency for anybody else. An agency
     * the caller does not read is 404 {@code not-found}, before anything is read; a caller who reads no agency at all
     * (no platform role) is 403 {@code forbidden}.
     */
    public Coverage requirePeriodRead(Caller caller, String issuer) {
        if (caller.roles().isEmpty() || (issuer == null && !caller.readsAllAgencies() && caller.agencyId() == null)) {
            throw Access.forbidden();
        }
        if (issuer == null) {
            return caller.readsAllAgencies() ? new Coverage(null, provinces.scope(caller)) : Coverage.of(caller.agencyId());
        }
        if (!provinces.reads(caller, issuer)) {
            throw Access.notFound("reports of " + issuer);
        }
        return Coverage.of(issuer);
    }

    /**
     * Whose campaigns a scorecard may cover. Without {@code agency}, or for an agency the caller does not read,
     * exactly {@link #requirePeriodRead} (the agency filter then only narrows what the caller may already see). With
     * {@code agency} that the caller reads (its own users, admins, province-wide viewers of its province): that
     * agency's row over the campaigns of every issuer that targeted it, or of {@code issuer} when given, which is
     * then a filter and not checked: a target knows who asked it to publish, and the row says nothing of other
     * agencies. A caller without any platform role is 403 {@code forbidden}.
     */
    public Coverage requireScorecardRead(Caller caller, String issuer, String agency) {
        if (caller.roles().isEmpty()) {
            throw Access.forbidden();
        }
        if (agency != null && provinces.reads(caller, agency)) {
            return new Coverage(issuer, ProvinceScope.Scope.ALL);
        }
        return requirePeriodRead(caller, issuer);
    }

    /** 403 unless the caller is an admin; then 404 for a campaign the model does not know. */
    public void requireRecount(Caller caller, String campaignId) {
        Access.requireAdmin(caller);
        requireRead(caller, campaignId);
    }

    /** The one answer for a campaign that is unknown or not the caller's to see. */
    public static ApiProblem notFound(String campaignId) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "campaign-not-found",
                "Chưa có báo cáo cho chiến dịch " + campaignId + ". / No report for campaign " + campaignId + ".");
    }
}

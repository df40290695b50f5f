package vn.govcomm.campaign.directory;

import org.springframework.stereotype.Component;
import vn.govcomm.identity.Caller;

import java.util.List;
import java.util.Optional;

/**
 * Reading across agencies, province by province: the service's province-aware form of
 * {@link Caller#readsAllAgencies()}. Admins are the platform's operators and read every province; a viewer of a
 * province-wide oversight agency ({@code govcomm.identity.province-wide-agencies}) reads the agencies of its own
 * agency's province only (of the national tier, for a national agency); nobody else reads across agencies. Campaigns,
 * plans and attachments apply it on top of their own agency rules.
 */
@Component
public class Tenancy {

    private final AgencyDirectory directory;

    Tenancy(AgencyDirectory directory) {
        this.directory = directory;
    }

    /** What a caller reads beyond their own agency: everything, or the agencies of one province. */
    public record Scope(boolean all, List<String> agencyIds) {

        static final Scope NONE = new Scope(false, List.of());
    }

    /** Whether {@code caller} reads what belongs to {@code agencyId} as an admin or a province-wide viewer. */
    public boolean readsAcross(Caller caller, String agencyId) {
        if (caller.isAdmin()) {
            return true;
        }
        if (!caller.readsAllAgencies()) {
            return false;
        }
        Optional<Tenant> own = directory.tenantOf(caller.agencyId());
        return own.isPresent() && own.equals(directory.tenantOf(agencyId));
    }

    /** The agencies whose things {@code caller} reads as an admin (all) or a province-wide viewer (its province's). */
    public Scope scope(Caller caller) {
        if (caller.isAdmin()) {
            return new Scope(true, List.of());
        }
        if (!caller.readsAllAgencies()) {
            return Scope.NONE;
        }
        return directory.tenantOf(caller.agencyId()).map(t -> new Scope(false, directory.idsIn(t))).orElse(Scope.NONE);
    }
}

package vn.govcomm.campaign.directory;

/**
 * Where an agency belongs: a province ({@link Provinces}: its departments, committees, communes and wards, the
 * provincial branches of vertical agencies) or the national tier (ministries and central agencies, which belong to no
 * province). The one home of the tenant rule: {@link #covers}.
 *
 * @param national   a central body (then {@code provinceId} is null)
 * @param provinceId the province's code, for a provincial agency
 */
public record Tenant(boolean national, String provinceId) {

    public static final Tenant NATIONAL = new Tenant(true, null);

    public static Tenant province(String provinceId) {
        return new Tenant(false, provinceId);
    }

    /**
     * Whether an agency of this tenant may reach one of {@code other}: target it, name it in a plan task, have it as
     * parent or successor. A national agency reaches every province; a province's agency only its own province (not
     * another province, not the national tier).
     */
    public boolean covers(Tenant other) {
        return national || (!other.national() && provinceId.equals(other.provinceId()));
    }

    /** "khanh-hoa", or "national" (for messages). */
    @Override
    public String toString() {
        return national ? "national" : provinceId;
    }
}

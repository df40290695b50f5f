package vn.govcomm.campaign.directory;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import vn.govcomm.contracts.Channels;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An agency of the directory with its channel endpoints (where its notices go). Never holds credentials.
 * {@code contactEmail} is the agency's official mailbox for notifications (reminders, approval news); absent, the
 * notification service falls back to its {@code email} endpoint.
 * <p>
 * {@code successorId}: the agency was merged into ({@code MERGED}) or renamed to ({@code RENAMED}) that agency at
 * {@code succeededAt} ({@code POST /api/agencies/{id}/succession}); it is then inactive, and always names the final
 * successor (a chain is kept one step long). Absent for an agency that was not succeeded.
 * <p>
 * Tenancy: {@code provinceId} is the province the agency belongs to ({@link Provinces}), or {@code national} is true for
 * a central body (a ministry, a central agency) that belongs to none. Stored agencies without either (everything
 * written before provinces existed) are read as the deployment's home province ({@code govcomm.directory.home-province})
 * by {@link AgencyDirectory}, so an agency read from it always has one of the two.
 */
@Document("agencies")
public record Agency(
        @Id String agencyId,
        String name,
        String shortName,
        String type,
        String parentId,
        List<String> groups,
        @Schema(maxLength = 254, example = "vanphong@syt.khanhhoa.gov.vn",
                description = "Official mailbox for notifications (reminders, approval news); optional")
        String contactEmail,
        boolean active,
        List<Endpoint> endpoints,
        long version,
        @Schema(description = "The agency that took this one over (merged or renamed); absent when not succeeded")
        String successorId,
        SuccessionKind successionKind,
        Instant succeededAt,
        @Schema(example = "khanh-hoa", description = "The province the agency belongs to (one of the 34 codes after "
                + "Resolution 202/2025/QH15); absent for a national agency. Absent on input: the deployment's home "
                + "province when adding, unchanged when replacing")
        String provinceId,
        @Schema(description = "A central body (ministry, central agency) that belongs to no province and may target "
                + "every province; then provinceId is absent")
        // a Boolean: documents stored before provinces have no such field (read as false)
        Boolean national) {

    /** How an agency was succeeded: merged into another one, or renamed (a new agency id for the same body). */
    public enum SuccessionKind { MERGED, RENAMED }

    /** This agency as an admin described it, with the succession of {@code stored} (which no agency input carries). */
    Agency withSuccessionOf(Agency stored) {
        return new Agency(agencyId, name, shortName, type, parentId, groups, contactEmail, active, endpoints, version,
                stored.successorId(), stored.successionKind(), stored.succeededAt(), provinceId, national);
    }

    /** This agency in {@code tenant} (a national one has no province). */
    Agency in(Tenant tenant) {
        return new Agency(agencyId, name, shortName, type, parentId, groups, contactEmail, active, endpoints, version,
                successorId, successionKind, succeededAt, tenant.provinceId(), tenant.national());
    }

    /** Where the agency belongs; an agency read from the directory always has a province or is national. */
    public Tenant tenant() {
        return isNational() ? Tenant.NATIONAL : Tenant.province(provinceId);
    }

    public boolean isNational() {
        return Boolean.TRUE.equals(national);
    }

    public boolean succeeded() {
        return successorId != null;
    }

    /**
     * One place to publish: a portal feed consumer, a Facebook Page, a Zalo OA, an LED screen, a place the agency
     * publishes by hand ({@code manual}: externalId = its kind, see {@link ManualKinds}; displayName = what to do) or
     * a mailbox ({@code email}: externalId = the address).
     */
    public record Endpoint(
            @Schema(example = "so-y-te.manual-1") String endpointId,
            @Schema(description = "One of the contracts' channels: " + Channels.PORTAL + ", " + Channels.FACEBOOK + ", "
                    + Channels.ZALO + ", " + Channels.LED + ", " + Channels.MANUAL + ", " + Channels.EMAIL) String channel,
            @Schema(maxLength = 300, description = "Shown to people; for manual endpoints required: what the agency "
                    + "must do, e.g. \"Bảng tin Bộ phận Một cửa\"") String displayName,
            @Schema(maxLength = 200, description = "Portal consumer id, Facebook Page id, Zalo OA id, screen id; manual: "
                    + "the kind (one-stop-board, e-office, loudspeaker, press, clinic-board, other); email: the mailbox "
                    + "address (at most 200 characters, the contract's limit)") String externalId,
            Screen screen) {
    }

    /** Size of an LED screen, to fit the text. */
    public record Screen(Integer lines, Integer charsPerLine, Integer widthPx, Integer heightPx, String site) {
    }

    public boolean hasChannel(String channel) {
        return endpoints.stream().anyMatch(e -> e.channel().equals(channel));
    }

    public List<Endpoint> endpoints(String channel) {
        return endpoints.stream().filter(e -> e.channel().equals(channel)).toList();
    }

    public Optional<Endpoint> endpoint(String endpointId) {
        return endpoints.stream().filter(e -> e.endpointId().equals(endpointId)).findFirst();
    }
}

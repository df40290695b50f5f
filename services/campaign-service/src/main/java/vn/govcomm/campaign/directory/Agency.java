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
        Instant succeededAt) {

    /** How an agency was succeeded: merged into another one, or renamed (a new agency id for the same body). */
    public enum SuccessionKind { MERGED, RENAMED }

    /** This agency as an admin described it, with the succession of {@code stored} (which no agency input carries). */
    Agency withSuccessionOf(Agency stored) {
        return new Agency(agencyId, name, shortName, type, parentId, groups, contactEmail, active, endpoints, version,
                stored.successorId(), stored.successionKind(), stored.succeededAt());
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

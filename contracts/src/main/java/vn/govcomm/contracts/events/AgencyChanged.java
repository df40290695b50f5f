package vn.govcomm.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The full snapshot of one agency of the directory and its channel endpoints, never with credentials
 * ({@code vn.govcomm.directory.agency-changed.v1}, {@code schemas/agency-changed.v1.json}; compacted topic, key =
 * agencyId). {@code type} is text: the schema's enum judges it where the directory publishes it.
 * <p>
 * {@code successorId}: the agency was merged into, or renamed to, that agency (it is then inactive). Its open
 * deliveries, its compliance history and its plan tasks follow the successor; absent for a live agency.
 * {@code successionKind} and {@code succeededAt} say how and when (the legal date); absent in snapshots published
 * before they existed (unknown).
 * <p>
 * Tenancy (the 34 provinces of Resolution 202/2025/QH15): {@code provinceId} is the agency's province, or
 * {@code national} is true for a central body that belongs to none; both absent: the deployment's home province
 * (snapshots published before provinces existed), and {@code national} absent is false.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgencyChanged(
        String agencyId,
        String name,
        String shortName,
        String type,
        String parentId,
        List<String> groups,
        String contactEmail,
        Boolean active,
        List<Endpoint> endpoints,
        String occurredAt,
        String successorId,
        String provinceId,
        Boolean national,
        SuccessionKind successionKind,
        String succeededAt) {

    /** How the agency was succeeded: merged into its successor, or renamed (a new agency id for the same body). */
    public enum SuccessionKind { MERGED, RENAMED }

    /**
     * One place to publish: {@code externalId} is the portal consumer id, Facebook Page id, Zalo OA id, screen id,
     * mailbox address ({@code email}) or the kind of manual channel ({@code manual}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Endpoint(String endpointId, String channel, String displayName, String externalId, Screen screen) {
    }

    /** Size of an LED screen, to fit the text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Screen(Integer lines, Integer charsPerLine, Integer widthPx, Integer heightPx, String site) {
    }
}

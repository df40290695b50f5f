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
        String successorId) {

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

package vn.govcomm.campaign.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;

/**
 * @param provinceWideAgencies agencies whose viewers read every agency's campaigns (province oversight)
 * @param agencyOfUsersWithoutHeader TRANSITIONAL, local/demo only: agency assumed for the listed users when a
 *        request has no {@code X-User-Agency} (the launcher's demo data and end-to-end test do not send it yet).
 *        Empty in production, where the gateway always derives the header from the token.
 */
@ConfigurationProperties("govcomm.identity")
public record IdentityProperties(List<String> provinceWideAgencies, Map<String, String> agencyOfUsersWithoutHeader) {

    public IdentityProperties {
        provinceWideAgencies = provinceWideAgencies == null ? List.of() : List.copyOf(provinceWideAgencies);
        agencyOfUsersWithoutHeader = agencyOfUsersWithoutHeader == null ? Map.of() : Map.copyOf(agencyOfUsersWithoutHeader);
    }
}

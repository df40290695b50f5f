package vn.govcomm.campaign.directory;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.List;
import java.util.Optional;

/** An agency of the directory with its channel endpoints (where its notices go). Never holds credentials. */
@Document("agencies")
public record Agency(
        @Id String agencyId,
        String name,
        String shortName,
        String type,
        String parentId,
        List<String> groups,
        boolean active,
        List<Endpoint> endpoints,
        long version) {

    /** One place to publish: a portal feed consumer, a Facebook Page, a Zalo OA or an LED screen. */
    public record Endpoint(String endpointId, String channel, String displayName, String externalId, Screen screen) {
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

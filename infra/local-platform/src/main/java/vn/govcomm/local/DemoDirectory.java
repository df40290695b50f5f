package vn.govcomm.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Khánh Hòa's 2025 reorganisation applied to the seeded (pre-2025) demo directory through the public API, as the demo
 * admin: the new agencies, the successions (departments merged on 1 March 2025, communes merged on 1 July 2025) and
 * the district committees abolished on 1 July 2025 (inactive, no successor). What it holds and its sources:
 * docs/directory-khanh-hoa-2025.md. Each step is skipped when the directory already shows it, so a restart changes
 * nothing. A campaign service without the succession endpoint (404/405) gets the new agencies only: the rest is
 * left out, said in the log, and the platform goes on.
 */
final class DemoDirectory {

    static final String RESOURCE = "demo/directory-khanh-hoa-2025.json";
    private static final Logger log = LoggerFactory.getLogger(DemoDirectory.class);
    /** What an admin sends for an agency; the version and the succession are the server's. */
    private static final List<String> INPUT_FIELDS = List.of("agencyId", "name", "shortName", "type", "parentId",
            "groups", "contactEmail", "active", "endpoints");

    enum Outcome { APPLIED, SUCCESSION_UNAVAILABLE }

    /** What one run changed: agencies added, predecessors succeeded, district committees made inactive. */
    record Result(Outcome outcome, int added, int succeeded, int deactivated) {
    }

    private final RestClient api;
    private final String admin;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoDirectory(RestClient api, String adminBearer) {
        this.api = api;
        this.admin = adminBearer;
    }

    Result apply() {
        JsonNode plan = json.readTree(DemoData.resource(RESOURCE));
        Map<String, JsonNode> directory = directory();
        int added = 0;
        for (JsonNode agency : plan.path("agencies")) {
            if (!directory.containsKey(agency.path("agencyId").asString())) {
                api.post().uri("/api/agencies").header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(agency))
                        .retrieve().toBodilessEntity();
                added++;
            }
        }
        int succeeded = 0;
        for (JsonNode succession : plan.path("successions")) {
            String predecessor = succession.path("predecessorId").asString();
            String successor = succession.path("successorId").asString();
            JsonNode current = directory.get(predecessor);
            if (current == null) {
                log.warn("Demo directory: {} is not in the directory; its succession by {} is skipped", predecessor,
                        successor);
                continue;
            }
            if (successor.equals(current.path("successorId").asString())) {
                continue;
            }
            ObjectNode body = json.createObjectNode().put("successorId", successor)
                    .put("kind", succession.path("kind").asString());
            ResponseEntity<String> answer = api.post().uri("/api/agencies/{id}/succession", predecessor)
                    .header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
                    .body(json.writeValueAsString(body)).retrieve()
                    .onStatus(DemoDirectory::noSuchEndpoint, (request, response) -> { })
                    .toEntity(String.class);
            if (noSuchEndpoint(answer.getStatusCode())) {
                // a 404 of the endpoint itself names the agency it did not find: that is a real failure
                if ("agency-not-found".equals(code(answer.getBody()))) {
                    throw new IllegalStateException("Succession of " + predecessor + " by " + successor + ": "
                            + answer.getBody());
                }
                log.warn("Demo directory: POST /api/agencies/{}/succession answered {}: this campaign service has no "
                        + "succession endpoint. The 2025 reorganisation is left out (departments, communes and "
                        + "district committees stay as seeded; {} new agencies added).", predecessor,
                        answer.getStatusCode().value(), added);
                return new Result(Outcome.SUCCESSION_UNAVAILABLE, added, succeeded, 0);
            }
            succeeded++;
        }
        int deactivated = 0;
        for (JsonNode abolished : plan.path("abolished")) {
            String agencyId = abolished.path("agencyId").asString();
            JsonNode current = directory.get(agencyId);
            if (current == null || !current.path("active").asBoolean()) {
                continue;
            }
            ObjectNode input = json.createObjectNode();
            INPUT_FIELDS.stream().filter(current::has).forEach(field -> input.set(field, current.get(field)));
            input.put("active", false);
            api.put().uri("/api/agencies/{id}", agencyId).header("Authorization", admin)
                    .header("If-Match", "\"" + current.path("version").asLong() + "\"")
                    .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(input))
                    .retrieve().toBodilessEntity();
            deactivated++;
        }
        if (added + succeeded + deactivated == 0) {
            log.info("Demo directory already in its 2025 structure");
        } else {
            log.info("Demo directory moved to its 2025 structure: {} agencies added, {} succeeded, {} district "
                    + "committees made inactive", added, succeeded, deactivated);
        }
        return new Result(Outcome.APPLIED, added, succeeded, deactivated);
    }

    private Map<String, JsonNode> directory() {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode agency : json.readTree(api.get().uri("/api/agencies").header("Authorization", admin)
                .retrieve().body(String.class))) {
            byId.put(agency.path("agencyId").asString(), agency);
        }
        return byId;
    }

    private static boolean noSuchEndpoint(HttpStatusCode status) {
        return status.value() == 404 || status.value() == 405;
    }

    private String code(String problem) {
        try {
            return problem == null || problem.isBlank() ? null : json.readTree(problem).path("code").asString();
        } catch (RuntimeException unreadable) {
            return null; // not problem details (an HTML error page): no endpoint answered
        }
    }
}

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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Khánh Hòa's 2025 reorganisation applied to the seeded (pre-2025) demo directory through the public API, as the demo
 * admin: the new agencies, the successions (departments merged on 1 March 2025, communes merged on 1 July 2025) and
 * the district committees abolished on 1 July 2025 (inactive, no successor). What it holds and its sources:
 * docs/directory-khanh-hoa-2025.md. Each step is skipped when the directory already shows it, so a restart changes
 * nothing. A campaign service without the succession endpoint (404/405) gets the new agencies only: the rest is left
 * out, said in the log, and the platform goes on. The calls of a step run side by side on the caller's pool, and each
 * step starts when the one before has ended: the additions; the successions (the first alone, which finds out whether
 * the endpoint exists; those of one successor one after the other, as each notes itself on its successor, a
 * versioned write); the deactivations.
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
    private final Executor pool;
    private final JsonMapper json = JsonMapper.builder().build();

    /** {@code pool}: where the independent calls of each step run side by side ({@link SideBySide}). */
    DemoDirectory(RestClient api, String adminBearer, Executor pool) {
        this.api = api;
        this.admin = adminBearer;
        this.pool = pool;
    }

    Result apply() {
        JsonNode plan = json.readTree(DemoData.resource(RESOURCE));
        Map<String, JsonNode> directory = directory();
        // 1. the new agencies, side by side (each its own document)
        List<Callable<Void>> additions = new ArrayList<>();
        for (JsonNode agency : plan.path("agencies")) {
            if (!directory.containsKey(agency.path("agencyId").asString())) {
                additions.add(() -> {
                    api.post().uri("/api/agencies").header("Authorization", admin)
                            .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(agency))
                            .retrieve().toBodilessEntity();
                    return null;
                });
            }
        }
        int added = SideBySide.all(pool, additions).size();
        // 2. the successions (their successors exist now): the first alone, which finds out whether the campaign
        // service has the endpoint at all; then the others side by side, one after the other for the same successor
        // (each succession notes it on the successor, a versioned write)
        Map<String, List<JsonNode>> bySuccessor = new LinkedHashMap<>();
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
            bySuccessor.computeIfAbsent(successor, s -> new ArrayList<>()).add(succession);
        }
        int succeeded = 0;
        if (!bySuccessor.isEmpty()) {
            List<JsonNode> first = bySuccessor.values().iterator().next();
            if (!succeed(first.removeFirst())) {
                return unavailable(added, 0);
            }
            succeeded++;
            List<Callable<Integer>> groups = new ArrayList<>();
            for (List<JsonNode> group : bySuccessor.values()) {
                if (!group.isEmpty()) {
                    groups.add(() -> {
                        int done = 0;
                        for (JsonNode succession : group) {
                            if (!succeed(succession)) {
                                return -1 - done;
                            }
                            done++;
                        }
                        return done;
                    });
                }
            }
            boolean available = true;
            for (int done : SideBySide.all(pool, groups)) {
                available &= done >= 0;
                succeeded += done >= 0 ? done : -1 - done;
            }
            if (!available) {
                return unavailable(added, succeeded);
            }
        }
        // 3. the district committees made inactive, side by side, each guarded by the version it was read at
        List<Callable<Void>> deactivations = new ArrayList<>();
        for (JsonNode abolished : plan.path("abolished")) {
            String agencyId = abolished.path("agencyId").asString();
            JsonNode current = directory.get(agencyId);
            if (current == null || !current.path("active").asBoolean()) {
                continue;
            }
            ObjectNode input = json.createObjectNode();
            INPUT_FIELDS.stream().filter(current::has).forEach(field -> input.set(field, current.get(field)));
            input.put("active", false);
            deactivations.add(() -> {
                api.put().uri("/api/agencies/{id}", agencyId).header("Authorization", admin)
                        .header("If-Match", "\"" + current.path("version").asLong() + "\"")
                        .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(input))
                        .retrieve().toBodilessEntity();
                return null;
            });
        }
        int deactivated = SideBySide.all(pool, deactivations).size();
        if (added + succeeded + deactivated == 0) {
            log.info("Demo directory already in its 2025 structure");
        } else {
            log.info("Demo directory moved to its 2025 structure: {} agencies added, {} succeeded, {} district "
                    + "committees made inactive", added, succeeded, deactivated);
        }
        return new Result(Outcome.APPLIED, added, succeeded, deactivated);
    }

    /** One succession; false when the campaign service has no succession endpoint (404/405 not naming an agency). */
    private boolean succeed(JsonNode succession) {
        String predecessor = succession.path("predecessorId").asString();
        String successor = succession.path("successorId").asString();
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
                    + "succession endpoint.", predecessor, answer.getStatusCode().value());
            return false;
        }
        return true;
    }

    private Result unavailable(int added, int succeeded) {
        log.warn("Demo directory: the 2025 reorganisation is left out (departments, communes and district committees "
                + "stay as seeded; {} new agencies added).", added);
        return new Result(Outcome.SUCCESSION_UNAVAILABLE, added, succeeded, 0);
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

package vn.govcomm.campaign.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What changed between two versions of an agency, for the audit trail ("name: A → B", "endpoint added: x"). */
final class AgencyChanges {

    private AgencyChanges() {
    }

    static List<String> between(Agency before, Agency after) {
        List<String> changes = new ArrayList<>();
        field(changes, "name", before.name(), after.name());
        field(changes, "shortName", before.shortName(), after.shortName());
        field(changes, "type", before.type(), after.type());
        field(changes, "parentId", before.parentId(), after.parentId());
        field(changes, "groups", before.groups(), after.groups());
        field(changes, "contactEmail", before.contactEmail(), after.contactEmail());
        field(changes, "active", before.active(), after.active());
        field(changes, "provinceId", before.provinceId(), after.provinceId());
        field(changes, "national", before.national(), after.national());
        field(changes, "successorId", before.successorId(), after.successorId());
        field(changes, "successionKind", before.successionKind(), after.successionKind());
        field(changes, "succeededAt", before.succeededAt(), after.succeededAt());
        Map<String, Agency.Endpoint> old = before.endpoints().stream()
                .collect(Collectors.toMap(Agency.Endpoint::endpointId, Function.identity()));
        Map<String, Agency.Endpoint> now = after.endpoints().stream()
                .collect(Collectors.toMap(Agency.Endpoint::endpointId, Function.identity()));
        old.keySet().stream().filter(id -> !now.containsKey(id)).sorted()
                .forEach(id -> changes.add("endpoint removed: " + id));
        now.keySet().stream().filter(id -> !old.containsKey(id)).sorted()
                .forEach(id -> changes.add("endpoint added: " + id + " (" + now.get(id).channel() + ")"));
        now.keySet().stream().filter(old::containsKey).filter(id -> !old.get(id).equals(now.get(id))).sorted()
                .forEach(id -> changes.add("endpoint changed: " + id + ": " + old.get(id) + " → " + now.get(id)));
        return changes;
    }

    private static void field(List<String> changes, String name, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.add(name + ": " + before + " → " + after);
        }
    }
}

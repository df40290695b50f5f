package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.testing.WireNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Package-by-feature, checked: the feature packages depend on each other without cycles. */
class ModularityTests {

    static final Path SOURCES = Path.of("src/main/java/vn/govcomm/campaign");
    static final Pattern REFERENCE = Pattern.compile("vn\\.govcomm\\.campaign\\.([a-z]+)\\.");

    @Test
    void featurePackagesHaveNoDependencyCycles() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        assertThat(uses).containsKeys("campaigns", "directory", "attachments", "text", "audit", "web");
        assertThat(cycles(uses)).isEmpty();
        // The building blocks stand alone.
        assertThat(uses.get("text")).isEmpty();
        assertThat(uses.get("web")).isEmpty();
    }

    @Test
    void wireNamesComeFromTheContractsOnly() {
        // vn.govcomm.contracts is the one home of the wire: no main code spells a topic, ce_type, dataschema or
        // channel name as a string of its own.
        assertThat(WireNames.spelledIn(SOURCES)).isEmpty();
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // the application class
                }
                String feature = relative.getName(0).toString();
                Set<String> targets = uses.computeIfAbsent(feature, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(feature)) {
                        targets.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }

    private static List<String> cycles(Map<String, Set<String>> uses) {
        List<String> found = new ArrayList<>();
        for (String start : uses.keySet()) {
            List<String> path = new ArrayList<>(List.of(start));
            walk(start, start, uses, path, new HashSet<>(), found);
        }
        return found;
    }

    private static void walk(String start, String at, Map<String, Set<String>> uses, List<String> path,
                             Set<String> seen, List<String> found) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                found.add(String.join(" → ", path) + " → " + start);
            } else if (seen.add(next)) {
                path.add(next);
                walk(start, next, uses, path, seen, found);
                path.removeLast();
            }
        }
    }
}

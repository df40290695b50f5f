package vn.govcomm.notification;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Architecture as a test: the features depend on each other in one direction only. directory, compliance and
 * mail know nobody; notifications uses directory and mail; campaigns uses notifications; rounds puts campaigns,
 * compliance and notifications together; api reads campaigns and notifications. kafka is shared plumbing.
 */
class ModularityTests {

    static final Path SOURCES = Path.of("src/main/java/vn/govcomm/notification");
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "kafka", Set.of(),
            "directory", Set.of("kafka"),
            "compliance", Set.of("kafka"),
            "mail", Set.of(),
            "notifications", Set.of("directory", "mail"),
            "campaigns", Set.of("kafka", "notifications"),
            "rounds", Set.of("campaigns", "compliance", "notifications"),
            "api", Set.of("campaigns", "notifications"));

    @Test
    void featuresDependOnlyOnTheFeaturesBelowThem() throws IOException {
        List<String> violations = new ArrayList<>();
        for (var feature : ALLOWED.entrySet()) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(feature.getKey()))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(file -> imports(file).forEach(imported -> {
                    String other = imported.split("\\.")[0];
                    if (!other.equals(feature.getKey()) && ALLOWED.containsKey(other) && !feature.getValue().contains(other)) {
                        violations.add(file.getFileName() + " imports vn.govcomm.notification." + imported);
                    }
                }));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyFeaturePackageIsKnownToThisTest() throws IOException {
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
        }
    }

    private static List<String> imports(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith("import vn.govcomm.notification."))
                    .map(l -> l.substring("import vn.govcomm.notification.".length(), l.length() - 1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

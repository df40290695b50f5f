package vn.govcomm.email;

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

/** Architecture as a test: bounces → sending → composing, never back. */
class ModularityTests {

    static final Path SOURCES = Path.of("src/main/java/vn/govcomm/email");
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "composing", Set.of(),
            "sending", Set.of("composing"),
            "bounces", Set.of("sending", "composing"));

    @Test
    void featuresDependOnlyOnTheFeaturesBelowThem() throws IOException {
        List<String> violations = new ArrayList<>();
        for (var feature : ALLOWED.entrySet()) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(feature.getKey()))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(file -> imports(file).forEach(imported -> {
                    String other = imported.split("\\.")[0];
                    if (!other.equals(feature.getKey()) && ALLOWED.containsKey(other)
                            && !feature.getValue().contains(other)) {
                        violations.add(file.getFileName() + " imports vn.govcomm.email." + imported);
                    }
                }));
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<String> imports(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith("import vn.govcomm.email."))
                    .map(l -> l.substring("import vn.govcomm.email.".length()).replace(";", "").trim()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

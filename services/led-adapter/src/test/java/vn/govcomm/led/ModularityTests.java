package vn.govcomm.led;

import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.testing.WireNames;

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
 * Architecture as a test: the features depend on each other only in one direction
 * (signage → playlists → screens, playlists → xibo → screens; the simulator stands alone).
 */
class ModularityTests {

    static final Path SOURCES = Path.of("src/main/java/vn/govcomm/led");
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "screens", Set.of(),
            "xibo", Set.of("screens"),
            "playlists", Set.of("screens", "xibo"),
            "signage", Set.of("playlists", "screens"),
            "simulator", Set.of());

    @Test
    void featuresDependOnlyOnTheFeaturesBelowThem() throws IOException {
        List<String> violations = new ArrayList<>();
        for (var feature : ALLOWED.entrySet()) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(feature.getKey()))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(file -> imports(file).forEach(imported -> {
                    String other = imported.split("\\.")[0];
                    if (!other.equals(feature.getKey()) && ALLOWED.containsKey(other)
                            && !feature.getValue().contains(other)) {
                        violations.add(file.getFileName() + " imports vn.govcomm.led." + imported);
                    }
                }));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theSimulatorUsesNothingButTheJdkAndJackson() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES.resolve("simulator"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> assertThat(allImports(file))
                    .allMatch(i -> i.startsWith("java.") || i.startsWith("tools.jackson.")));
        }
    }

    @Test
    void wireNamesComeFromTheContractsOnly() {
        // Topics, ce_types, dataschemas and channel names are spelled in vn.govcomm.contracts only.
        assertThat(WireNames.spelledIn(SOURCES)).isEmpty();
    }

    private static List<String> imports(Path file) {
        return allImports(file).stream().filter(i -> i.startsWith("vn.govcomm.led."))
                .map(i -> i.substring("vn.govcomm.led.".length())).toList();
    }

    private static List<String> allImports(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith("import "))
                    .map(l -> l.substring(7).replace("static ", "").replace(";", "").trim()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package vn.govcomm.facebook;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feature packages depend in one direction only: pages → credentials → graph; webhooks stand alone (they reach
 * deliveries through the kit). A new arrow (or a cycle) fails here.
 */
class ModularityTests {

    static final Map<String, Set<String>> ALLOWED = Map.of(
            "graph", Set.of(),
            "credentials", Set.of("graph"),
            "webhooks", Set.of(),
            "pages", Set.of("graph", "credentials"));
    static final Pattern IMPORT = Pattern.compile("^import vn\\.govcomm\\.facebook\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void featurePackagesDependOnlyInTheAllowedDirection() throws IOException {
        Path root = Path.of("src/main/java/vn/govcomm/facebook");
        List<String> violations = new ArrayList<>();
        for (var feature : ALLOWED.entrySet()) {
            try (Stream<Path> files = Files.walk(root.resolve(feature.getKey()))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = IMPORT.matcher(Files.readString(file));
                    while (m.find()) {
                        String target = m.group(1);
                        if (!target.equals(feature.getKey()) && !feature.getValue().contains(target)) {
                            violations.add(file.getFileName() + " → " + target);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
        assertThat(root.resolve("pages")).isDirectory();
    }
}

package vn.govcomm.portal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feature packages depend only in the allowed direction (no cycles): websub → feeds → wordpress, all → access
 * and the root package; outbound (the outbound-URL policy and client) is a leaf used by wordpress and websub.
 * Checked on the sources' imports and fully qualified references.
 */
class ModularityTests {

    static final Path SOURCES = Path.of("src/main/java/vn/govcomm/portal");
    static final Pattern REFERENCE = Pattern.compile("vn\\.govcomm\\.portal\\.(access|feeds|websub|wordpress|outbound)\\b");
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "access", Set.of(),
            "outbound", Set.of(),
            "wordpress", Set.of("outbound"),
            "feeds", Set.of("access", "wordpress"),
            "websub", Set.of("access", "feeds", "outbound"),
            "", Set.of("access", "feeds", "websub", "wordpress", "outbound"));

    @Test
    void featurePackagesOnlyDependInTheAllowedDirection() throws IOException {
        Set<String> violations = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file.getParent() == null ? SOURCES : file.getParent());
                String feature = relative.toString().split("/")[0];
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String target = m.group(1);
                    if (!target.equals(feature) && !ALLOWED.get(feature).contains(target)) {
                        violations.add(file.getFileName() + " (" + feature + ") → " + target);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}

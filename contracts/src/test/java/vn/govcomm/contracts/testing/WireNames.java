package vn.govcomm.contracts.testing;

import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * For a service's architecture test: the wire names its main code spells as string literals of its own instead of
 * taking them from the contracts (topics, {@code ce_type}s, dataschema URIs, channel names). The contracts are
 * their one home; an empty answer is the goal.
 */
public final class WireNames {

    private static final Pattern SPELLED = Pattern.compile("\"("
            + Contracts.get().topics().keySet().stream().map(Pattern::quote).collect(Collectors.joining("|"))
            + "|" + String.join("|", Channels.ALL) + ")\""
            + "|\"delivery\\.(requests|status)\\."
            + "|\"vn\\.govcomm\\.[a-z-]+\\.[a-z-]+\\.v\\d+\""
            + "|govcomm\\.vn/contracts/");

    private WireNames() {
    }

    /** Each literal found in the {@code .java} files below {@code sources}, as "file: literal". */
    public static List<String> spelledIn(Path sources) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = SPELLED.matcher(Files.readString(file));
                while (m.find()) {
                    found.add(sources.relativize(file) + ": " + m.group());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}

package vn.govcomm.gateway.console;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's message bundles: Vietnamese ({@code console-messages.properties}, the default) and English
 * ({@code console-messages_en.properties}) have the same keys, each once and with a text, and every key the pages
 * and the console's code name literally is in them (a missing one would show as {@code ??key_vi??} or fail).
 */
class MessageBundlesUnitTests {

    static final Path TEMPLATES = Path.of("src/main/resources/templates/console");
    static final Path CONSOLE_CODE = Path.of("src/main/java/vn/govcomm/gateway/console");
    /** {@code #{key}} or {@code #{key(args)}} with a literal key (not {@code #{'prefix.' + ${x}}}). */
    static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z][A-Za-z0-9.-]*)[}(]");
    /** A string literal shaped like a key ("wizard.problems", "failure.notFound.manual"). */
    static final Pattern CODE_LITERAL = Pattern.compile("\"([a-z][A-Za-z0-9]*(?:\\.[A-Za-z0-9-]+)+)\"");

    @Test
    void bothLanguagesHaveTheSameKeysEachOnceAndWithAText() {
        Properties vi = bundle("/console-messages.properties");
        Properties en = bundle("/console-messages_en.properties");

        assertThat(en.stringPropertyNames()).isEqualTo(vi.stringPropertyNames());
        assertThat(vi.stringPropertyNames()).hasSizeGreaterThan(300)
                .allSatisfy(key -> assertThat(vi.getProperty(key)).as(key).isNotBlank())
                .allSatisfy(key -> assertThat(en.getProperty(key)).as(key).isNotBlank());
        assertThat(keysDefinedTwice("/console-messages.properties")).isEmpty();
        assertThat(keysDefinedTwice("/console-messages_en.properties")).isEmpty();
    }

    @Test
    void everyKeyThePagesNameIsInTheBundles() throws IOException {
        Set<String> keys = bundle("/console-messages.properties").stringPropertyNames();
        List<String> named = new ArrayList<>();
        try (Stream<Path> pages = Files.list(TEMPLATES)) {
            for (Path page : pages.toList()) {
                Matcher m = TEMPLATE_KEY.matcher(Files.readString(page));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        assertThat(named).hasSizeGreaterThan(200);
        assertThat(named).allSatisfy(key -> assertThat(keys).as("template key").contains(key));
    }

    /** Literals in the console's code with the first part of a bundle key ("wizard.", "failure.", "deadLetters."…). */
    @Test
    void everyKeyTheConsolesCodeNamesIsInTheBundles() throws IOException {
        Set<String> keys = bundle("/console-messages.properties").stringPropertyNames();
        Set<String> prefixes = keys.stream().map(k -> k.substring(0, k.indexOf('.') + 1)).collect(Collectors.toSet());
        Set<String> named = new TreeSet<>();
        try (Stream<Path> code = Files.list(CONSOLE_CODE)) {
            for (Path source : code.toList()) {
                Matcher m = CODE_LITERAL.matcher(Files.readString(source));
                while (m.find()) {
                    String literal = m.group(1);
                    if (prefixes.stream().anyMatch(literal::startsWith)) {
                        named.add(literal);
                    }
                }
            }
        }
        assertThat(named).contains("wizard.problems", "failure.serviceUnavailable", "deadLetters.adminsOnly",
                "export.unknown");
        assertThat(named).allSatisfy(key -> assertThat(keys).as("key in the console's code").contains(key));
    }

    static Properties bundle(String name) {
        try (InputStream in = MessageBundlesUnitTests.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Properties keeps the last of two equal keys silently; the file must not have any. */
    static List<String> keysDefinedTwice(String name) {
        try (InputStream in = MessageBundlesUnitTests.class.getResourceAsStream(name)) {
            Set<String> seen = new TreeSet<>();
            List<String> twice = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                int eq = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && eq > 0 && !seen.add(line.substring(0, eq).strip())) {
                    twice.add(line.substring(0, eq).strip());
                }
            }
            return twice;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

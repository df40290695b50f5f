package vn.govcomm.local;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LibraryArchive}: the launcher's class path split in two, and the libraries' class-data sharing archive. The JVM-starting tests build a small launcher the way the build builds ours (Boot's extract:
 * {@code local-platform.jar} listing {@code lib/*.jar}; the released libraries here are the logging jars of this test's
 * class path, "our module" a snapshot jar holding {@link SharedArchive} and a probe), then start JVMs with the README's
 * options on the README's class path.
 */
class LibraryArchiveUnitTests {

    @TempDir
    Path dir;

    private Path launcher;
    private final List<String> libraries = new ArrayList<>();
    private static final String OURS = "lib/probe-0.1.0-SNAPSHOT.jar";
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @BeforeEach
    void extract() throws IOException {
        launcher = dir.resolve("launcher");
        Files.createDirectories(launcher.resolve("lib"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && (name.startsWith("slf4j-api") || name.startsWith("logback-"))) {
                Files.copy(Path.of(entry), launcher.resolve("lib").resolve(name));
                libraries.add("lib/" + name);
            }
        }
        assertThat(libraries).hasSizeGreaterThanOrEqualTo(2);
        ourJar(1);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Probe.class.getName());
        // Boot's order: ours between the libraries
        List<String> classPath = new ArrayList<>(List.of(libraries.getFirst(), OURS));
        classPath.addAll(libraries.subList(1, libraries.size()));
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(launcher.resolve("local-platform.jar")),
                manifest)) {
            out.putNextEntry(new JarEntry("vn/govcomm/local/launcher.txt"));
            out.write("the launcher's own entry".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    @Test
    void theClassPathIsSplitIntoTheLibrariesThenOurJars() throws IOException {
        byte[] before = Files.readAllBytes(launcher.resolve("local-platform.jar"));

        LibraryArchive.splitClassPath(launcher);

        assertThat(classPath(launcher.resolve(LibraryArchive.JAR))).containsExactlyElementsOf(libraries);
        // libraries.jar first, so that `-jar local-platform.jar` still finds every class, then ours
        assertThat(classPath(launcher.resolve("local-platform.jar"))).containsExactly(LibraryArchive.JAR, OURS);
        try (JarFile jar = new JarFile(launcher.resolve("local-platform.jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS))
                    .isEqualTo(Probe.class.getName());
            assertThat(jar.getEntry("vn/govcomm/local/launcher.txt")).isNotNull();
        }
        // split again from the same extract: the same content (what lets a rebuild keep the archives)
        Path again = dir.resolve("again");
        Files.createDirectories(again);
        Files.write(again.resolve("local-platform.jar"), before);
        LibraryArchive.splitClassPath(again);
        for (String jar : List.of(LibraryArchive.JAR, "local-platform.jar")) {
            assertThat(UnpackedLauncher.entries(again.resolve(jar))).isEqualTo(UnpackedLauncher.entries(launcher.resolve(jar)));
        }
    }

    @Test
    void aStartMapsTheLibrariesFromTheBaseWhichOutlivesAChangeOfOurJarButNotOfALibrary() throws Exception {
        LibraryArchive.splitClassPath(launcher);
        Files.writeString(launcher.resolve(LibraryArchive.CLASS_LIST), "org/slf4j/LoggerFactory\norg/slf4j/Logger\n");
        assertThat(LibraryArchive.usable(launcher, JAVA)).isFalse();

        assertThat(LibraryArchive.dump(launcher, JAVA)).as(log()).isTrue();
        assertThat(LibraryArchive.usable(launcher, JAVA)).isTrue();

        // the libraries' classes from the archive, ours from our jar
        Run first = start();
        assertThat(first.sharing()).isTrue();
        assertThat(first.loadedFrom("org.slf4j.LoggerFactory")).isEqualTo("shared objects file");
        assertThat(first.loadedFrom(Probe.class.getName())).contains(OURS);
        assertThat(first.output()).doesNotContain("could not be used");

        // our jar rebuilt with other content (a new modification time): the archive still fits
        ourJar(2);
        assertThat(LibraryArchive.usable(launcher, JAVA)).isTrue();
        Run afterOurChange = start();
        assertThat(afterOurChange.loadedFrom("org.slf4j.LoggerFactory")).isEqualTo("shared objects file");
        assertThat(afterOurChange.output()).contains("build 2");

        // a library changed: the archive no longer fits (the build writes it again), a start maps nothing and says so
        Path library = launcher.resolve(libraries.getFirst());
        Files.setLastModifiedTime(library, FileTime.fromMillis(Files.getLastModifiedTime(library).toMillis() + 60_000));
        assertThat(LibraryArchive.usable(launcher, JAVA)).isFalse();
        Run unusable = start();
        assertThat(unusable.sharing()).isFalse();
        assertThat(unusable.output()).contains("The class-data sharing archive (launcher/" + LibraryArchive.ARCHIVE
                + ") could not be used");
    }

    @Test
    void onlyReleasedLibrariesTheClassListAndLibrariesJarMakeTheArchiveStale() {
        assertThat(LibraryArchive.inBase(Path.of("lib/kafka-clients-4.1.2.jar"))).isTrue();
        assertThat(LibraryArchive.inBase(Path.of(LibraryArchive.JAR))).isTrue();
        assertThat(LibraryArchive.inBase(Path.of(LibraryArchive.CLASS_LIST))).isTrue();
        assertThat(LibraryArchive.inBase(Path.of("lib/campaign-service-0.1.0-SNAPSHOT.jar"))).isFalse();
        assertThat(LibraryArchive.inBase(Path.of("local-platform.jar"))).isFalse();
    }

    @Test
    void theClassListLeavesOutOurClassesAndTheConstantPoolLines() throws IOException {
        Path loaded = Files.writeString(dir.resolve("loaded.lst"), """
                # NOTE: Do not modify this file.
                java/lang/Object id: 0
                org/springframework/context/ApplicationContext id: 5
                vn/govcomm/campaign/Campaign id: 6
                @lambda-proxy vn/govcomm/kit/Kit apply ()Ljava/util/function/Function;
                @lambda-proxy org/apache/kafka/Foo apply ()Ljava/util/function/Function;
                @cp org/apache/kafka/Foo 12 14
                org/apache/catalina/loader/JdbcLeakPrevention id: 20066 super: 0 source: /tmp/x.jar
                """);
        Path gzip = dir.resolve("list.gz");

        assertThat(LibraryArchive.writeClassList(loaded, gzip)).isEqualTo(4);
        assertThat(LibraryArchive.classNames(gzip))
                .containsExactly("java/lang/Object", "org/springframework/context/ApplicationContext");
    }

    /**
     * The class list in the repository names classes this build's libraries and JDK still have (a library upgrade that
     * renames them leaves the base with fewer classes: the starts are slower, nothing fails). Regenerate it as
     * infra/local-platform/README.md says when this fails.
     */
    @Test
    void theRepositorysClassListNamesClassesOfTheseLibraries() throws IOException {
        List<String> names = LibraryArchive.classNames(Path.of("src/main/cds/libraries.classlist.gz"));
        long found = names.stream().filter(n -> ClassLoader.getSystemResource(n + ".class") != null).count();

        assertThat(names).hasSizeGreaterThan(10_000).doesNotContain("vn/govcomm/local/LocalPlatform");
        assertThat(names).contains("org/springframework/context/support/AbstractApplicationContext",
                "org/apache/kafka/clients/consumer/KafkaConsumer", "com/mongodb/client/MongoClient");
        assertThat(found).as("classes of the list found on the class path").isGreaterThan(names.size() * 95L / 100);
    }

    /** The README's start command names what the build makes, in the order the JVM needs, with the dump's options. */
    @Test
    void theReadmesStartCommandRunsTheSplitClassPathOnTheLibrariesArchive() throws IOException {
        String dir = "infra/local-platform/target/launcher/";
        String command = Files.readString(Path.of("../../README.md")).lines()
                .filter(l -> l.startsWith("./mvnw -q -DskipTests install && java ")).findFirst().orElseThrow();

        assertThat(command).contains(" -XX:SharedArchiveFile=" + dir + LibraryArchive.ARCHIVE + " ");
        assertThat(command).endsWith(" -cp " + dir + LibraryArchive.JAR + ":" + dir + LibraryArchive.LAUNCHER_JAR + " "
                + LocalPlatform.class.getName());
        for (String option : LibraryArchive.DUMP_OPTIONS) {
            assertThat(command).contains(" " + option + " ");
        }
    }

    private String log() throws IOException {
        Path log = launcher.resolve(LibraryArchive.LOG);
        return Files.exists(log) ? Files.readString(log) : "no log";
    }

    /** Our module's jar: the probe and SharedArchive, with a version marker so two builds differ in content. */
    private void ourJar(int build) throws IOException {
        Path jar = launcher.resolve(OURS);
        Path tmp = dir.resolve("probe.jar.tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
            TestJars.addClasses(out, SharedArchive.class, Probe.class);
            out.putNextEntry(new JarEntry("vn/govcomm/local/build.txt"));
            out.write(("build " + build).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + build * 60_000L));
    }

    private static List<String> classPath(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Arrays.asList(file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH).split(" "));
        }
    }

    record Run(String output) {

        boolean sharing() {
            return SharedArchive.sharing(value("vm: "));
        }

        /** Where the JVM says (-Xlog:class+load) it took the class from. */
        String loadedFrom(String className) {
            String prefix = "[class,load] " + className + " source: ";
            return output.lines().map(l -> l.substring(l.indexOf("[class,load]") < 0 ? 0 : l.indexOf("[class,load]")))
                    .filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()))
                    .orElseThrow(() -> new AssertionError(className + " not loaded:\n" + output));
        }

        private String value(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()))
                    .orElseThrow(() -> new AssertionError(output));
        }
    }

    /** A start with the README's options, spelled relative to the directory above the launcher as the README does. */
    private Run start() throws Exception {
        String l = "launcher/";
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(LibraryArchive.DUMP_OPTIONS);
        command.addAll(List.of("-XX:SharedArchiveFile=" + l + LibraryArchive.ARCHIVE, "-Xlog:cds=off",
                "-Xlog:class+load=info", "-cp", l + LibraryArchive.JAR + File.pathSeparator + l + "local-platform.jar",
                Probe.class.getName()));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return new Run(out);
    }

    static final class Probe {
        public static void main(String[] args) throws IOException {
            SharedArchive.check(); // what the launcher does first (logback's default configuration: to the console)
            System.out.println("vm: " + System.getProperty("java.vm.info"));
            try (InputStream in = Probe.class.getResourceAsStream("/vn/govcomm/local/build.txt")) {
                System.out.println(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}

package vn.govcomm.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SharedArchive}: which files the launcher deletes. The headers are those of JDK 25.0.3's files: a finished
 * dynamic archive begins with a8 ab 0b f0; a JVM killed while writing one left 27 MB whose first bytes were zeros.
 */
class SharedArchiveUnitTests {

    @TempDir
    Path dir;

    @Test
    void aFinishedDynamicArchiveStays() throws IOException {
        Path archive = Files.write(dir.resolve("launcher.jsa"),
                new byte[] {(byte) 0xa8, (byte) 0xab, 0x0b, (byte) 0xf0, 0x55, 0x79, 0x45, (byte) 0x9c});

        assertThat(SharedArchive.deleteIfUnfinished(archive)).isFalse();
        assertThat(archive).exists();
    }

    @Test
    void anArchiveWhoseHeaderWasNeverWrittenGoes() throws IOException {
        Path archive = Files.write(dir.resolve("launcher.jsa"), new byte[64 * 1024]);

        assertThat(SharedArchive.deleteIfUnfinished(archive)).isTrue();
        assertThat(archive).doesNotExist();
    }

    @Test
    void aFileShorterThanAHeaderGoes() throws IOException {
        Path archive = Files.write(dir.resolve("launcher.jsa"), new byte[] {(byte) 0xa8, (byte) 0xab});

        assertThat(SharedArchive.deleteIfUnfinished(archive)).isTrue();
        assertThat(archive).doesNotExist();
    }

    @Test
    void aStaticArchiveOrAnotherFileIsNotADynamicArchive() throws IOException {
        // CDS_ARCHIVE_MAGIC (a static archive or JDK 25's AOT cache) is not the dynamic one
        Path archive = Files.write(dir.resolve("app.jsa"), new byte[] {(byte) 0xa2, (byte) 0xab, 0x0b, (byte) 0xf0});

        assertThat(SharedArchive.finished(archive)).isFalse();
    }

    @Test
    void noFileNothingToDo() throws IOException {
        assertThat(SharedArchive.deleteIfUnfinished(dir.resolve("launcher.jsa"))).isFalse();
    }

    @Test
    void onlyTheFirstStartWithAutomaticArchivesRecordsOne() throws Exception {
        // The README's archive options in a small JVM: the first records (and writes the archive at its exit), the
        // second maps it, one without the options never records.
        Path archive = dir.resolve("probe.jsa");
        List<String> options = List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:cds=error");

        assertThat(probe(options)).isEqualTo(archive.toString());
        assertThat(archive).exists();
        assertThat(probe(options)).isEqualTo("null");
        assertThat(probe(List.of())).isEqualTo("null");
    }

    @Test
    void anUnfinishedArchiveIsNotRecordedOverSoTheLauncherDeletesIt() throws Exception {
        // What a stop killed while the JVM wrote the archive leaves: the JVM neither maps it nor records a new one.
        Path archive = Files.write(dir.resolve("probe.jsa"), new byte[64 * 1024]);

        assertThat(probe(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:cds=off"))).isEqualTo("null");
        assertThat(SharedArchive.deleteIfUnfinished(archive)).isTrue();
    }

    /**
     * {@link SharedArchive#recordingTo()} as a JVM started with {@code options} sees it. The JVM archives classes of
     * jars only (a directory on the class path fails the dump), so the two classes go in a jar of their own, beside
     * the test class path's jars.
     */
    private String probe(List<String> options) throws Exception {
        Path jar = dir.resolve("probe.jar");
        if (!Files.exists(jar)) {
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                TestJars.addClasses(out, SharedArchive.class, Probe.class);
            }
        }
        List<String> classPath = new ArrayList<>(List.of(jar.toString()));
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar")).forEach(classPath::add);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), Probe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith("recording: ")).findFirst()
                .map(l -> l.substring("recording: ".length())).orElseThrow(() -> new AssertionError(out));
    }

    static final class Probe {
        public static void main(String[] args) {
            System.out.println("recording: " + SharedArchive.recordingTo());
        }
    }

    @Test
    void onlyAStartThatAsksForAutomaticArchivesHasOneToCheck() {
        assertThat(SharedArchive.autoCreateAsked(List.of("-XX:+UseSerialGC", "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=infra/local-platform/target/launcher/launcher.jsa"))).isTrue();
        assertThat(SharedArchive.autoCreateAsked(List.of("-XX:SharedArchiveFile=app.jsa"))).isFalse();
        assertThat(SharedArchive.autoCreateAsked(
                List.of("-XX:+AutoCreateSharedArchive", "-XX:-AutoCreateSharedArchive"))).isFalse();
    }
}

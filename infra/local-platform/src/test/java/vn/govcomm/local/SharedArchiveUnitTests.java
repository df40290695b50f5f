package vn.govcomm.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
    void onlyAStartThatAsksForAutomaticArchivesHasOneToCheck() {
        assertThat(SharedArchive.autoCreateAsked(List.of("-XX:+UseSerialGC", "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=infra/local-platform/target/launcher/launcher.jsa"))).isTrue();
        assertThat(SharedArchive.autoCreateAsked(List.of("-XX:SharedArchiveFile=app.jsa"))).isFalse();
        assertThat(SharedArchive.autoCreateAsked(
                List.of("-XX:+AutoCreateSharedArchive", "-XX:-AutoCreateSharedArchive"))).isFalse();
    }
}

package vn.govcomm.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UnpackedLauncher}: what a build keeps of the unpacked launcher, and when its class-data sharing archive goes.
 * The jars are made here as the build makes ours: the same classes rebuilt carry new entry time stamps.
 */
class UnpackedLauncherUnitTests {

    @TempDir
    Path dir;

    private static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);

    @Test
    void theFirstBuildUnpacksEverythingAndThereIsNoArchiveYet() throws IOException {
        Path fresh = extract(Map.of("lib/a.jar", "class A v1", "lib/b.jar", "class B v1"), 1);
        Path target = dir.resolve("launcher");

        UnpackedLauncher.Result r = UnpackedLauncher.update(fresh, target);

        assertThat(summary(r)).isEqualTo(summary(0, 0, 3, 0, false));
        assertThat(target.resolve("lib/a.jar")).exists();
        assertThat(fresh).doesNotExist();
    }

    @Test
    void aRebuildThatChangedNoClassKeepsTheFilesAndTheArchive() throws IOException {
        Path target = built(Map.of("lib/a.jar", "class A v1", "lib/b.jar", "class B v1"));

        // the same content, rebuilt later: new entry time stamps, so other bytes
        Path fresh = extract(Map.of("lib/a.jar", "class A v1", "lib/b.jar", "class B v1"), 2);
        assertThat(Files.mismatch(fresh.resolve("lib/a.jar"), target.resolve("lib/a.jar"))).isNotEqualTo(-1);
        UnpackedLauncher.Result r = UnpackedLauncher.update(fresh, target);

        assertThat(summary(r)).isEqualTo(summary(3, 0, 0, 0, false));
        assertThat(target.resolve(UnpackedLauncher.ARCHIVE)).exists();
        assertThat(Files.getLastModifiedTime(target.resolve("lib/a.jar"))).isEqualTo(OLD);
    }

    @Test
    void aChangedJarOfTheSameSizeIsReplacedWithANewTimeAndTheArchiveGoes() throws IOException {
        Path target = built(Map.of("lib/a.jar", "class A v1", "lib/b.jar", "class B v1"));

        Path fresh = extract(Map.of("lib/a.jar", "class A v2", "lib/b.jar", "class B v1"), 1);
        assertThat(Files.size(fresh.resolve("lib/a.jar"))).isEqualTo(Files.size(target.resolve("lib/a.jar")));
        UnpackedLauncher.Result r = UnpackedLauncher.update(fresh, target);

        assertThat(summary(r)).isEqualTo(summary(2, 1, 0, 0, true));
        assertThat(target.resolve(UnpackedLauncher.ARCHIVE)).doesNotExist();
        assertThat(Files.getLastModifiedTime(target.resolve("lib/a.jar"))).isNotEqualTo(OLD);
        assertThat(UnpackedLauncher.entries(target.resolve("lib/a.jar")))
                .isEqualTo(UnpackedLauncher.entries(jar(dir.resolve("expected.jar"), "class A v2", 1)));
    }

    @Test
    void aDependencyAddedOrRemovedTakesTheArchiveToo() throws IOException {
        Path target = built(Map.of("lib/a.jar", "class A v1", "lib/b.jar", "class B v1"));

        UnpackedLauncher.Result removed = UnpackedLauncher.update(extract(Map.of("lib/a.jar", "class A v1"), 1), target);

        assertThat(summary(removed)).isEqualTo(summary(2, 0, 0, 1, true));
        assertThat(target.resolve("lib/b.jar")).doesNotExist();

        Files.writeString(target.resolve(UnpackedLauncher.ARCHIVE), "archive");
        UnpackedLauncher.Result added = UnpackedLauncher.update(
                extract(Map.of("lib/a.jar", "class A v1", "lib/c.jar", "class C v1"), 1), target);

        assertThat(summary(added)).isEqualTo(summary(2, 0, 1, 0, true));
        assertThat(target.resolve("lib/c.jar")).exists();
    }

    @Test
    void onlyAChangedLibraryMakesTheLibrariesArchiveStaleAndTheBuildNeverRemovesIt() throws IOException {
        Path target = built(Map.of("lib/lib-1.0.jar", "class L v1", "lib/ours-0.1.0-SNAPSHOT.jar", "class O v1"));
        Files.writeString(target.resolve(LibraryArchive.ARCHIVE), "base");
        Files.writeString(target.resolve(LibraryArchive.LOG), "dump log");

        UnpackedLauncher.Result ours = UnpackedLauncher.update(
                extract(Map.of("lib/lib-1.0.jar", "class L v1", "lib/ours-0.1.0-SNAPSHOT.jar", "class O v2"), 2), target);

        assertThat(ours.changed()).containsExactly(Path.of("lib/ours-0.1.0-SNAPSHOT.jar"));
        assertThat(ours.librariesChanged()).isFalse();
        assertThat(target.resolve(LibraryArchive.ARCHIVE)).exists();
        assertThat(target.resolve(LibraryArchive.LOG)).exists();

        UnpackedLauncher.Result upgraded = UnpackedLauncher.update(
                extract(Map.of("lib/lib-1.1.jar", "class L v2", "lib/ours-0.1.0-SNAPSHOT.jar", "class O v2"), 3), target);

        assertThat(upgraded.changed()).containsExactly(Path.of("lib/lib-1.0.jar"), Path.of("lib/lib-1.1.jar"));
        assertThat(upgraded.librariesChanged()).isTrue();
    }

    private static String summary(UnpackedLauncher.Result r) {
        return summary(r.kept(), r.replaced(), r.added(), r.removed(), r.archiveDeleted());
    }

    private static String summary(int kept, int replaced, int added, int removed, boolean archiveDeleted) {
        return "kept %d, replaced %d, added %d, removed %d, archive deleted %s".formatted(kept, replaced, added, removed,
                archiveDeleted);
    }

    /** An unpacked launcher as a build and a start left it: the jars, the launcher's own jar and an archive. */
    private Path built(Map<String, String> jars) throws IOException {
        Path target = dir.resolve("launcher");
        UnpackedLauncher.update(extract(jars, 1), target);
        try (var files = Files.walk(target)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, OLD);
            }
        }
        Files.writeString(target.resolve(UnpackedLauncher.ARCHIVE), "archive");
        return target;
    }

    /** A fresh extract: each jar with one class entry of that content, made at build {@code build}. */
    private Path extract(Map<String, String> jars, int build) throws IOException {
        Path fresh = Files.createTempDirectory(dir, "launcher-new");
        for (Map.Entry<String, String> e : jars.entrySet()) {
            Files.createDirectories(fresh.resolve(e.getKey()).getParent());
            jar(fresh.resolve(e.getKey()), e.getValue(), build);
        }
        jar(fresh.resolve("local-platform.jar"), "launcher", build);
        return fresh;
    }

    private static Path jar(Path file, String content, int build) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            JarEntry entry = new JarEntry("x/Main.class");
            entry.setTime(1_700_000_000_000L + build * 3_600_000L);
            out.putNextEntry(entry);
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return file;
    }
}

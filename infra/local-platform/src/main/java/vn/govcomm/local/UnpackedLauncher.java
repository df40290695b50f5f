package vn.govcomm.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Brings the unpacked launcher ({@code target/launcher/}, which the README's start command runs) up to date from a
 * fresh extract of the build's exec jar, run by the build right after the extract (local-platform's pom). A file
 * whose content did not change is kept as it is, with its modification time: the JVM accepts a class-data sharing
 * archive only while every jar of the class path it was written for has the size and modification time it had then,
 * and JDK 25 neither uses nor replaces one that no longer fits. So a replaced file gets a new modification time, and an
 * automatic archive ({@code launcher.jsa}, recorded by a start with {@code -XX:+AutoCreateSharedArchive}; not the
 * README's command since session 34) goes as soon as one file is added, replaced or removed.
 *
 * <p>Jars are compared by their entries' names, sizes and CRC-32s, not by their bytes: our modules' jars are rebuilt on
 * every build and differ only in their entries' time stamps when their classes did not change. Comparing content, not
 * size and time, is also what keeps a changed jar of the same size from being taken for the old one (and its old
 * classes from being mapped from the archive).
 *
 * <p>Before that, the extract's class path is split in two ({@link LibraryArchive#splitClassPath}) and the libraries'
 * class list added to it; after it, the libraries' archive ({@code libraries.jsa}, the README's command's) is written
 * again only when a library, the class list or the JDK changed, and {@code launcher.jsa} goes with it.
 *
 * <p>Plain JDK only (the build runs it on {@code target/classes}, without the launcher's libraries).
 */
final class UnpackedLauncher {

    static final String ARCHIVE = "launcher.jsa";

    /** What the JVM writes beside the launcher's files; never part of an extract, never removed as stale. */
    private static final Set<Path> WRITTEN_BY_JVM = Set.of(Path.of(ARCHIVE), Path.of(LibraryArchive.ARCHIVE),
            Path.of(LibraryArchive.LOG));

    /** {@code changed}: the files replaced, added or removed, relative to the launcher. */
    record Result(int kept, int replaced, int added, int removed, boolean archiveDeleted, Set<Path> changed) {

        boolean librariesChanged() {
            return changed.stream().anyMatch(LibraryArchive::inBase);
        }
    }

    /**
     * {@code args}: the fresh extract, the unpacked launcher to bring up to date, the libraries' class list (gzip). The
     * class path is split first ({@link LibraryArchive#splitClassPath}), then the launcher brought up to date; the
     * libraries' archive is written again when a library, the class list or the JDK changed ({@code java} on the
     * PATH: the one the README's command starts).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException(
                    "usage: UnpackedLauncher <fresh extract> <unpacked launcher> <libraries.classlist.gz>");
        }
        Path fresh = Path.of(args[0]);
        Path target = Path.of(args[1]);
        LibraryArchive.splitClassPath(fresh);
        LibraryArchive.addClassList(Path.of(args[2]), fresh);
        Result r = update(fresh, target);
        String automatic = r.archiveDeleted() ? "; " + ARCHIVE + " deleted"
                : Files.exists(target.resolve(ARCHIVE)) ? "; " + ARCHIVE + " kept" : "";
        System.out.printf("Unpacked launcher %s: %d files kept, %d replaced, %d added, %d removed%s%n", target,
                r.kept(), r.replaced(), r.added(), r.removed(), automatic);
        try {
            libraryArchive(target, r, "java");
        } catch (IOException e) {
            // not a build failure either (no `java` on the PATH, say): the platform starts without the archives
            System.out.printf("WARNING: could not check or write %s (%s); the launcher starts without class-data "
                    + "sharing until a build writes it%n", LibraryArchive.ARCHIVE, e);
        }
    }

    private static void libraryArchive(Path target, Result r, String java) throws IOException {
        if (!r.librariesChanged() && LibraryArchive.usable(target, java)) {
            System.out.printf("Libraries' class-data sharing archive %s kept (no library changed, and %s maps it)%n",
                    LibraryArchive.ARCHIVE, java);
            return;
        }
        // an automatic archive (launcher.jsa) depends on the one below it: it cannot outlive it
        Files.deleteIfExists(target.resolve(ARCHIVE));
        System.out.printf("Writing the libraries' class-data sharing archive %s with %s (only when a library, the "
                + "class list or the JDK changed; about 25 s)%n", LibraryArchive.ARCHIVE, java);
        long t0 = System.nanoTime();
        if (LibraryArchive.dump(target, java)) {
            System.out.printf("Wrote %s in %.1f s (%d MB)%n", LibraryArchive.ARCHIVE, (System.nanoTime() - t0) / 1e9,
                    Files.size(target.resolve(LibraryArchive.ARCHIVE)) >> 20);
        } else {
            // not a build failure: the platform starts without it, only slower
            System.out.printf("WARNING: the JVM could not write %s (see %s); the launcher starts without class-data "
                    + "sharing until a build writes it%n", LibraryArchive.ARCHIVE, target.resolve(LibraryArchive.LOG));
        }
    }

    /** Makes {@code target} hold what {@code fresh} holds (the archive aside), then deletes {@code fresh}. */
    static Result update(Path fresh, Path target) throws IOException {
        if (!Files.isDirectory(fresh)) {
            // never bring the launcher "up to date" with nothing: that would delete every file of it
            throw new IOException("No fresh extract at " + fresh);
        }
        Files.createDirectories(target);
        Set<Path> freshFiles = files(fresh);
        Set<Path> oldFiles = files(target);
        oldFiles.removeAll(WRITTEN_BY_JVM);
        Set<Path> changed = new TreeSet<>();
        int kept = 0;
        int replaced = 0;
        int added = 0;
        for (Path file : freshFiles) {
            Path from = fresh.resolve(file);
            Path to = target.resolve(file);
            if (!Files.exists(to)) {
                added++;
            } else if (sameContent(from, to)) {
                kept++;
                continue;
            } else {
                replaced++;
            }
            changed.add(file);
            Files.createDirectories(to.getParent());
            // no COPY_ATTRIBUTES: a new modification time, so the JVM sees the change too
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        int removed = 0;
        for (Path file : oldFiles) {
            if (!freshFiles.contains(file)) {
                Files.delete(target.resolve(file));
                changed.add(file);
                removed++;
            }
        }
        boolean archiveDeleted = replaced + added + removed > 0 && Files.deleteIfExists(target.resolve(ARCHIVE));
        deleteTree(fresh);
        return new Result(kept, replaced, added, removed, archiveDeleted, changed);
    }

    static boolean sameContent(Path a, Path b) throws IOException {
        if (a.getFileName().toString().endsWith(".jar")) {
            return entries(a).equals(entries(b));
        }
        return Files.mismatch(a, b) == -1;
    }

    /** Each entry's name, size and CRC-32, in name order: the jar's content without its time stamps. */
    static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(e -> e.getName() + " " + e.getSize() + " " + Long.toHexString(e.getCrc()))
                    .sorted().toList();
        }
    }

    /** The regular files under {@code dir}, relative to it; none if it does not exist. */
    private static Set<Path> files(Path dir) throws IOException {
        Set<Path> files = new TreeSet<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).forEach(f -> files.add(dir.relativize(f)));
            }
        }
        return files;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private UnpackedLauncher() {
    }
}

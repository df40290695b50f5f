package vn.govcomm.local;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The class-data sharing archive of the launcher's released libraries ({@code libraries.jsa}), the one the README's
 * start command gives the JVM. Written by the build, only when a library, the class list or the JDK changed: our own
 * modules change with every edit, the libraries almost never, so every start, the first after a build too, maps some
 * 19,600 library and JDK classes from it (docs/benchmarks.md, "Session 34"). Before, the first start after a build
 * recorded an archive of every class (about 5 s slower than no archive at all) and only the later starts gained.
 *
 * <p>The JVM accepts a static archive when the class path it was written for is the beginning of the start's class
 * path, every jar of it unchanged (size and modification time). So the build splits the class path in two:
 * {@code libraries.jar} (a manifest only, whose Class-Path lists the released libraries) comes first, then
 * {@code local-platform.jar}, whose Class-Path lists {@code libraries.jar} again (so that {@code -jar local-platform.jar}
 * still runs, without the archive) and then our modules' jars. The archive is written for {@code libraries.jar} alone,
 * from the class list in the repository ({@code src/main/cds/libraries.classlist.gz}, the library and JDK classes a
 * start of the launcher loads: {@link #main} "list" writes it; a stale list only archives fewer classes).
 *
 * <p>Plain JDK only (the build runs it on {@code target/classes}, without the launcher's libraries).
 */
final class LibraryArchive {

    static final String JAR = "libraries.jar";
    static final String ARCHIVE = "libraries.jsa";
    static final String CLASS_LIST = "libraries.classlist";
    /** What the JVM printed while writing the archive (thousands of notes on classes it skips). */
    static final String LOG = "libraries.jsa.log";
    static final String LAUNCHER_JAR = "local-platform.jar";

    /** The README's options that shape the archive's contents (the collector); the rest do not matter to it. */
    static final List<String> DUMP_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx768m", "-XX:TieredStopAtLevel=1");

    private static final long DUMP_LIMIT_MINUTES = 10;

    /**
     * Whether a jar of the launcher's {@code lib/} is one this repository builds: a snapshot, rebuilt with every edit
     * and so not in the archive, as opposed to a released library, whose content never changes under its name.
     */
    static boolean ours(String jarName) {
        return jarName.contains("-SNAPSHOT");
    }

    /** Whether a changed file of the unpacked launcher (relative to it) makes the libraries' archive stale. */
    static boolean inBase(Path file) {
        String name = file.getFileName().toString();
        if (file.getNameCount() == 1) {
            return name.equals(JAR) || name.equals(CLASS_LIST);
        }
        return file.getName(0).toString().equals("lib") && name.endsWith(".jar") && !ours(name);
    }

    /**
     * Splits the class path of Boot's extract ({@code local-platform.jar} listing every {@code lib/} jar) in two, in
     * place: writes {@code libraries.jar} listing the released libraries, in Boot's order, and rewrites
     * {@code local-platform.jar}'s Class-Path to {@code libraries.jar} and then our jars. Both are written the same way
     * for the same input, so a rebuild of unchanged code leaves their content (names, sizes and CRCs) unchanged.
     */
    static void splitClassPath(Path extract) throws IOException {
        Path launcher = extract.resolve(LAUNCHER_JAR);
        Manifest manifest;
        List<JarEntry> entries = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (JarFile jar = new JarFile(launcher.toFile())) {
            manifest = jar.getManifest();
            for (var e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (!entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    entries.add(entry);
                    try (var in = jar.getInputStream(entry)) {
                        contents.add(in.readAllBytes());
                    }
                }
            }
        }
        String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        if (classPath == null || classPath.isBlank()) {
            throw new IOException(launcher + " has no Class-Path to split");
        }
        List<String> libraries = new ArrayList<>();
        List<String> own = new ArrayList<>(List.of(JAR));
        for (String entry : classPath.trim().split("\\s+")) {
            if (!entry.equals(JAR)) {
                (ours(entry) ? own : libraries).add(entry);
            }
        }
        Manifest librariesManifest = new Manifest();
        librariesManifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        librariesManifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", libraries));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(extract.resolve(JAR)), librariesManifest)) {
            // a manifest only
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", own));
        Path rewritten = extract.resolve(LAUNCHER_JAR + ".tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(rewritten), manifest)) {
            for (int i = 0; i < entries.size(); i++) {
                JarEntry entry = new JarEntry(entries.get(i).getName());
                entry.setTime(entries.get(i).getTime());
                out.putNextEntry(entry);
                out.write(contents.get(i));
                out.closeEntry();
            }
        }
        Files.move(rewritten, launcher, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The committed class list (gzip) written as the plain text the JVM reads, into the fresh extract. */
    static void addClassList(Path gzip, Path extract) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(gzip))) {
            Files.write(extract.resolve(CLASS_LIST), in.readAllBytes());
        }
    }

    /** Whether {@code java} maps the libraries' archive of {@code launcher} with its class path. */
    static boolean usable(Path launcher, String java) throws IOException {
        if (!Files.isRegularFile(launcher.resolve(ARCHIVE))) {
            return false;
        }
        Path dir = launcher.toAbsolutePath();
        // -Xshare:on: the JVM refuses to start unless it maps the archive with this class path
        Process p = new ProcessBuilder(java, "-Xshare:on", "-XX:SharedArchiveFile=" + dir.resolve(ARCHIVE),
                "-Xlog:disable", "-cp", dir.resolve(JAR).toString(), "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // about 0.1 s; the limit is for a build on a loaded machine (a false "no" only costs a dump)
        return finished(p, 60) && p.exitValue() == 0;
    }

    /**
     * Writes the libraries' archive with {@code java} (about 25 s). False, with the archive deleted, if the JVM failed. The
     * class path is spelled absolute: the README's command spells it relative to the repository, and the JVM then
     * compares the files themselves (a relative spelling here would be compared by its name, and refused).
     */
    static boolean dump(Path launcher, String java) throws IOException {
        Path dir = launcher.toAbsolutePath();
        Files.deleteIfExists(dir.resolve(ARCHIVE));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(DUMP_OPTIONS);
        command.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + dir.resolve(CLASS_LIST),
                "-XX:SharedArchiveFile=" + dir.resolve(ARCHIVE), "-cp", dir.resolve(JAR).toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(launcher.resolve(LOG).toFile()).start();
        if (finished(p, DUMP_LIMIT_MINUTES * 60) && p.exitValue() == 0 && usable(launcher, java)) {
            return true;
        }
        p.destroyForcibly();
        Files.deleteIfExists(launcher.resolve(ARCHIVE));
        return false;
    }

    private static boolean finished(Process p, long seconds) {
        try {
            if (p.waitFor(seconds, TimeUnit.SECONDS)) {
                return true;
            }
            p.destroyForcibly();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return false;
        }
    }

    /**
     * The class list kept in the repository, from what a start of the launcher loaded ({@code
     * -XX:DumpLoadedClassList}): our own classes, lines that name them and the constant-pool lines are left out (our
     * classes are not in the archive; the JVM resolves the rest as it goes). Returns the lines kept.
     */
    static int writeClassList(Path loadedClasses, Path gzip) throws IOException {
        int kept = 0;
        try (BufferedReader in = Files.newBufferedReader(loadedClasses, StandardCharsets.UTF_8);
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                     new GZIPOutputStream(Files.newOutputStream(gzip)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (keep(line)) {
                    out.write(line);
                    out.newLine();
                    kept++;
                }
            }
        }
        return kept;
    }

    static boolean keep(String line) {
        return !line.startsWith("@cp ") && !line.contains("vn/govcomm/") && !line.contains(" source: ");
    }

    /** The class names of the list (its class lines, not the lambda ones), for checking it against the libraries. */
    static List<String> classNames(Path gzip) throws IOException {
        List<String> names = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(gzip)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank() && !line.startsWith("@") && !line.startsWith("#")) {
                    names.add(line.split(" ", 2)[0]);
                }
            }
        }
        return names;
    }

    /**
     * {@code list <loaded classes> <class list.gz>}: writes the repository's class list from a start's
     * {@code -XX:DumpLoadedClassList} output (infra/local-platform/README.md, "The launcher's class-data archives").
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[0].equals("list")) {
            throw new IllegalArgumentException("usage: LibraryArchive list <-XX:DumpLoadedClassList output> <libraries.classlist.gz>");
        }
        int kept = writeClassList(Path.of(args[1]), Path.of(args[2]));
        System.out.printf("%s: %d lines%n", args[2], kept);
    }

    private LibraryArchive() {
    }
}

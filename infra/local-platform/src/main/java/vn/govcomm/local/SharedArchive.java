package vn.govcomm.local;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The class-data sharing archives a start is given. The README's command gives the libraries' archive the build writes
 * ({@code -XX:SharedArchiveFile=…/libraries.jsa}, {@link LibraryArchive}). With {@code -XX:+AutoCreateSharedArchive
 * -XX:SharedArchiveFile=…/launcher.jsa} the JVM also writes an archive of the
 * classes a start loaded when the first start after a build stops, and maps it at the next starts (the README's
 * command did that before session 34; measured no quicker on top of the libraries' archive).
 *
 * <p>A stop killed while the automatic archive was being written leaves a file whose header is still zeros; the JVM
 * then runs without any class-data sharing and never replaces that file (JDK 25.0.3, docs/benchmarks.md "Launcher diet,
 * part 2"). So the launcher deletes such a file at its start: the next stop but one writes a good archive again. Only
 * with {@code -XX:+AutoCreateSharedArchive} (an archive given without it is the user's own) and only a file that does
 * not begin with a dynamic archive's magic number.
 */
final class SharedArchive {

    private static final Logger log = LoggerFactory.getLogger(SharedArchive.class);

    /** HotSpot's CDS_DYNAMIC_ARCHIVE_MAGIC, the first four bytes (little-endian) of a finished dynamic archive. */
    static final int DYNAMIC_ARCHIVE_MAGIC = 0xf00baba8;

    /**
     * Warns when the JVM could not map the archive it was given (the README's command gives the libraries' archive,
     * {@link LibraryArchive}). With {@code -XX:+AutoCreateSharedArchive} (a command of one's own), also deletes the
     * automatic archive if it is an unfinished one, and says when this start is the one that records the classes for a
     * new one (none yet: the first start after a build that changed a jar). Quiet otherwise.
     */
    static void check() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
            if (vm == null || arguments.stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile="))) {
                return;
            }
            String given = vm.getVMOption("SharedArchiveFile").getValue();
            if (!sharing(System.getProperty("java.vm.info"))) {
                // The JVM maps no archive at all when it cannot map the one given (first): this start and every later
                // one run without class-data sharing until a build writes the libraries' archive again.
                log.warn("The class-data sharing archive ({}) could not be used: missing, or written by another JDK "
                        + "than this one. The platform starts without class-data sharing (slower). A build "
                        + "(./mvnw install) writes the libraries' archive again with the `java` on the PATH: start "
                        + "with that one", given);
                return;
            }
            // From the command line: the JVM's own flag is off once it mapped the archives, or could not.
            if (!autoCreateAsked(arguments)) {
                return;
            }
            String recording = recordingTo(vm);
            if (recording != null) {
                // Measured: on top of the JDK's own archive only, about 5 s slower than no archive; on top of the
                // libraries' archive about as quick as a start with the libraries' archive alone (docs/benchmarks.md,
                // sessions 33 and 34).
                log.info("No class-data sharing archive of this build yet ({}): this first start after a build "
                        + "records the classes it loads and writes the archive when the platform stops (let the stop "
                        + "finish); the next starts map them from it", recording);
            }
            if (given == null || given.isBlank()) {
                return;
            }
            if (deleteIfUnfinished(Path.of(given))) {
                log.warn("Deleted the unfinished class-data sharing archive {} (a stop killed while it was written): "
                        + "this start runs without it, the next writes a new one when it stops", given);
            }
        } catch (RuntimeException | IOException e) {
            log.debug("Could not check the class-data sharing archive: {}", e.toString());
        }
    }

    /** Whether the JVM maps a class-data sharing archive: its {@code java.vm.info} says "sharing" then. */
    static boolean sharing(String vmInfo) {
        return vmInfo != null && vmInfo.contains("sharing");
    }

    /** Whether the last of the JVM's options on automatic archives turned them on. */
    static boolean autoCreateAsked(List<String> jvmArguments) {
        boolean asked = false;
        for (String argument : jvmArguments) {
            if (argument.equals("-XX:+AutoCreateSharedArchive")) {
                asked = true;
            } else if (argument.equals("-XX:-AutoCreateSharedArchive")) {
                asked = false;
            }
        }
        return asked;
    }

    /**
     * The archive this JVM records its classes for, to write it at exit, or null. With {@code
     * -XX:+AutoCreateSharedArchive} and no usable archive yet (the first start after a build that changed a jar: the
     * build then deletes it, {@link UnpackedLauncher}) the JVM itself moves the file from {@code SharedArchiveFile} to
     * {@code ArchiveClassesAtExit} (JDK 25.0.3; {@code SharedArchiveUnitTests} starts JVMs to check it).
     */
    static String recordingTo() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return vm == null ? null : recordingTo(vm);
    }

    private static String recordingTo(HotSpotDiagnosticMXBean vm) {
        String file = vm.getVMOption("ArchiveClassesAtExit").getValue();
        return file == null || file.isBlank() ? null : file;
    }

    /** True if {@code file} existed and was not a finished dynamic archive, and is gone now. */
    static boolean deleteIfUnfinished(Path file) throws IOException {
        if (!Files.isRegularFile(file) || finished(file)) {
            return false;
        }
        return Files.deleteIfExists(file);
    }

    static boolean finished(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(4);
            if (b.length < 4) {
                return false;
            }
            int magic = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
            return magic == DYNAMIC_ARCHIVE_MAGIC;
        }
    }

    private SharedArchive() {
    }
}

package vn.govcomm.local;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Backup and restore of the one-machine platform's data directory (the broker's log and metadata under
 * {@code kafka/}, the store's H2 file under {@code mongo/}, the channel fakes' state under {@code channel-fakes/}):
 * one zip with a manifest of every file's size and
 * SHA-256. Both are taken with the platform <em>stopped</em>: the broker and the store are only consistent with each
 * other at rest (a copy of a running broker and a running store, taken a few seconds apart, could disagree about
 * which requests were sent). A running platform holds file locks on both; {@link #backup} refuses then.
 * <p>
 * {@code java -jar local-platform-…-exec.jar backup [archive.zip]} and {@code … restore archive.zip}; the data
 * directory is {@code GOVCOMM_DATA_DIR} (default {@code .local-data}). Restore goes into an empty or new directory
 * only and checks every file against the manifest.
 */
public final class DataBackup {

    static final String MANIFEST = "govcomm-backup.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DataBackup() {
    }

    /** Command line: {@code backup [archive]} or {@code restore archive}. */
    public static void main(String[] args) {
        Path dataDir = Path.of(System.getenv().getOrDefault("GOVCOMM_DATA_DIR", ".local-data"));
        try {
            if ("backup".equals(args[0])) {
                Path archive = args.length > 1 ? Path.of(args[1])
                        : Path.of("govcomm-backup-" + Instant.now().toString().replace(':', '-') + ".zip");
                Summary summary = backup(dataDir, archive);
                System.out.printf("Backed up %s (%d files, %d bytes) to %s%n", dataDir.toAbsolutePath(), summary.files(),
                        summary.bytes(), archive.toAbsolutePath());
            } else if ("restore".equals(args[0]) && args.length > 1) {
                Summary summary = restore(Path.of(args[1]), dataDir);
                System.out.printf("Restored %d files (%d bytes, checksums verified) into %s; start the platform on it%n",
                        summary.files(), summary.bytes(), dataDir.toAbsolutePath());
            } else {
                System.err.println("usage: backup [archive.zip] | restore archive.zip   (data directory: GOVCOMM_DATA_DIR)");
                System.exit(2);
            }
        } catch (BackupException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    public record Summary(int files, long bytes) {
    }

    /** A refusal with an operator-readable message (platform running, directory not empty, archive damaged). */
    public static class BackupException extends RuntimeException {
        BackupException(String message) {
            super(message);
        }
    }

    public static Summary backup(Path dataDir, Path archive) {
        if (!Files.isDirectory(dataDir.resolve("kafka")) && !Files.isDirectory(dataDir.resolve("mongo"))) {
            throw new BackupException(dataDir.toAbsolutePath() + " holds no platform data (no kafka/ or mongo/)");
        }
        requireStopped(dataDir);
        List<Path> files = regularFiles(dataDir);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", 1);
        manifest.put("createdAt", Instant.now().toString());
        manifest.put("dataDir", dataDir.toAbsolutePath().toString());
        ArrayNode entries = manifest.putArray("files");
        long bytes = 0;
        try {
            Files.createDirectories(archive.toAbsolutePath().getParent());
            Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                for (Path file : files) {
                    String name = dataDir.relativize(file).toString().replace('\\', '/');
                    zip.putNextEntry(new ZipEntry("data/" + name));
                    MessageDigest sha = sha256();
                    long size;
                    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                        size = in.transferTo(zip);
                    }
                    zip.closeEntry();
                    entries.addObject().put("path", name).put("size", size).put("sha256", HexFormat.of().formatHex(sha.digest()));
                    bytes += size;
                }
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
            }
            Files.move(partial, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Backup to " + archive + " failed", e);
        }
        return new Summary(files.size(), bytes);
    }

    public static Summary restore(Path archive, Path dataDir) {
        try {
            if (Files.exists(dataDir)) {
                try (Stream<Path> existing = Files.list(dataDir)) {
                    if (existing.findAny().isPresent()) {
                        throw new BackupException("Restore goes into an empty or new directory; " + dataDir.toAbsolutePath()
                                + " is not empty (move it away first)");
                    }
                }
            }
            Path target = dataDir.toAbsolutePath().normalize();
            Map<String, String[]> written = new LinkedHashMap<>();
            JsonNode manifest = null;
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    if (MANIFEST.equals(entry.getName())) {
                        manifest = JSON.readTree(zip.readAllBytes());
                        continue;
                    }
                    if (!entry.getName().startsWith("data/") || entry.isDirectory()) {
                        throw new BackupException(archive + " is not a platform backup (entry " + entry.getName() + ")");
                    }
                    String name = entry.getName().substring("data/".length());
                    Path file = target.resolve(name).normalize();
                    if (!file.startsWith(target)) {
                        throw new BackupException(archive + " has an entry outside the data directory: " + entry.getName());
                    }
                    Files.createDirectories(file.getParent());
                    MessageDigest sha = sha256();
                    long size;
                    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                        size = new DigestInputStream(zip, sha).transferTo(out);
                    }
                    written.put(name, new String[]{String.valueOf(size), HexFormat.of().formatHex(sha.digest())});
                }
            }
            if (manifest == null) {
                throw new BackupException(archive + " has no " + MANIFEST + ": not a platform backup, or cut short");
            }
            long bytes = 0;
            for (JsonNode file : manifest.path("files")) {
                String[] got = written.remove(file.path("path").asString());
                if (got == null || !got[0].equals(String.valueOf(file.path("size").asLong()))
                        || !got[1].equals(file.path("sha256").asString())) {
                    throw new BackupException(archive + " is damaged: " + file.path("path").asString()
                            + (got == null ? " is missing" : " does not match its checksum"));
                }
                bytes += file.path("size").asLong();
            }
            if (!written.isEmpty()) {
                throw new BackupException(archive + " holds files its manifest does not list: " + written.keySet());
            }
            return new Summary(manifest.path("files").size(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Restore of " + archive + " failed", e);
        }
    }

    /**
     * The broker locks {@code .lock} in its log directory and the store its {@code .mv.db} file while they run; if
     * one of them cannot be locked here, the platform (or something else) is using the directory.
     */
    static void requireStopped(Path dataDir) {
        for (Path file : regularFiles(dataDir)) {
            String name = file.getFileName().toString();
            if (!name.equals(".lock") && !name.endsWith(".mv.db")) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    throw running(dataDir, file);
                }
                lock.release();
            } catch (OverlappingFileLockException e) {
                throw running(dataDir, file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot check " + file, e);
            }
        }
    }

    private static BackupException running(Path dataDir, Path file) {
        return new BackupException("The platform is running on " + dataDir.toAbsolutePath() + " (" + file.getFileName()
                + " is locked): stop it first. A backup is only consistent with the broker and the store at rest.");
    }

    private static List<Path> regularFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

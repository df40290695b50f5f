package vn.govcomm.fakes.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import vn.govcomm.fakes.http.Json;

/**
 * Where a fake keeps what it was sent, so that a new instance on the same directory (the platform started again
 * after a crash) serves the same state. Every file is written whole to a temporary file beside it and then renamed
 * over the old one ({@code ATOMIC_MOVE}): after a {@code kill -9} a file is either the old or the new version, never
 * half of one. No fsync: what the fakes answered survives the death of the process (the page cache holds it), not a
 * power loss, like the platform's own store without {@code GOVCOMM_SYNC_WRITES}.
 */
public final class StateDirectory {

    private static final String TEMP_SUFFIX = ".tmp";

    private final Path root;

    /** Creates the directory if needed and removes temporary files a killed process left behind. */
    public StateDirectory(Path root) {
        this.root = root.toAbsolutePath();
        try {
            Files.createDirectories(this.root);
            try (Stream<Path> files = Files.walk(this.root)) {
                for (Path leftover : files.filter(f -> f.getFileName().toString().endsWith(TEMP_SUFFIX)).toList()) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use state directory " + this.root, e);
        }
    }

    /** A file name for the {@code n}th record of a collection: names sort as the numbers do. */
    public static String numbered(long n, String extension) {
        return String.format("%012d.%s", n, extension);
    }

    public Path root() {
        return root;
    }

    /** Writes {@code value} as JSON to {@code relativePath} (parent directories created), atomically. */
    public void writeJson(String relativePath, Object value) {
        write(relativePath, Json.mapper().writeValueAsBytes(value));
    }

    /** Writes the bytes to {@code relativePath} (parent directories created), atomically. */
    public void write(String relativePath, byte[] bytes) {
        Path target = resolve(relativePath);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), TEMP_SUFFIX);
            try {
                Files.write(temp, bytes);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public <T> Optional<T> readJson(String relativePath, Class<T> type) {
        return read(relativePath).map(bytes -> Json.mapper().readValue(bytes, type));
    }

    public Optional<byte[]> read(String relativePath) {
        Path file = resolve(relativePath);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every {@code *.json} file directly in {@code relativeDir}, in the order of their names. */
    public <T> List<T> readAllJson(String relativeDir, Class<T> type) {
        Path dir = resolve(relativeDir);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<T> values = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                values.add(Json.mapper().readValue(Files.readAllBytes(file), type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return values;
    }

    /** Deletes {@code relativeDir} and everything in it, if it exists. */
    public void deleteAll(String relativeDir) {
        Path dir = resolve(relativeDir);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private Path resolve(String relativePath) {
        Path resolved = root.resolve(relativePath).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException(relativePath + " is outside " + root);
        }
        return resolved;
    }
}

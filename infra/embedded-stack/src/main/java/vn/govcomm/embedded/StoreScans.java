package vn.govcomm.embedded;

import de.bwaldvogel.mongo.bson.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A diagnosis aid: which queries the embedded store answers by reading a whole collection, by shape (the filter with
 * its values replaced by their types), how often, and how many documents they read. Off unless the system property
 * {@code govcomm.embedded.scanReport} names a file; then the report is rewritten there every 10 s and at exit. The
 * scale harness passes it to the store with {@code -DchildJvmOptions.mongo=-Dgovcomm.embedded.scanReport=<file>}.
 */
final class StoreScans {

    private static final Path REPORT = reportFile();
    private static final Map<String, Shape> SHAPES = new ConcurrentHashMap<>();

    private StoreScans() {
    }

    private static Path reportFile() {
        String file = System.getProperty("govcomm.embedded.scanReport");
        if (file == null || file.isBlank()) {
            return null;
        }
        Path path = Path.of(file);
        Thread writer = Thread.ofPlatform().daemon().name("store-scan-report").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
                write(path);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            writer.interrupt();
            write(path);
        }));
        return path;
    }

    static boolean enabled() {
        return REPORT != null;
    }

    /** One query of {@code collection} that read {@code documentsRead} documents because no index narrowed it. */
    static void record(String collection, Document query, long documentsRead) {
        SHAPES.computeIfAbsent(collection + " " + shape(query), key -> new Shape()).add(documentsRead);
    }

    static String shape(Object value) {
        if (value instanceof Document document) {
            StringBuilder out = new StringBuilder("{");
            document.forEach((key, field) -> out.append(out.length() > 1 ? ", " : "").append(key).append(": ")
                    .append(shape(field)));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "[]" : "[" + shape(list.getFirst()) + (list.size() > 1 ? ", ..." : "") + "]";
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    private static void write(Path path) {
        List<Map.Entry<String, Shape>> shapes = new ArrayList<>(SHAPES.entrySet());
        shapes.sort((a, b) -> Long.compare(b.getValue().read.sum(), a.getValue().read.sum()));
        StringBuilder report = new StringBuilder("documents read\tqueries\tcollection and filter shape\n");
        shapes.forEach(entry -> report.append(entry.getValue().read.sum()).append('\t')
                .append(entry.getValue().queries.sum()).append('\t').append(entry.getKey()).append('\n'));
        try {
            Files.writeString(path, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Shape {
        final LongAdder queries = new LongAdder();
        final LongAdder read = new LongAdder();

        void add(long documentsRead) {
            queries.increment();
            read.add(documentsRead);
        }
    }
}

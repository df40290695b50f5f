package vn.govcomm.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server (mongo-java-server) for the local run and tests; services talk to it with the
 * real MongoDB driver. It has no multi-document transactions and no reliable change streams, which is why the
 * services rely only on single-document atomicity and unique indexes (see PLATFORM-NOTES).
 */
public final class EmbeddedMongo implements AutoCloseable {

    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedMongo(MongoServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** In memory, random port: for tests. */
    public static EmbeddedMongo inMemory() {
        return start(new IdAnchoredMemoryBackend(), 0);
    }

    /** In memory on a fixed port (0 = random): for load runs, where H2's per-write serialisation would dominate. */
    public static EmbeddedMongo inMemory(int port) {
        return start(new IdAnchoredMemoryBackend(), port);
    }

    /**
     * Persisted to an H2 file under {@code dataDir}, on a fixed port (0 = random): for the local launcher. Every
     * write is in the file (the page cache) before it is acknowledged, so a {@code kill -9} loses nothing that was
     * acknowledged; see {@link DurableH2Backend}.
     */
    public static EmbeddedMongo persistent(Path dataDir, int port) {
        return persistent(dataDir, port, false);
    }

    /**
     * As {@link #persistent(Path, int)}; {@code syncEveryWrite} also fsyncs the file before acknowledging a write,
     * so a power loss loses nothing acknowledged either (at the cost of one fsync per write).
     */
    public static EmbeddedMongo persistent(Path dataDir, int port, boolean syncEveryWrite) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(DurableH2Backend.open(dataDir.resolve("mongo.mv"), syncEveryWrite), port);
    }

    private static EmbeddedMongo start(MongoBackend backend, int port) {
        MongoServer server = new MongoServer(backend);
        if (port > 0) {
            server.bind("127.0.0.1", port);
            return new EmbeddedMongo(server, new InetSocketAddress("127.0.0.1", port));
        }
        return new EmbeddedMongo(server, server.bind());
    }

    /** Connection string for one service's database. */
    public String uri(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}

package vn.govcomm.system;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * A real MongoDB, a single-node replica set in a container (Testcontainers, needs Docker), for
 * {@code -Dstore=mongodb}: the services get its URI instead of the embedded store process, so the same code runs on
 * the production store (its query planner, its secondary indexes, its profiler).
 */
public final class MongoReplicaSet implements AutoCloseable {

    /** The image the services' {@code *ContainerTests} use. */
    public static final String IMAGE = "mongo:8.0";

    private final MongoDBContainer container;
    private final String version;

    private MongoReplicaSet(MongoDBContainer container) {
        this.container = container;
        try (MongoClient client = MongoClients.create(uri())) {
            this.version = client.getDatabase("admin").runCommand(new Document("buildInfo", 1)).getString("version");
        }
    }

    /** Starts the container and initiates the replica set ({@code docker-rs}); returns once it has a primary. */
    public static MongoReplicaSet start() {
        // Testcontainers 2 starts a standalone mongod unless asked for the replica set.
        MongoDBContainer container = new MongoDBContainer(IMAGE).withReplicaSet();
        container.start();
        try {
            return new MongoReplicaSet(container);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    /**
     * The URI for the services: a direct connection to the primary through the mapped port (the member is known to the
     * replica set by the container's host name, which this host cannot resolve).
     */
    public String uri() {
        return container.getConnectionString() + "/?directConnection=true";
    }

    /** What ran, for reports: version, replica set, image. */
    public String describe() {
        return "MongoDB " + version + ", single-node replica set docker-rs (Testcontainers, " + IMAGE + ")";
    }

    @Override
    public void close() {
        container.stop();
    }
}

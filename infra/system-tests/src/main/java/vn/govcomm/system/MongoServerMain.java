package vn.govcomm.system;

import vn.govcomm.embedded.EmbeddedMongo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the MongoDB-wire store as its own process: {@code <dataDir> <port> [h2|memory]} — persisted to the folder
 * (H2, the default, as the local launcher runs it) or in memory (the scale harness: see docs/benchmarks.md).
 */
public final class MongoServerMain {
    private MongoServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedMongo mongo = args.length > 2 && "memory".equals(args[2])
                ? EmbeddedMongo.inMemory(Integer.parseInt(args[1]))
                : EmbeddedMongo.persistent(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(mongo::close));
        new CountDownLatch(1).await();
    }
}

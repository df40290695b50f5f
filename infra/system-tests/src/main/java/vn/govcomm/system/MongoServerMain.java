package vn.govcomm.system;

import vn.govcomm.embedded.EmbeddedMongo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Runs the MongoDB-wire store (persisted to a folder) as its own process: {@code <dataDir> <port>}. */
public final class MongoServerMain {
    private MongoServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedMongo mongo = EmbeddedMongo.persistent(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(mongo::close));
        new CountDownLatch(1).await();
    }
}

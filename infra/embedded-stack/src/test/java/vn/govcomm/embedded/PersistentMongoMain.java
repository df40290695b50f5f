package vn.govcomm.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** The H2-persisted store alone in a JVM: {@code <dir> <port>}; prints "store ready" when it serves. */
public final class PersistentMongoMain {
    private PersistentMongoMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedMongo.persistent(Path.of(args[0]), Integer.parseInt(args[1]));
        System.out.println("store ready");
        new CountDownLatch(1).await();
    }
}

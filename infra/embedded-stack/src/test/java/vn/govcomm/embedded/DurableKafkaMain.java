package vn.govcomm.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** The durable broker alone in a JVM: {@code <dir> <port>}; prints "broker ready <clusterId>" when it serves. */
public final class DurableKafkaMain {
    private DurableKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DurableKafka kafka = DurableKafka.start(Path.of(args[0]), Integer.parseInt(args[1]));
        System.out.println("broker ready " + kafka.clusterId());
        new CountDownLatch(1).await();
    }
}

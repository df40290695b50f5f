package vn.govcomm.fakes;

import java.util.concurrent.CountDownLatch;

/**
 * Runs every channel fake with demo data until interrupted. Ports default to 9101 (Facebook), 9102 (Zalo),
 * 9103 (Xibo), 9104 (WordPress), 9105 (WebSub subscriber); override with {@code -Dfakes.<name>.port=}.
 */
public final class ChannelFakesMain {

    private ChannelFakesMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ChannelFakes fakes = new ChannelFakes().start(ChannelFakes.Ports.fromSystemProperties()).seedDemoData();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fakes.close();
            stopped.countDown();
        }, "channel-fakes-shutdown"));
        System.out.println(DemoData.describe(fakes));
        stopped.await();
    }
}

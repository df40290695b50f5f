package vn.govcomm.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/** Free ports and waiting for a port to open, without sleeping blindly. */
public final class Ports {
    private Ports() {
    }

    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A random offset in 10,000–38,000 at which every one of {@code ports} is free now (the launcher's
     * {@code GOVCOMM_PORT_OFFSET}, so a test's platform runs beside a developer's).
     */
    public static int freeOffset(int... ports) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000, 38_000);
            if (java.util.Arrays.stream(ports).allMatch(port -> isFree(port + offset))) {
                return offset;
            }
        }
        throw new IllegalStateException("No free port offset found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    public static void awaitOpen(String host, int port, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException notYet) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            }
        }
        throw new IllegalStateException("Nothing listens on " + host + ":" + port + " after " + timeout);
    }
}

package vn.govcomm.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports and waiting for a port to open, without sleeping blindly.
 * <p>
 * Every port handed out here lies below the kernel's ephemeral range (32768 and up on Linux), where the connections
 * the platform and the test open get their local ports. A child JVM binds its port seconds after it was found free,
 * and binds it again after a kill; a port from the ephemeral range can be taken in between by any outgoing
 * connection (seen: "Port 40027 is already in use" in a fresh-clone run, session 26, and a launcher that exited
 * during start-up in CI, session 28). A port is also never handed out twice by this JVM, though nothing listens on
 * it yet.
 */
public final class Ports {
    /** Below this, ports are handed out; the ephemeral range of Linux starts at 32768. */
    static final int BELOW_EPHEMERAL = 32_768;
    /** Where {@link #free()} picks from: above the well-known services' ports a developer may run. */
    static final int FREE_FROM = 20_000;
    static final int FREE_TO = 32_000;

    private static final Set<Integer> handedOut = new HashSet<>();

    private Ports() {
    }

    /** A port free now, below the ephemeral range, not handed out before by this JVM. */
    public static synchronized int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FREE_FROM, FREE_TO);
            if (!handedOut.contains(port) && isFree(port)) {
                handedOut.add(port);
                return port;
            }
        }
        throw new IllegalStateException("No free port found in " + FREE_FROM + "-" + FREE_TO);
    }

    /**
     * An offset at which every one of {@code ports} is free now and stays below the ephemeral range, none of them handed
     * out before by this JVM (the launcher's {@code GOVCOMM_PORT_OFFSET}, so a test's platform runs beside a
     * developer's). At least 1,000, so the launcher's ports never meet a developer's platform on its default ports.
     */
    public static synchronized int freeOffset(int... ports) {
        int highest = java.util.Arrays.stream(ports).max().orElseThrow();
        int maxOffset = BELOW_EPHEMERAL - 1 - highest;
        if (maxOffset <= 1_000) {
            throw new IllegalArgumentException("Port " + highest + " leaves no offset below the ephemeral range");
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(1_000, maxOffset + 1);
            if (java.util.Arrays.stream(ports).allMatch(port -> !handedOut.contains(port + offset) && isFree(port + offset))) {
                java.util.Arrays.stream(ports).forEach(port -> handedOut.add(port + offset));
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

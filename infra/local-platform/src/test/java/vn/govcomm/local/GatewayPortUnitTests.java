package vn.govcomm.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's pre-picked port (random ports) is free and outside the kernel's ephemeral range. */
class GatewayPortUnitTests {

    @Test
    void theGatewaysPortIsFreeAndBelowTheEphemeralRange() throws IOException {
        for (int i = 0; i < 20; i++) {
            int port = LocalPlatform.freePort();
            assertThat(port).isBetween(20_000, 31_999);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port)); // still free: nothing kept it
            }
        }
    }
}

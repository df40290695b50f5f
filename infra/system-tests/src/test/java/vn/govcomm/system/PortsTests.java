package vn.govcomm.system;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ports a child binds later, maybe again after a kill: never from the ephemeral range, never handed out twice. */
class PortsTests {

    @Test
    void freePortsLieBelowTheEphemeralRangeAndAreNeverHandedOutTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = Ports.free();
            assertThat(port).isBetween(Ports.FREE_FROM, Ports.FREE_TO - 1);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }

    @Test
    void anOffsetKeepsEveryPortOfTheLauncherBelowTheEphemeralRangeAndAwayFromItsDefaults() {
        int[] launcher = LauncherCrashTests.LAUNCHER_PORTS;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int offset = Ports.freeOffset(launcher);
            assertThat(offset).isGreaterThanOrEqualTo(1_000);
            for (int port : launcher) {
                assertThat(port + offset).isLessThan(Ports.BELOW_EPHEMERAL);
                assertThat(seen.add(port + offset)).as("port %d handed out twice", port + offset).isTrue();
            }
        }
    }

    @Test
    void aPortThatLeavesNoRoomBelowTheEphemeralRangeIsRefused() {
        assertThatThrownBy(() -> Ports.freeOffset(8080, 32_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32000");
        assertThat(IntStream.of(LauncherCrashTests.LAUNCHER_PORTS).max().orElseThrow()).isEqualTo(27017);
    }
}

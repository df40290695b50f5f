package vn.govcomm.led.simulator;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.led.LedAdapterTestSupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo screen simulator against the running adapter: its acks make the delivery DISPLAYED. */
class ScreenSimulatorIntegrationTests extends LedAdapterTestSupport {

    @Test
    void theSimulatorPollsShowsAcksAndTheDeliveryIsReportedDisplayed() throws Exception {
        String screenId = newId("scr");
        String deliveryId = newId("dlv");
        ObjectNode request = request(deliveryId, screenId);
        request.putObject("ledSchedule").put("durationSec", 12).put("repeatEveryMinutes", 30);
        send(REQUESTED, request);
        awaitStatus(deliveryId, "ACCEPTED");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ScreenSimulator simulator = new ScreenSimulator(baseUrl(), screenId, issueCredential(screenId),
                Clock.systemUTC(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        ScreenSimulator.Cycle first = simulator.cycle();

        assertThat(first.pollStatus()).isEqualTo(200);
        assertThat(first.shown()).containsExactly(deliveryId);
        assertThat(first.ackStatus()).isEqualTo(200);
        assertThat(first.heartbeatStatus()).isEqualTo(200);
        awaitStatus(deliveryId, "DISPLAYED");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("| Khảo sát mức độ hài lòng năm 2023: từ");

        ScreenSimulator.Cycle second = simulator.cycle();
        assertThat(second.pollStatus()).isEqualTo(304);
        assertThat(second.shown()).as("repeats every 30 minutes, not every poll").isEmpty();
        assertThat(statusEvents(deliveryId, 3)).extracting(e -> e.path("status").asString())
                .containsExactly("ACCEPTED", "FETCHED", "DISPLAYED");
    }
}

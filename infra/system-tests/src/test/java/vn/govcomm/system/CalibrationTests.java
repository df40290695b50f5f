package vn.govcomm.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness's measure of the machine's speed times the same work every time. */
class CalibrationTests {

    @Test
    void theWorkIsTheSameEveryTimeAndTakesMeasurableTime() {
        Calibration.Result first = Calibration.measure();
        Calibration.Result second = Calibration.measure();

        assertThat(second.checksum()).isEqualTo(first.checksum()).isEqualTo(Calibration.work());
        // tens of milliseconds of CPU at least, so that a clock tick's rounding does not decide the figure
        assertThat(first.medianMillis()).isGreaterThan(20.0);
        assertThat(second.medianMillis()).isGreaterThan(20.0);
    }
}

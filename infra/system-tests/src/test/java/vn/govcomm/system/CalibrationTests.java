package vn.govcomm.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness's measure of the machine's speed times the same work every time, here and in its own JVM. */
class CalibrationTests {

    @Test
    void theWorkIsTheSameEveryTimeAndTakesMeasurableTime() {
        Calibration.Result here = Calibration.measureHere();
        Calibration.Result child = Calibration.measure();

        assertThat(child.checksum()).isEqualTo(here.checksum()).isEqualTo(Calibration.work());
        // tens of milliseconds of CPU at least, so that a clock tick's rounding does not decide the figure
        assertThat(here.medianMillis()).isGreaterThan(20.0);
        assertThat(child.medianMillis()).isGreaterThan(20.0);
    }
}

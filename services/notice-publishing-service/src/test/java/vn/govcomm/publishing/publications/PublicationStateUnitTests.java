package vn.govcomm.publishing.publications;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.govcomm.contracts.events.DeliveryRetracted;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The publication states keep the names the store and the API carry, and each answers the rules built on it. */
class PublicationStateUnitTests {

    @Test
    void statesAreStoredUnderTheirEstablishedNames() {
        assertThat(Arrays.stream(PublicationState.values()).map(Enum::name)).containsExactly("SCHEDULED", "EXPANDING",
                "EXPANDED", "CLOSING", "CLOSED", "CANCELLING", "CANCELLED", "SUPERSEDING", "SUPERSEDED");
    }

    @Test
    void theWorkersLeaseTheStatesTheyWorkIn() {
        assertThat(PublicationState.names(PublicationState::leased))
                .containsExactly("EXPANDING", "CLOSING", "CANCELLING", "SUPERSEDING");
    }

    @ParameterizedTest(name = "{0}: going out {1}, stopped {2}, window ended {3}, retracted with {4}")
    @CsvSource(nullValues = "-", value = {
            "SCHEDULED,   false, false, false, -",
            "EXPANDING,   true,  false, false, -",
            "EXPANDED,    true,  false, false, -",
            "CLOSING,     false, false, true,  WINDOW_ENDED",
            "CLOSED,      false, false, true,  WINDOW_ENDED",
            "CANCELLING,  false, true,  false, CAMPAIGN_CANCELLED",
            "CANCELLED,   false, true,  false, CAMPAIGN_CANCELLED",
            "SUPERSEDING, false, true,  false, SUPERSEDED",
            "SUPERSEDED,  false, true,  false, SUPERSEDED"})
    void eachStateSaysWhetherItsDeliveriesGoOutAndWhatTakesThemOff(PublicationState state, boolean goingOut,
                                                                   boolean stopped, boolean windowEnded,
                                                                   DeliveryRetracted.Reason reason) {
        assertThat(state.goingOut()).isEqualTo(goingOut);
        assertThat(state.stopped()).isEqualTo(stopped);
        assertThat(state.windowEnded()).isEqualTo(windowEnded);
        assertThat(state.retractionReason()).isEqualTo(reason);
    }
}

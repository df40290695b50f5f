package vn.govcomm.publishing;

import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.ServiceArchitecture;

import static vn.govcomm.architecture.ServiceArchitecture.Rule.ONLY_THE_KIT_PRODUCES;

/**
 * The platform's architecture rules (services/architecture-rules), and the feature directions of the README:
 * deliveries, directory and dispatch know no other feature; publications, reconciliation, board and addressed build
 * on them.
 */
class ArchitectureTests {

    @Test
    void followsThePlatformArchitecture() {
        ServiceArchitecture.of("vn.govcomm.publishing")
                .feature("deliveries")
                .feature("directory")
                .feature("dispatch")
                .feature("publications", "deliveries", "directory", "dispatch")
                .feature("reconciliation", "publications", "deliveries", "directory", "dispatch")
                .feature("board", "reconciliation", "publications", "deliveries", "directory")
                .feature("addressed", "publications", "deliveries", "directory")
                .except(ONLY_THE_KIT_PRODUCES, "dispatch.BulkDispatcher", "the fan-out sends each batch of"
                        + " DeliveryRequested straight from the publication's cursor, pipelined (issue 18 moves batch"
                        + " sending into the kit's relay)")
                .verify();
    }
}

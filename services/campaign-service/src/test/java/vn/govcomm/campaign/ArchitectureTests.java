package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.ServiceArchitecture;

/**
 * The platform's architecture rules (services/architecture-rules: no cycles between feature packages, controllers
 * call their feature, only the kit produces to Kafka, wire names from the contracts); the building blocks
 * {@code text} and {@code web} stand alone.
 */
class ArchitectureTests {

    @Test
    void followsThePlatformArchitecture() {
        ServiceArchitecture.of("vn.govcomm.campaign").standAlone("text", "web").verify();
    }
}

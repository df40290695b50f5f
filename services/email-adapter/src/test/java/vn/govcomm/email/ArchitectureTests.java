package vn.govcomm.email;

import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.ServiceArchitecture;

/**
 * The platform's architecture rules (services/architecture-rules: no cycles between feature packages, controllers
 * call their feature, only the kit produces to Kafka, wire names from the contracts), and the feature
 * directions: bounces → sending → composing, never back.
 */
class ArchitectureTests {

    @Test
    void followsThePlatformArchitecture() {
        ServiceArchitecture.of("vn.govcomm.email")
                .feature("composing")
                .feature("sending", "composing")
                .feature("bounces", "sending", "composing")
                .verify();
    }
}

package vn.govcomm.facebook;

import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.ServiceArchitecture;

/**
 * The platform's architecture rules (services/architecture-rules: no cycles between feature packages, controllers
 * call their feature, only the kit produces to Kafka, wire names from the contracts), and the feature
 * directions: pages → credentials → graph; webhooks stand alone (they reach deliveries through the kit).
 */
class ArchitectureTests {

    @Test
    void followsThePlatformArchitecture() {
        ServiceArchitecture.of("vn.govcomm.facebook")
                .feature("graph")
                .feature("credentials", "graph")
                .feature("webhooks")
                .feature("pages", "graph", "credentials")
                .verify();
    }
}

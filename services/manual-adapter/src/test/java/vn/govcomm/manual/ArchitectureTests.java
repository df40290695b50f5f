package vn.govcomm.manual;

import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.ServiceArchitecture;

/**
 * The platform's architecture rules (services/architecture-rules: no cycles between feature packages, controllers
 * call their feature, only the kit produces to Kafka, wire names from the contracts), and the feature
 * directions: evidence → tasks and review → tasks, never the other way, and not to each other.
 */
class ArchitectureTests {

    @Test
    void followsThePlatformArchitecture() {
        ServiceArchitecture.of("vn.govcomm.manual")
                .feature("tasks")
                .feature("evidence", "tasks")
                .feature("review", "tasks")
                .verify();
    }
}

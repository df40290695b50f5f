package vn.govcomm.portal;

import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.ServiceArchitecture;

/**
 * The platform's architecture rules (services/architecture-rules: no cycles between feature packages, controllers
 * call their feature, only the kit produces to Kafka, wire names from the contracts), and the feature
 * directions: websub → feeds → wordpress, feeds and websub → access; outbound (the outbound-URL policy and
 * client) is a leaf used by wordpress and websub. The root package may use every feature.
 */
class ArchitectureTests {

    @Test
    void followsThePlatformArchitecture() {
        ServiceArchitecture.of("vn.govcomm.portal")
                .feature("access")
                .feature("outbound")
                .feature("wordpress", "outbound")
                .feature("feeds", "access", "wordpress")
                .feature("websub", "access", "feeds", "outbound")
                .verify();
    }
}

package vn.govcomm.notification;

import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.ServiceArchitecture;

/**
 * The platform's architecture rules (services/architecture-rules: no cycles between feature packages, controllers
 * call their feature, only the kit produces to Kafka, wire names from the contracts), and the
 * feature directions: directory, compliance and mail know nobody but the shared kafka plumbing; notifications uses
 * directory and mail; campaigns uses notifications; rounds puts campaigns, compliance and notifications together;
 * api reads campaigns and notifications.
 */
class ArchitectureTests {

    @Test
    void followsThePlatformArchitecture() {
        ServiceArchitecture.of("vn.govcomm.notification")
                .feature("kafka")
                .feature("directory", "kafka")
                .feature("compliance", "kafka")
                .feature("mail")
                .feature("notifications", "directory", "mail")
                .feature("campaigns", "kafka", "notifications")
                .feature("rounds", "campaigns", "compliance", "notifications")
                .feature("api", "campaigns", "notifications")
                .verify();
    }
}

package vn.govcomm.zalo;

import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.ServiceArchitecture;

/**
 * The platform's architecture rules (services/architecture-rules: no cycles between feature packages, controllers
 * call their feature, only the kit produces to Kafka, wire names from the contracts).
 */
class ArchitectureTests {

    @Test
    void followsThePlatformArchitecture() {
        String planField = "the delivery document's field that holds the article plan: a stored name, not the channel";
        ServiceArchitecture.of("vn.govcomm.zalo")
                .exceptLiteral("articles.PlanStore", "zalo", planField)
                .exceptLiteral("articles.ArticleWorkflow", "zalo", planField)
                .verify();
    }
}

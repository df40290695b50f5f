package vn.govcomm.campaign.plans;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * @param demoSeed the seed plan (Decision 244/QĐ-UBND, 2025) the demo import loads
 * @param demoData whether it is loaded at start (the launcher's {@code GOVCOMM_DEMO_DATA}); idempotent
 */
@ConfigurationProperties("govcomm.plans")
record PlanProperties(Resource demoSeed, boolean demoData) {
}

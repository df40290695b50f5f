package vn.govcomm.campaign.templates;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * @param demoSeed the demo template (the yearly citizen-satisfaction survey of seed 001), loaded at start with the other
 *                 demo data ({@code govcomm.plans.demo-data})
 */
@ConfigurationProperties("govcomm.templates")
record TemplateProperties(Resource demoSeed) {
}

package vn.govcomm.publishing;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.govcomm.identity.testing.TestCallers;

import static vn.govcomm.publishing.TestStack.KAFKA;
import static vn.govcomm.publishing.TestStack.MONGO;

/**
 * The one application context the integration test classes share (on a real port, trusting the test callers'
 * key): one context means one member in each consumer group, so no class's events go to another's context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=notice-publishing-service", "govcomm.publishing.scheduler-interval=100ms",
        "govcomm.publishing.resend-poll-interval=500ms", "govcomm.publishing.first-batch=1",
        "govcomm.publishing.lease=3s",
        // deliveries of these tests stay DISPATCHED (no adapters): no re-requests here (ReconciliationIntegrationTests)
        "govcomm.publishing.reconcile.enabled=false",
        // ubnd-tp-ha-noi: a province-wide agency of another province (TestStack.PROVINCE_WIDE_ELSEWHERE)
        "govcomm.identity.province-wide-agencies=so-noi-vu,ubnd-tinh,van-phong-ubnd-tinh," + TestStack.PROVINCE_WIDE_ELSEWHERE})
@AutoConfigureMockMvc
abstract class PublishingTestContext {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("publishing_it"));
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
    }
}

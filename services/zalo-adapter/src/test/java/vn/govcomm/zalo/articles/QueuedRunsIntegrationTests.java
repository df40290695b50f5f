package vn.govcomm.zalo.articles;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.zalo.ZaloAdapterTestBase;
import vn.govcomm.zalo.ZaloTestSupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A campaign queues far more runs than there are workers. A run held over a quick verify poll resumes ahead of the
 * first runs still waiting for a worker, so the first articles go live while later deliveries are still being
 * created. With one queue in arrival order every resumed poll waited behind all the creates, and every article of a
 * 10,000-OA campaign went live at the very end (docs/benchmarks.md, session 24).
 */
@TestPropertySource(properties = "govcomm.zalo.workflow.threads=1")
class QueuedRunsIntegrationTests extends ZaloAdapterTestBase {

    private static final String REQUESTED = "vn.govcomm.delivery.requested.v1";
    private static final int DELIVERIES = 60;

    @Test
    void aHeldVerifyPollResumesAheadOfTheCreatesStillWaiting() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            String id = "dlv-queue-" + run + "-" + i;
            ids.add(id);
            // One OA each: the per-OA rate limits play no part, only the one worker does.
            ZaloTestSupport.send(KAFKA.bootstrapServers(), REQUESTED, id,
                    ZaloTestSupport.request(id, "oa-queue-" + run + "-" + i, 1, "Thông báo xếp hàng " + i));
        }

        String first = ids.getFirst();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> deliveries.find(first).map(s -> s.status() == DeliveryStatus.PUBLISHED).orElse(false));
        long notCreatedYet = ids.stream().filter(id -> deliveries.find(id)
                .map(s -> s.status() == DeliveryStatus.DISPATCHED).orElse(true)).count();
        assertThat(notCreatedYet).as("deliveries not yet created when the first article went live")
                .isGreaterThanOrEqualTo(DELIVERIES / 4);

        await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream().allMatch(id -> deliveries.find(id)
                .map(s -> s.status() == DeliveryStatus.PUBLISHED).orElse(false)));
    }
}

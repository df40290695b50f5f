package vn.govcomm.zalo.articles;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow's workers take a run resuming after a quick poll before the runs still waiting for their first worker,
 * and each kind in the order it came. A campaign queues thousands of creates at once; in one queue in arrival order
 * every resumed verify poll waited behind all of them, and no article went live before every create was made
 * (docs/benchmarks.md, session 24).
 */
class WorkerQueueUnitTests {

    @Test
    void aResumedRunGoesAheadOfTheFirstRunsWaitingAndEachKindKeepsItsOrder() throws InterruptedException {
        ExecutorService pool = ArticleWorkflow.workers(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            pool.execute(new ArticleWorkflow.Step(false, 0, () -> {
                busy.countDown();
                await(release);
            }));
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue(); // the one worker is taken: the rest must wait
            long sequence = 1;
            for (int i = 1; i <= 5; i++) {
                String name = "create-" + i;
                pool.execute(new ArticleWorkflow.Step(false, sequence++, () -> order.add(name)));
            }
            pool.execute(new ArticleWorkflow.Step(true, sequence++, () -> order.add("verify-a")));
            pool.execute(new ArticleWorkflow.Step(false, sequence++, () -> order.add("create-6")));
            pool.execute(new ArticleWorkflow.Step(true, sequence, () -> order.add("verify-b")));
            release.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(order).containsExactly("verify-a", "verify-b", "create-1", "create-2", "create-3", "create-4",
                "create-5", "create-6");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

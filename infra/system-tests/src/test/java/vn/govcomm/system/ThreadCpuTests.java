package vn.govcomm.system;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness's CPU-by-thread table: a busy thread's time lands on its group, an ended thread's on the rest. */
@EnabledOnOs(OS.LINUX)
class ThreadCpuTests {

    @Test
    void aPoolsThreadsShareAGroup() {
        assertThat(ThreadCpu.group("C1 CompilerThre")).isEqualTo("C1 CompilerThre");
        assertThat(ThreadCpu.group("GC Thread#12")).isEqualTo("GC Thread#N");
        assertThat(ThreadCpu.group("kafka-worker-3")).isEqualTo(ThreadCpu.group("kafka-worker-17"));
    }

    @Test
    void theTimeOfABusyThreadLandsOnItsGroupAndAnEndedThreadsOnTheRest() throws Exception {
        ThreadCpu before = ThreadCpu.of(ProcessHandle.current().pid());
        assertThat(before).isNotNull();
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread alive = Thread.ofPlatform().name("busy-alive-1").start(() -> {
            spin(400);
            spun.countDown();
            await(release);
        });
        Thread ended = Thread.ofPlatform().name("busy-ended-2").start(() -> spin(400));
        ended.join();
        // join() returns when the Java thread has ended; the kernel may list its task a moment longer
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> !taskListed("busy-ended-2"));
        assertThat(spun.await(30, TimeUnit.SECONDS)).isTrue();
        ThreadCpu after = ThreadCpu.of(ProcessHandle.current().pid());
        release.countDown();
        alive.join();

        Map<String, Long> byGroup = after.since(before);
        // 400 ms of CPU each is 40 ticks; a little less is allowed for the kernel's rounding
        assertThat(byGroup.get("busy-alive-N")).isNotNull().isGreaterThanOrEqualTo(30L);
        assertThat(byGroup).doesNotContainKey("busy-ended-N");
        assertThat(byGroup.get(ThreadCpu.ENDED)).isNotNull().isGreaterThanOrEqualTo(30L);
        assertThat(byGroup.keySet().iterator().next()).as("largest first").isIn("busy-alive-N", ThreadCpu.ENDED);
    }

    /** Whether a task of this process is named {@code name} (its {@code /proc/self/task/<tid>/comm}). */
    private static boolean taskListed(String name) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.anyMatch(task -> {
                try {
                    return Files.readString(task.resolve("comm")).strip().equals(name);
                } catch (IOException gone) {
                    return false;
                }
            });
        }
    }

    /** Burns {@code millis} of the calling thread's own CPU time. */
    private static void spin(long millis) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long until = bean.getCurrentThreadCpuTime() + millis * 1_000_000;
        while (bean.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package vn.govcomm.facebook.pages;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import vn.govcomm.facebook.FacebookProperties;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Serves Pages concurrently and each Page in order: one lane (a FIFO queue) per Page, drained by a pool of
 * {@code govcomm.facebook.lanes.concurrency} workers shared by all Pages. A lane is worked on by one worker at a time
 * and gives its worker back after every task, so a slow Page (10 s timeouts) holds one worker at most and the other
 * Pages go on; the Page's own budget is its guard ({@code PageGuards}), the app's budget the worker count and the
 * app rate limiter. At most {@code maxQueued} tasks wait in memory: beyond that the Kafka listener waits (back
 * pressure) and the retry sweeper is told to come back later.
 * <p>
 * Nothing queued here is only in memory: every task's delivery (or cleanup) carries a durable lease in the store,
 * renewed while it waits ({@link Task#kind()}), so if this instance dies the kit's retry sweeper (or the cleanup
 * sweeper) takes the work up again when the lease runs out. Tasks are deduplicated by key: a delivery is never queued
 * twice in one instance.
 */
@Component
class PageLanes implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PageLanes.class);

    enum Kind { DELIVERY, CLEANUP }

    record Task(Kind kind, String pageId, String deliveryId, Runnable work) {
        String key() {
            return kind + ":" + deliveryId;
        }
    }

    private static final class Lane {
        private final ArrayDeque<Task> queue = new ArrayDeque<>();
        private boolean scheduled;
    }

    private final int concurrency;
    private final int maxQueued;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<String, Task> pending = new ConcurrentHashMap<>();
    private final Semaphore capacity;
    private volatile ExecutorService workers;
    private volatile boolean running;

    PageLanes(FacebookProperties properties) {
        this.concurrency = properties.lanes().concurrency();
        this.maxQueued = properties.lanes().maxQueued();
        this.capacity = new Semaphore(maxQueued);
        start();
    }

    /**
     * Queues a task behind the Page's earlier ones. Returns false only when the lanes are full and {@code wait} is
     * false, or the adapter is stopping; true when queued or when the same task is already pending.
     */
    boolean submit(Task task, boolean wait) {
        if (!running) {
            return false;
        }
        if (pending.putIfAbsent(task.key(), task) != null) {
            return true;
        }
        try {
            boolean room = capacity.tryAcquire();
            while (!room && wait && running) {
                room = capacity.tryAcquire(1, TimeUnit.SECONDS);
            }
            if (!room) {
                pending.remove(task.key());
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(task.key());
            return false;
        }
        Lane lane = lanes.computeIfAbsent(task.pageId(), id -> new Lane());
        boolean schedule;
        synchronized (lane) {
            lane.queue.add(task);
            schedule = !lane.scheduled;
            lane.scheduled = true;
        }
        if (schedule) {
            dispatch(task.pageId(), lane);
        }
        return true;
    }

    /** Keys of the tasks queued or running here, per kind (their leases are renewed). */
    List<String> pendingDeliveries(Kind kind) {
        return pending.values().stream().filter(t -> t.kind() == kind).map(Task::deliveryId).toList();
    }

    int queued() {
        return pending.size();
    }

    private void dispatch(String pageId, Lane lane) {
        try {
            workers.execute(() -> drainOne(pageId, lane));
        } catch (RejectedExecutionException stopping) {
            // Stopping: what is queued stays leased in the store and is taken up by the next instance.
        }
    }

    /** Runs the lane's next task, then gives the worker back (fairness between Pages) and re-queues the lane. */
    private void drainOne(String pageId, Lane lane) {
        Task task;
        synchronized (lane) {
            task = lane.queue.poll();
            if (task == null) {
                lane.scheduled = false;
                return;
            }
        }
        try {
            if (running) {
                task.work().run();
            }
        } catch (RuntimeException e) {
            log.warn("Task {} of Page {} failed: {}", task.key(), pageId, e.toString());
        } finally {
            pending.remove(task.key());
            capacity.release();
        }
        boolean more;
        synchronized (lane) {
            more = !lane.queue.isEmpty();
            if (!more) {
                lane.scheduled = false;
            }
        }
        if (more) {
            dispatch(pageId, lane);
        }
    }

    @Override
    public synchronized void start() {
        if (!running) {
            workers = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().name("facebook-lane-", 0)
                    .daemon().factory());
            running = true;
        }
    }

    /**
     * Abandons what is queued (its leases run out and the work is taken up again, by this service's next instance or
     * another one) and interrupts nothing: calls in flight are abandoned by {@code InFlightCalls}.
     */
    @Override
    public synchronized void stop() {
        running = false;
        if (workers != null) {
            workers.shutdownNow();
        }
        lanes.clear();
        pending.clear();
        capacity.drainPermits();
        capacity.release(maxQueued);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops with the Graph calls (before the Kafka containers), so no listener waits on a full lane. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }

    Set<String> pageIds() {
        return lanes.keySet();
    }
}

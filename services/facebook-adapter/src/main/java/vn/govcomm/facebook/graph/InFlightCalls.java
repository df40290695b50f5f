package vn.govcomm.facebook.graph;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs Graph calls on their own threads so that shutdown does not wait for a slow Facebook: when the context stops
 * (first of all, highest phase), waiting callers get {@link AdapterStopping} and leave no trace but the attempt
 * record and the delivery's lease; the next instance looks the post up. Shutting down mid-call behaves like a crash,
 * which is exactly the case the look-up protects against.
 */
@Component
public class InFlightCalls implements SmartLifecycle {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    public <T> T run(Supplier<T> call) {
        if (!running) {
            throw new AdapterStopping();
        }
        CompletableFuture<T> future = CompletableFuture.supplyAsync(call, executor);
        inFlight.add(future);
        try {
            if (!running) {
                future.completeExceptionally(new AdapterStopping());
            }
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdapterStopping();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            inFlight.remove(future);
        }
    }

    public boolean stopping() {
        return !running;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        inFlight.forEach(f -> f.completeExceptionally(new AdapterStopping()));
        executor.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the Kafka listener containers so that they are not blocked by a call in flight. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}

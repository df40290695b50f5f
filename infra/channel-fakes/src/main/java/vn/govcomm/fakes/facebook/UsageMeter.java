package vn.govcomm.fakes.facebook;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts calls per key (a Page id, or the app) in the current usage window of the fake's clock, and remembers keys
 * that went over budget and are blocked until a regain time (Facebook's {@code estimated_time_to_regain_access}).
 */
final class UsageMeter {

    /**
     * @param calls        calls in the current window, this one included
     * @param percent      calls as a percentage of the budget, capped at 100 (100 while blocked)
     * @param timeToRegain time until calls are accepted again (zero unless over budget or blocked)
     * @param overBudget   this call is refused
     */
    record Usage(int calls, int percent, Duration timeToRegain, boolean overBudget) {

        int cpuPercent() {
            return overBudget ? 100 : percent / 2;
        }

        int timePercent() {
            return overBudget ? 100 : percent * 3 / 4;
        }

        /** The headers' estimated_time_to_regain_access (its unit is UNCONFIRMED upstream): rounded up. */
        long timeToRegain(ChronoUnit unit) {
            if (!overBudget) {
                return 0;
            }
            long seconds = Math.max(1, (timeToRegain.toMillis() + 999) / 1000);
            return unit == ChronoUnit.SECONDS ? seconds : Math.max(1, (seconds + 59) / 60);
        }
    }

    private record Window(long index, int calls) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, Instant> blockedUntil = new ConcurrentHashMap<>();

    /**
     * Counts one call. A key already blocked is refused without counting; a call that goes over the budget blocks the
     * key until the window rolls over, or for {@code penalty} if that is longer.
     */
    Usage hit(String key, int budget, Instant now, Duration window, Duration penalty) {
        Instant blocked = blockedUntil.get(key);
        if (blocked != null && now.isBefore(blocked)) {
            return new Usage(budget, 100, Duration.between(now, blocked), true);
        }
        long length = window.toMillis();
        long index = now.toEpochMilli() / length;
        Window current = windows.compute(key, (k, w) ->
                w == null || w.index() != index ? new Window(index, 1) : new Window(index, w.calls() + 1));
        int percent = (int) Math.min(100, (long) current.calls() * 100 / Math.max(1, budget));
        if (current.calls() <= budget) {
            return new Usage(current.calls(), percent, Duration.ZERO, false);
        }
        Instant until = Instant.ofEpochMilli((index + 1) * length);
        if (penalty != null && now.plus(penalty).isAfter(until)) {
            until = now.plus(penalty);
        }
        blockedUntil.put(key, until);
        return new Usage(current.calls(), 100, Duration.between(now, until), true);
    }

    /** Blocks a key until {@code until} whatever its usage (a scripted throttle). */
    void block(String key, Instant until) {
        blockedUntil.put(key, until);
    }

    void reset() {
        windows.clear();
        blockedUntil.clear();
    }
}

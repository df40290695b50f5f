package vn.govcomm.fakes.facebook;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts calls per key (a Page id, or the app) in the current one-minute window of the fake's clock. */
final class UsageMeter {

    /**
     * @param calls           calls in the current window, this one included
     * @param percent         calls as a percentage of the budget, capped at 100
     * @param secondsToRegain seconds until the window rolls over
     */
    record Usage(int calls, int percent, long secondsToRegain, boolean overBudget) {

        int cpuPercent() {
            return percent / 2;
        }

        int timePercent() {
            return percent * 3 / 4;
        }

        /** The BUC header's estimated_time_to_regain_access (its unit is UNCONFIRMED upstream). */
        long timeToRegain(ChronoUnit unit) {
            if (!overBudget) {
                return 0;
            }
            return unit == ChronoUnit.SECONDS ? secondsToRegain : Math.max(1, (secondsToRegain + 59) / 60);
        }
    }

    private record Window(long minute, int calls) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    Usage hit(String key, int budget, Instant now) {
        long minute = now.getEpochSecond() / 60;
        Window window = windows.compute(key, (k, w) ->
                w == null || w.minute() != minute ? new Window(minute, 1) : new Window(minute, w.calls() + 1));
        int percent = (int) Math.min(100, (long) window.calls() * 100 / Math.max(1, budget));
        long secondsLeft = (minute + 1) * 60 - now.getEpochSecond();
        return new Usage(window.calls(), percent, secondsLeft, window.calls() > budget);
    }

    void reset() {
        windows.clear();
    }
}

package vn.govcomm.fakes.zalo;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-app (one app = one OA here) limits: scripted bursts of -32 ({@link FakeZalo#throttle}), an API call budget per
 * window ({@link ZaloSettings#callLimit}) and the broadcast quota per period ({@link ZaloSettings#broadcastQuota}).
 * Zalo's real limits and how it tells when they lift are UNCONFIRMED: the fake reports the time in its quota answer
 * ({@code reset_time}), its own choice, so that an adapter can be tested on waiting for what the channel says.
 */
final class OaLimits {

    private final ZaloSettings settings;
    private final Map<String, Instant> throttledUntil = new HashMap<>();
    private final Map<String, long[]> calls = new HashMap<>();      // appId → {window index, calls in it}
    private final Map<String, long[]> broadcasts = new HashMap<>(); // appId → {period index, broadcasts in it}

    OaLimits(ZaloSettings settings) {
        this.settings = settings;
    }

    synchronized void throttle(String appId, Instant until) {
        throttledUntil.put(appId, until);
    }

    /** Counts one API call; the time the OA's limit lifts if this call is refused (-32), else empty. */
    synchronized Optional<Instant> admitCall(String appId, Instant now) {
        Instant until = throttledUntil.get(appId);
        if (until != null && now.isBefore(until)) {
            return Optional.of(until);
        }
        int limit = settings.callLimit();
        if (limit <= 0) {
            return Optional.empty();
        }
        long window = settings.callWindow().toMillis();
        long index = now.toEpochMilli() / window;
        long[] used = calls.computeIfAbsent(appId, k -> new long[]{index, 0});
        if (used[0] != index) {
            used[0] = index;
            used[1] = 0;
        }
        if (used[1] >= limit) {
            return Optional.of(Instant.ofEpochMilli((index + 1) * window));
        }
        used[1]++;
        return Optional.empty();
    }

    /** Takes one broadcast from the quota; false when it is used up for this period. */
    synchronized boolean takeBroadcast(String appId, Instant now) {
        long[] used = broadcastsOf(appId, now);
        if (used[1] >= settings.broadcastQuota()) {
            return false;
        }
        used[1]++;
        return true;
    }

    /** Uses up this period's broadcast quota (as if the OA had broadcast elsewhere). */
    synchronized void exhaustBroadcasts(String appId, Instant now) {
        broadcastsOf(appId, now)[1] = settings.broadcastQuota();
    }

    synchronized int broadcastsLeft(String appId, Instant now) {
        return (int) Math.max(0, settings.broadcastQuota() - broadcastsOf(appId, now)[1]);
    }

    /**
     * When the OA may call again: the end of a burst or of a used-up call window if one is on, else the end of the
     * broadcast quota period.
     */
    synchronized Instant resetTime(String appId, Instant now) {
        Instant until = throttledUntil.get(appId);
        if (until != null && now.isBefore(until)) {
            return until;
        }
        long[] used = calls.get(appId);
        long window = settings.callWindow().toMillis();
        if (settings.callLimit() > 0 && used != null && used[0] == now.toEpochMilli() / window
                && used[1] >= settings.callLimit()) {
            return Instant.ofEpochMilli((used[0] + 1) * window);
        }
        return periodEnd(now);
    }

    private long[] broadcastsOf(String appId, Instant now) {
        long index = periodIndex(now);
        long[] used = broadcasts.computeIfAbsent(appId, k -> new long[]{index, 0});
        if (used[0] != index) {
            used[0] = index;
            used[1] = 0;
        }
        return used;
    }

    private long periodIndex(Instant now) {
        return (now.toEpochMilli() + settings.quotaOffset().toMillis()) / settings.broadcastQuotaPeriod().toMillis();
    }

    private Instant periodEnd(Instant now) {
        Duration period = settings.broadcastQuotaPeriod();
        return Instant.ofEpochMilli((periodIndex(now) + 1) * period.toMillis() - settings.quotaOffset().toMillis());
    }
}

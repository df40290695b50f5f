package vn.govcomm.fakes.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Scripted failures of one fake. Rules are consulted in the order they were added; the first that fires decides the
 * request's fault. A rule can be limited to a method and a path regex (matched against the whole path, no query).
 * Fractional rules draw from their own seeded {@link Random}, so a test run is reproducible.
 */
public final class FaultScript {

    private static final class Rule {
        private final String method;
        private final Pattern path;
        private final Fault fault;
        private int remaining; // -1 = unlimited
        private final double fraction;
        private final Random random;

        private Rule(String method, String pathRegex, Fault fault, int remaining, double fraction, Random random) {
            this.method = method == null || method.equals("*") ? null : method.toUpperCase();
            this.path = pathRegex == null ? null : Pattern.compile(pathRegex);
            this.fault = fault;
            this.remaining = remaining;
            this.fraction = fraction;
            this.random = random;
        }

        private boolean matches(String requestMethod, String requestPath) {
            return (method == null || method.equals(requestMethod))
                    && (path == null || path.matcher(requestPath).matches());
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    /** The next {@code times} requests fail with {@code fault}. */
    public FaultScript failNext(int times, Fault fault) {
        return failNext(times, null, null, fault);
    }

    /** The next {@code times} requests matching method ({@code null} or "*" = any) and path regex fail. */
    public synchronized FaultScript failNext(int times, String method, String pathRegex, Fault fault) {
        if (times <= 0) {
            throw new IllegalArgumentException("times must be positive");
        }
        rules.add(new Rule(method, pathRegex, fault, times, 1.0, null));
        return this;
    }

    /** Each request fails with probability {@code fraction}, drawn from {@code new Random(seed)}. */
    public FaultScript failFraction(double fraction, long seed, Fault fault) {
        return failFraction(fraction, seed, null, null, fault);
    }

    public synchronized FaultScript failFraction(double fraction, long seed, String method, String pathRegex,
                                                 Fault fault) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be within [0, 1]");
        }
        rules.add(new Rule(method, pathRegex, fault, -1, fraction, new Random(seed)));
        return this;
    }

    /** Every matching request gets {@code fault} until {@link #clear()}. */
    public synchronized FaultScript always(String method, String pathRegex, Fault fault) {
        rules.add(new Rule(method, pathRegex, fault, -1, 1.0, null));
        return this;
    }

    public FaultScript delayNext(int times, Duration delay) {
        return failNext(times, Fault.delay(delay));
    }

    /** Every answer is late by {@code delay} (the request is still handled). */
    public FaultScript delayAll(Duration delay) {
        return always(null, null, Fault.delay(delay));
    }

    public FaultScript dropNext(int times) {
        return failNext(times, Fault.drop());
    }

    public FaultScript dropNextAfterProcessing(int times) {
        return failNext(times, Fault.dropAfterProcessing());
    }

    public synchronized void clear() {
        rules.clear();
    }

    /** Number of rules still active (count rules disappear once used up). */
    public synchronized int activeRules() {
        return rules.size();
    }

    /** Decides the fault of one request; consumes a count rule's budget when it fires. */
    public synchronized Optional<Fault> next(String method, String path) {
        Iterator<Rule> it = rules.iterator();
        while (it.hasNext()) {
            Rule rule = it.next();
            if (!rule.matches(method, path)) {
                continue;
            }
            if (rule.random != null && rule.random.nextDouble() >= rule.fraction) {
                continue;
            }
            if (rule.remaining > 0 && --rule.remaining == 0) {
                it.remove();
            }
            return Optional.of(rule.fault);
        }
        return Optional.empty();
    }
}

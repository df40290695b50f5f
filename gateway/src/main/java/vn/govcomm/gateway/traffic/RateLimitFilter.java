package vn.govcomm.gateway.traffic;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.govcomm.gateway.edge.EdgeRequest;
import vn.govcomm.gateway.problem.Problems;
import vn.govcomm.gateway.security.Identity;
import vn.govcomm.gateway.security.IdentityFilter;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token bucket per user id (or per client IP for anonymous calls: the socket peer, or what a trusted proxy
 * forwarded; see {@link EdgeRequest}), on the decoded path. In memory, per gateway instance: with N
 * replicas a client gets up to N × the limit, which is acceptable for abuse protection (not for billing).
 */
class RateLimitFilter extends OncePerRequestFilter {

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final TrafficProperties.RateLimit limit;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimitFilter(TrafficProperties.RateLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = EdgeRequest.of(request).path();
        return !limit.enabled() || limit.paths().stream().noneMatch(p -> PATHS.match(p, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getAttribute(IdentityFilter.IDENTITY) instanceof Identity id
                ? "user:" + id.userId() : "ip:" + EdgeRequest.of(request).clientAddress();
        if (buckets.size() > limit.maxTrackedClients()) {
            buckets.clear(); // crude bound on memory under an address-spraying flood; limits restart from full
        }
        long waitNanos = buckets.computeIfAbsent(key, k -> new Bucket(limit.capacity(), nanoTime.getAsLong()))
                .take(limit.capacity(), limit.period().toNanos(), nanoTime.getAsLong());
        if (waitNanos > 0) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, waitNanos / 1_000_000_000L)));
            Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                    "Quá nhiều yêu cầu, vui lòng thử lại sau. / Too many requests, please retry later.");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Tokens refill continuously at capacity/period. Returns 0 if a token was taken, else nanos until one is due. */
    static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.last = now;
        }

        synchronized long take(int capacity, long periodNanos, long now) {
            double perNano = (double) capacity / periodNanos;
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }
    }
}

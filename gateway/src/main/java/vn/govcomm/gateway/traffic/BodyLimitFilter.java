package vn.govcomm.gateway.traffic;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.govcomm.gateway.edge.EdgeRequest;
import vn.govcomm.gateway.problem.Problems;
import vn.govcomm.identity.LimitedBodyRequest;

import java.io.IOException;

/**
 * Request body limits by path ({@code govcomm.gateway.body-limits}): a Content-Length over the limit → 413 at once;
 * otherwise the body is counted while it streams ({@link LimitedBodyRequest}), so a chunked body without
 * Content-Length is cut off at the limit too: the proxy's copy to the service breaks off (the service never gets a
 * complete request) and the client gets 413 {@code body-too-large}.
 */
class BodyLimitFilter extends OncePerRequestFilter {

    /** Request attribute set (to the limit) when a body went past it; the route's fallback answers 413 then. */
    static final String EXCEEDED = LimitedBodyRequest.EXCEEDED;
    private static final Logger log = LoggerFactory.getLogger(BodyLimitFilter.class);

    private final TrafficProperties.BodyLimits limits;

    BodyLimitFilter(TrafficProperties.BodyLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = EdgeRequest.of(request).path();
        long limit = limits.maxBytes(path);
        if (request.getContentLengthLong() > limit) {
            refuse(response, limit);
            return;
        }
        LimitedBodyRequest limited = new LimitedBodyRequest(request, limit);
        try {
            chain.doFilter(limited, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!limited.exceeded()) {
                throw e;
            }
            log.debug("Body over {} bytes cut off on {} {}: {}", limit, request.getMethod(), path, e.toString());
        }
        if (limited.exceeded() && !response.isCommitted()) {
            response.reset();
            refuse(response, limit);
        }
    }

    static void refuse(HttpServletResponse response, long limit) throws IOException {
        Problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
                "Nội dung yêu cầu quá lớn. / The request body is larger than " + limit + " bytes.");
    }
}

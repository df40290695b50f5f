package vn.govcomm.gateway.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.govcomm.gateway.problem.Problems;
import vn.govcomm.identity.RequestPaths;

import java.io.IOException;

/**
 * The first filter of all. A raw path that could be read two ways ({@link RequestPaths#ambiguity}: {@code ;}
 * parameters, encoded {@code / \ . % ;}, backslash, {@code //}, dot segments...) → 400 {@code ambiguous-path},
 * before any other decision. Otherwise the decoded path and the client (trusted proxies) are worked out once
 * ({@link EdgeRequest}) for every later filter.
 */
public class PathFirewall extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PathFirewall.class);

    private final TrustedProxies proxies;

    public PathFirewall(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        String ambiguity = RequestPaths.ambiguity(raw);
        if (ambiguity != null) {
            log.debug("Ambiguous path refused ({}): {} {}", ambiguity, request.getMethod(), raw);
            Problems.write(response, HttpStatus.BAD_REQUEST, "ambiguous-path",
                    "Đường dẫn không hợp lệ. / Ambiguous request path (" + ambiguity + ").");
            return;
        }
        request.setAttribute(EdgeRequest.ATTRIBUTE, EdgeRequest.resolve(request, RequestPaths.decoded(raw), proxies));
        chain.doFilter(request, response);
    }
}

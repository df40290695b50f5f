package vn.govcomm.gateway.traffic;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.gateway.problem.Problems;

/**
 * Where a route's circuit breaker forwards when its service is down, slow or the breaker is open. A call that
 * failed because the client's body went past its limit while streaming is the client's fault: 413, not 503.
 */
@RestController
class FallbackController {

    @RequestMapping("/fallback/{route:[a-z-]{1,40}}")
    ResponseEntity<ProblemDetail> fallback(@PathVariable String route, HttpServletRequest request) {
        if (request.getAttribute(BodyLimitFilter.EXCEEDED) instanceof Long limit) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
                            "Nội dung yêu cầu quá lớn. / The request body is larger than " + limit + " bytes."));
        }
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                "Dịch vụ tạm thời không sẵn sàng, vui lòng thử lại sau. / The " + route
                        + " service is temporarily unavailable, please retry later.");
        problem.setProperty("route", route);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "10")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}

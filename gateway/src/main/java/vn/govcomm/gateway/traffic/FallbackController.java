package vn.govcomm.gateway.traffic;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.gateway.problem.Problems;

/** Where a route's circuit breaker forwards when its service is down, slow or the breaker is open. */
@RestController
class FallbackController {

    @RequestMapping("/fallback/{route:[a-z-]{1,40}}")
    ResponseEntity<ProblemDetail> fallback(@PathVariable String route) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                "Dịch vụ tạm thời không sẵn sàng, vui lòng thử lại sau. / The " + route
                        + " service is temporarily unavailable, please retry later.");
        problem.setProperty("route", route);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "10")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}

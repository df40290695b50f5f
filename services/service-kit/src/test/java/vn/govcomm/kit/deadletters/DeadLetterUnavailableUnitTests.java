package vn.govcomm.kit.deadletters;

import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ProblemDetailsAdvice;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * When Kafka cannot be read (down, or an ACL refuses): 503 problem details saying so, nothing changed. And how the
 * API renders a replay that did not end as replayed.
 */
class DeadLetterUnavailableUnitTests {

    @Test
    void aBrokerThatDoesNotAnswerIsReportedAsUnavailable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (DeadLetterLog log = new DeadLetterLog(Map.of("bootstrap.servers", "127.0.0.1:" + closed), "test",
                Duration.ofMillis(500))) {
            assertThatThrownBy(() -> log.ranges("campaign.events.DLT")).isInstanceOf(DeadLetterLog.Unavailable.class);
        }
    }

    @Test
    void theApiAnswers503ProblemDetailsNamingTheCause() throws Exception {
        DeadLetterLog.Unavailable refused = new DeadLetterLog.Unavailable(
                "org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [campaign.events.DLT]", null);
        DeadLetterManagement management = new DeadLetterManagement(null, null, null, null, null, null) {
            @Override
            Map<String, Object> topics() {
                throw refused;
            }

            @Override
            Map<String, Object> replay(String dlt, RecordId id, Caller who) {
                throw refused;
            }
        };
        MockMvc mvc = mvc(management);

        for (var request : new org.springframework.test.web.servlet.RequestBuilder[]{
                get("/api/dead-letters/topics"),
                post("/api/dead-letters/topics/campaign.events.DLT/records/0-1/replay")}) {
            mvc.perform(request)
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(header().string("Retry-After", "30"))
                    .andExpect(jsonPath("$.code").value("dead-letters-unavailable"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("TopicAuthorizationException")));
        }
    }

    @Test
    void aReplayThatFailedAgainIs422NamingTheExceptionAndAnOutage503WithRetryAfter() throws Exception {
        DeadLetterReplays.Failure poison = DeadLetterReplays.Failure.of(new vn.govcomm.kit.events.PoisonEventException(
                "unknown type vn.govcomm.x.v9"));
        DeadLetterReplays.Failure outage = DeadLetterReplays.Failure.of(
                new org.springframework.dao.DataAccessResourceFailureException("store down"));
        DeadLetterManagement management = new DeadLetterManagement(null, null, null, null, null, null) {
            @Override
            Map<String, Object> replay(String dlt, RecordId id, Caller who) {
                throw ReplayProblem.failed(id, id.offset() == 1 ? poison : outage);
            }
        };
        MockMvc mvc = mvc(management);

        mvc.perform(post("/api/dead-letters/topics/campaign.events.DLT/records/0-1/replay"))
                .andExpect(status().is(422))
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(header().doesNotExist("Retry-After"))
                .andExpect(jsonPath("$.code").value("replay-failed"))
                .andExpect(jsonPath("$.id").value("0-1"))
                .andExpect(jsonPath("$.exceptionClass").value("vn.govcomm.kit.events.PoisonEventException"))
                .andExpect(jsonPath("$.exceptionMessage").value("unknown type vn.govcomm.x.v9"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "PoisonEventException: unknown type vn.govcomm.x.v9")));
        mvc.perform(post("/api/dead-letters/topics/campaign.events.DLT/records/0-2/replay"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(jsonPath("$.code").value("replay-unavailable"));
    }

    private static MockMvc mvc(DeadLetterManagement management) {
        Caller admin = new Caller("admin.sokhcn", Set.of("admin"), "so-khoa-hoc-cong-nghe", false);
        return MockMvcBuilders.standaloneSetup(new DeadLetterController(management, 500))
                .setControllerAdvice(new ProblemDetailsAdvice())
                .setCustomArgumentResolvers(new HandlerMethodArgumentResolver() {
                    @Override
                    public boolean supportsParameter(MethodParameter parameter) {
                        return parameter.getParameterType() == Caller.class;
                    }

                    @Override
                    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                                  NativeWebRequest request, WebDataBinderFactory binders) {
                        return admin;
                    }
                }).build();
    }
}

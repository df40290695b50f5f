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

/** When Kafka cannot be read or written (down, or an ACL refuses): 503 problem details saying so, nothing changed. */
class DeadLetterUnavailableUnitTests {

    @Test
    void aBrokerThatDoesNotAnswerIsReportedAsUnavailable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (DeadLetterLog log = new DeadLetterLog(Map.of("bootstrap.servers", "127.0.0.1:" + closed),
                Map.of("bootstrap.servers", "127.0.0.1:" + closed), "test", Duration.ofMillis(500))) {
            assertThatThrownBy(() -> log.ranges("campaign.events.DLT")).isInstanceOf(DeadLetterLog.Unavailable.class);
        }
    }

    @Test
    void theApiAnswers503ProblemDetailsNamingTheCause() throws Exception {
        DeadLetterLog.Unavailable refused = new DeadLetterLog.Unavailable(
                "org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [campaign.events.DLT]", null);
        DeadLetterManagement management = new DeadLetterManagement(null, null, null, null, null) {
            @Override
            Map<String, Object> topics() {
                throw refused;
            }

            @Override
            Map<String, Object> replay(String dlt, RecordId id, Caller who) {
                throw refused;
            }
        };
        Caller admin = new Caller("admin.sokhcn", Set.of("admin"), "so-khoa-hoc-cong-nghe", false);
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new DeadLetterController(management, 500))
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
}

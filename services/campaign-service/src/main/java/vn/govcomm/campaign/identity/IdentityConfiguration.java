package vn.govcomm.campaign.identity;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Arrays;
import java.util.List;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class IdentityConfiguration implements WebMvcConfigurer {

    static {
        // Caller is resolved from headers, not a request parameter: document the headers instead.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    private final IdentityProperties properties;

    IdentityConfiguration(IdentityProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver(properties));
    }

    @Bean
    OperationCustomizer identityHeaders() {
        return (operation, handler) -> {
            if (Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.getParameterType() == Caller.class)) {
                operation.addParametersItem(new HeaderParameter().name(CallerArgumentResolver.USER).required(true)
                        .description("User id, set by the gateway").schema(new StringSchema()));
                operation.addParametersItem(new HeaderParameter().name(CallerArgumentResolver.ROLES)
                        .description("Comma-separated: officer, approver, admin, viewer").schema(new StringSchema()));
                operation.addParametersItem(new HeaderParameter().name(CallerArgumentResolver.AGENCY)
                        .description("The user's agency id").schema(new StringSchema()));
            }
            return operation;
        };
    }
}

package vn.govcomm.campaign.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.govcomm.identity.Caller;

import java.util.Arrays;

/**
 * The OpenAPI document states how callers authenticate: every operation that takes a {@link Caller} needs the
 * gateway's caller token ({@code Authorization: Bearer <token>}, audience {@code campaign-service}). The
 * {@code Caller} parameter itself is not a request parameter and is left out.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String CALLER_TOKEN = "callerToken";

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenApiCustomizer callerTokenScheme() {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents().addSecuritySchemes(CALLER_TOKEN, new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                    .description("The caller token the gateway signs for each request it forwards (ES256, typ "
                            + "govcomm-caller+jwt, iss govcomm-gateway, aud campaign-service, 60 s). Call through "
                            + "the gateway with your own bearer token; it replaces it by the caller token."));
        };
    }

    @Bean
    OperationCustomizer callerTokenRequired() {
        return (operation, handler) -> {
            if (Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.getParameterType() == Caller.class)) {
                operation.addSecurityItem(new SecurityRequirement().addList(CALLER_TOKEN));
            }
            return operation;
        };
    }
}

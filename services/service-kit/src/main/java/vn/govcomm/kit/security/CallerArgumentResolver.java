package vn.govcomm.kit.security;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

/** A handler's {@link Caller} parameter: the caller the filter verified; none (a public path) → 401. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        Object caller = request.getAttribute(CallerAuthenticationFilter.CALLER, RequestAttributes.SCOPE_REQUEST);
        if (caller instanceof Caller c) {
            return c;
        }
        throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                "Cần xác thực qua cổng API. / Authentication required: call through the gateway.");
    }
}

package vn.govcomm.campaign.identity;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import vn.govcomm.kit.web.ApiProblem;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds the {@link Caller} of a handler from the gateway's identity headers; no X-User-Id answers 401. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    static final String USER = "X-User-Id";
    static final String ROLES = "X-User-Roles";
    static final String AGENCY = "X-User-Agency";
    static final Set<String> KNOWN_ROLES = Set.of(Caller.OFFICER, Caller.APPROVER, Caller.ADMIN, Caller.VIEWER);

    private final IdentityProperties properties;

    CallerArgumentResolver(IdentityProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        return resolve(request.getHeader(USER), request.getHeader(ROLES), request.getHeader(AGENCY));
    }

    Caller resolve(String user, String roles, String agency) {
        if (user == null || user.isBlank()) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "Chưa xác thực người dùng. / No authenticated user (X-User-Id missing).");
        }
        // Unknown role names are ignored rather than trusted: they grant nothing.
        Set<String> roleSet = roles == null ? Set.of() : Arrays.stream(roles.split(","))
                .map(String::trim).filter(KNOWN_ROLES::contains).collect(Collectors.toUnmodifiableSet());
        String agencyId = agency == null || agency.isBlank()
                ? properties.agencyOfUsersWithoutHeader().get(user.trim()) : agency.trim();
        return new Caller(user.trim(), roleSet, agencyId,
                agencyId != null && properties.provinceWideAgencies().contains(agencyId));
    }
}
